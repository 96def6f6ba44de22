"""Staff-reviewed problem descriptions as Rasa NLU training data (the learning loop).

Each reviewed case gives its triaged text with the final severity and case type, written in
the layout of `data/nlu` (intent `describe_issue`, labels as intent metadata), one file per
language. Texts already in the training data or the held-out set are left out, so an export
never duplicates an example and never leaks held-out messages into training.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.cases.review import CaseReview
from bot.cases.store import CaseStore
from bot.nlu.normalize import fold
from bot.policy.schema import LANGS

INTENT = "describe_issue"
FILE_NAME = "staff_corrections.yml"
# `[text](entity)` / `[text]{"entity": ...}` annotations, read as their plain text
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_MARKUP = re.compile(r"\[[^\]]*\][({]")  # customer text that Rasa would read as an annotation


@dataclass(frozen=True)
class Correction:
    """One reviewed description and its final labels."""

    case_number: str
    language: str
    text: str
    severity: int
    case_type: str


def text_key(text: str) -> str:
    """How two examples are compared: annotations dropped, NFKC, case-folded, single spaces."""
    plain = _ANNOTATION.sub(r"\1", text)
    return " ".join(fold(plain).split())


def default_sources(project_dir: Path) -> list[Path]:
    """What an export is deduplicated against: the training data and the held-out sets."""
    return [project_dir / "data" / "nlu", project_dir / "bench" / "heldout"]


def known_texts(folders: Iterable[Path], skip: Iterable[Path] = ()) -> set[str]:
    """Keys of every NLU example in the YAML files below `folders` (missing folders and the
    files in `skip` left out)."""
    keys: set[str] = set()
    skipped = {p.resolve() for p in skip}
    for folder in folders:
        for path in sorted(folder.rglob("*.yml")) if folder.is_dir() else []:
            if path.resolve() in skipped:
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for item in data.get("nlu") or [] if isinstance(data, dict) else []:
                examples = item.get("examples") if isinstance(item, dict) else None
                for line in str(examples or "").splitlines():
                    if line.strip().startswith("- "):
                        keys.add(text_key(line.strip()[2:]))
    return keys


def reviewed(store: CaseStore) -> list[Correction]:
    """The cases staff confirmed or overrode, with their text and final labels."""
    numbers = CaseReview(store).reviewed()
    found = []
    for case in store.all():
        raw = str(case.triage.get("text") or "")
        # one line of printable text: YAML refuses control characters in a block scalar
        text = " ".join("".join(c if c.isprintable() else " " for c in raw).split())
        if (case.case_number in numbers and text and case.severity and case.case_type
                and not _MARKUP.search(text)):
            found.append(Correction(str(case.case_number), case.language, text,
                                    int(case.severity), case.case_type))
    return found


def new_examples(corrections: Iterable[Correction], known: set[str]) -> list[Correction]:
    """Corrections whose text is not known yet, each text once (the latest review wins)."""
    by_key: dict[str, Correction] = {}
    for item in corrections:
        key = text_key(item.text)
        if key not in known:
            by_key[key] = item
    return list(by_key.values())


def nlu_yaml(examples: Iterable[Correction]) -> str:
    """Rasa 3 NLU YAML, one `describe_issue` block per (severity, case type)."""
    groups: dict[tuple[int, str], list[str]] = defaultdict(list)
    for item in examples:
        groups[(item.severity, item.case_type)].append(item.text)
    lines = ["# Written by `triagebot export-corrections` from staff-reviewed cases.",
             'version: "3.1"', "nlu:"]
    for (severity, case_type), texts in sorted(groups.items()):
        lines += [f"- intent: {INTENT}", "  metadata:", f"    severity: {severity}",
                  f"    case_type: {case_type}", "  examples: |"]
        lines += [f"    - {text}" for text in sorted(texts)]
    return "\n".join(lines) + "\n"


def export(store: CaseStore, out_dir: Path, against: Iterable[Path]) -> dict[str, int]:
    """Write `out_dir/<lang>/staff_corrections.yml` per language; returns examples per
    language (a language with none gets no file). Earlier exports into `out_dir` are
    rewritten, not counted as known, so exporting into data/nlu again keeps every example."""
    own = [out_dir / language / FILE_NAME for language in LANGS]
    fresh = new_examples(reviewed(store), known_texts(against, skip=own))
    counts: dict[str, int] = {}
    for language in sorted({item.language for item in fresh}):
        mine = [item for item in fresh if item.language == language]
        target = out_dir / language / FILE_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(nlu_yaml(mine), encoding="utf-8")
        counts[language] = len(mine)
    return counts
