"""Confusion matrices of every system on a held-out set, as text and as a PNG chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

BENCH = Path(__file__).resolve().parent


def print_confusions(scored: dict[str, Any], task: str, out: TextIO) -> None:
    """Per language and system, the `task` confusion matrix (rows truth, columns predicted)."""
    systems = scored["systems"]
    for lang in systems["pipeline"]:
        for name, figures in systems.items():
            confusion = figures[lang]["confusion"][task]
            labels = [label[:6] for label in confusion["labels"]]
            print(f"  [{lang}] {name}: {task} (rows truth, columns predicted)", file=out)
            print(f"    {'':>8} " + " ".join(f"{label:>6}" for label in labels), file=out)
            for label, row in zip(labels, confusion["matrix"]):
                print(f"    {label:>8} " + " ".join(f"{v:6d}" for v in row), file=out)


def confusion_png(scored: dict[str, Any], title: str, path: Path) -> Path:
    """Severity confusion matrices, one panel per system (rows) and language (columns)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write files only
    import matplotlib.pyplot as plt

    systems = scored["systems"]
    langs = list(systems["pipeline"])
    figure, axes = plt.subplots(len(systems), len(langs), squeeze=False,
                                figsize=(3.4 * len(langs), 3.0 * len(systems)))
    for row, (name, figures) in enumerate(systems.items()):
        for col, lang in enumerate(langs):
            confusion = figures[lang]["confusion"]["severity"]
            ax = axes[row][col]
            ax.imshow(confusion["matrix"], cmap="Blues")
            ax.set_xticks(range(len(confusion["labels"])), labels=confusion["labels"])
            ax.set_yticks(range(len(confusion["matrix"])),
                          labels=confusion["labels"][: len(confusion["matrix"])])
            for i, values in enumerate(confusion["matrix"]):
                for j, value in enumerate(values):
                    ax.text(j, i, str(value), ha="center", va="center", fontsize=8)
            ax.set_title(f"{name} [{lang}] F1 {figures[lang]['severity_macro_f1']:.2f}",
                         fontsize=9)
            ax.set_xlabel("predicted", fontsize=8)
            ax.set_ylabel("truth", fontsize=8)
    figure.suptitle(title, fontsize=10)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return path
