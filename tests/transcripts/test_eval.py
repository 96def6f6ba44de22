"""The transcript scorer (bench/transcripts_eval.py) on a small set made here."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from bench import transcripts_eval as scorer
from tests.transcripts.conftest import FakeNlu


def test_entity_scores_by_value() -> None:
    pairs = [({"entities": {"support_id": "01234567", "email": ["a@b.co"]}},
              {"entities": {"support_id": ["01234567"], "email": ["A@b.co"], "version": ["12"]}}),
             ({"entities": {"version": "12.1"}}, {"entities": {}})]
    got = scorer.entity_scores(pairs)
    assert got["support_id"]["f1"] == 1.0 and got["email"]["f1"] == 1.0
    assert got["version"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}


def test_score_per_language_with_unread_calls() -> None:
    labels = [
        {"file": "a.vtt", "id": "a", "language": "en", "severity": 1, "case_type": "technical",
         "agent_speaker": "Agent"},
        {"file": "b.jsonl", "id": "x", "language": "en", "severity": 4, "case_type": "licensing"},
        {"file": "b.jsonl", "id": "y", "language": "ja", "severity": 2, "case_type": "technical"},
        {"file": "c.txt", "id": "c", "language": "ja", "severity": 3, "case_type": "technical"},
    ]
    records = [
        {"file": "calls/a.vtt", "id": "a", "severity": 1, "case_type": "technical",
         "agent_speakers": ["Agent"]},
        {"file": "calls/b.jsonl", "id": "x", "severity": 4, "case_type": "licensing"},
        {"file": "calls/b.jsonl", "id": "y", "severity": 3, "case_type": "technical"},
        {"file": "calls/c.txt", "error": "empty", "message": "the file is empty"},
    ]
    report = scorer.score(labels, records)
    assert (report["calls"], report["unread"]) == (4, 1)
    # macro-F1 over all four severities, as `bench eval` counts: 1 and 4 right, 2 and 3 absent
    assert report["en"]["severity_macro_f1"] == 0.5 and report["en"]["sev1_recall"] == 1.0
    assert report["en"]["case_type_macro_f1"] == 1.0 and report["en"]["agent_found"] == 1.0
    assert report["ja"]["severity_macro_f1"] < 0.5 and report["ja"]["agent_found"] is None


def test_run_set_on_the_examples(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                 data_dir: Path) -> None:
    from bot.triage import model

    class Fake(FakeNlu):
        def __init__(self, path: Path) -> None:
            super().__init__()

        def close(self) -> None:
            pass

    monkeypatch.setattr(model, "ModelParser", Fake)
    monkeypatch.setattr(model, "resolve_model", lambda explicit=None: Path("m.tar.gz"))
    shutil.copytree(data_dir, tmp_path / "calls")
    labels = [{"file": "teams.vtt", "id": "teams", "language": "en", "severity": 3,
               "case_type": "technical", "agent_speaker": "Agent",
               "entities": {"version": "12.1"}},
              {"file": "call.srt", "id": "call", "language": "en", "severity": 3,
               "case_type": "technical", "agent_speaker": "Operator", "entities": {}}]
    (tmp_path / "labels.jsonl").write_text("\n".join(json.dumps(x) for x in labels))
    report = scorer.run_set(tmp_path)
    assert report["en"]["severity_macro_f1"] > 0 and report["en"]["agent_found"] == 1.0
    assert report["throughput"]["calls"] == 2
    out = io.StringIO()
    scorer.print_report(report, out)
    assert "throughput" in out.getvalue() and out.getvalue().count("\nen ") == 1


def test_main_without_labels_fails_clearly(tmp_path: Path) -> None:
    assert scorer.main(["--set", str(tmp_path)]) == 2
