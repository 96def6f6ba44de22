"""Held-out sets: every set present is scored, each per language, by the same code."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from bench import evaluate, heldout
from bench.accuracy import score_set
from bench.report import print_accuracy

SET = """\
version: "3.1"
nlu:
- intent: describe_issue
  metadata: {{severity: {severity}, case_type: technical}}
  examples: |
    - {text}
"""


class Always:
    """A stand-in model that answers severity 2, technical, for every text."""

    name = "always 2"

    def parse(self, text: str) -> dict[str, Any]:
        return {"text": text, "entities": [], "severity": {"value": 2},
                "case_type": {"value": "technical"}}


def _write_set(root: Path, en_severity: int, ja_severity: int | None) -> Path:
    root.mkdir()
    (root / "en.yml").write_text(SET.format(severity=en_severity, text="backup failed"),
                                 encoding="utf-8")
    if ja_severity is not None:
        (root / "ja").mkdir()
        (root / "ja" / "a.yml").write_text(
            SET.format(severity=ja_severity, text="バックアップが失敗"), encoding="utf-8")
    return root


def test_every_named_set_present_is_chosen_in_report_order() -> None:
    sets = heldout.chosen(None)
    assert list(sets) == [name for name in heldout.SETS if (heldout.HELDOUT / name).is_dir()]
    assert "legacy" in sets


def test_a_folder_can_be_scored_as_a_set(tmp_path: Path) -> None:
    root = _write_set(tmp_path / "extra", 2, 3)
    assert heldout.chosen([str(root)]) == {"extra": root}
    with pytest.raises(FileNotFoundError, match="no folder"):
        heldout.chosen([str(tmp_path / "missing")])


def test_each_set_is_scored_per_language_it_has(tmp_path: Path) -> None:
    both = evaluate.heldout_scores(Always(), _write_set(tmp_path / "a", 2, 3))
    assert both["en"]["severity"]["n"] == 1
    assert both["en"]["severity"]["per_class"]["2"]["recall"] == 1.0
    assert both["ja"]["severity"]["under_triage"] == 0.0  # 2 is more severe than 3
    english_only = evaluate.heldout_scores(Always(), _write_set(tmp_path / "b", 1, None))
    assert list(english_only) == ["en"]
    assert english_only["en"]["severity"]["under_triage"] == 1.0  # 2 for a severity-1 message


def test_a_set_without_data_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="has no en or ja data"):
        heldout.examples(tmp_path / "empty")


def test_sets_are_reported_side_by_side(tmp_path: Path) -> None:
    scored = score_set(Always(), [], _write_set(tmp_path / "a", 2, 2))
    assert scored["systems"]["pipeline"]["ja"]["severity_macro_f1"] == 0.25  # 1 of 4 levels
    out = io.StringIO()
    print_accuracy(scored, out)
    assert out.getvalue().count("severity_macro_f1") == 2  # en and ja rows
