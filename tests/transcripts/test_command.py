"""`triagebot transcripts` over files and folders: records, errors, CSV, cases, exit status."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.cases import CaseStore
from bot.cli import main
from bot.transcripts.batch import triage_file
from tests.transcripts.conftest import FakeNlu


class FakeModelParser(FakeNlu):
    def __init__(self, model: Path) -> None:
        super().__init__()

    def close(self) -> None:
        pass


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The command with a stand-in model and a private case store; returns the store's path."""
    from bot.triage import model

    monkeypatch.setattr(model, "ModelParser", FakeModelParser)
    monkeypatch.setattr(model, "resolve_model", lambda explicit=None: Path("fake.tar.gz"))
    db = tmp_path / "cases.db"
    monkeypatch.setenv("TRIAGEBOT_CASES_URL", f"sqlite:///{db}")
    return db


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def folder_with_bad_files(tmp_path: Path, data_dir: Path) -> Path:
    calls = tmp_path / "calls"
    shutil.copytree(data_dir, calls / "good")
    (calls / "bad").mkdir()
    (calls / "bad" / "binary.vtt").write_bytes(b"\x00\x01\x02WEBVTT")
    (calls / "bad" / "empty.txt").write_bytes(b"")
    (calls / "bad" / "truncated.json").write_bytes(b'{"results": {"items": [')
    (calls / "bad" / "sjis.txt").write_bytes("失敗しました".encode("shift_jis"))
    (calls / "bad" / "notes.md").write_text("not a transcript")  # not read from a folder
    return calls


def test_folder_recursively_with_errors_and_cases(cli: Path, tmp_path: Path, data_dir: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    calls = folder_with_bad_files(tmp_path, data_dir)
    out = tmp_path / "out.jsonl"
    assert main(["transcripts", str(calls), "--output", str(out)]) == 0
    records = read_jsonl(out)
    errors = {Path(r["file"]).name: r["error"] for r in records if "error" in r}
    assert errors == {"binary.vtt": "binary", "empty.txt": "empty",
                      "truncated.json": "malformed", "sjis.txt": "encoding"}
    good = [r for r in records if "error" not in r]
    assert len(good) == 8 and all(r["case_number"] for r in good)
    assert {r["id"] for r in good if r["file"].endswith("calls.jsonl")} == {"call-0001", "call-0002"}
    assert "teams.meta.json" not in {Path(r["file"]).name for r in records}
    assert "triaged 8 calls from 11 files, 4 errors" in capsys.readouterr().err
    # a second run stores nothing new
    assert main(["transcripts", str(calls), "--output", str(out)]) == 0
    again = [r for r in read_jsonl(out) if "error" not in r]
    assert [r["case_number"] for r in again] == [r["case_number"] for r in good]
    cases = CaseStore(f"sqlite:///{cli}").all()
    assert len(cases) == 8 and {c.source for c in cases} == {"voice"}
    assert {c.status for c in cases} == {"pending_review"}


def test_nothing_readable_exits_non_zero(cli: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert main(["transcripts", str(tmp_path / "empty.txt"), str(tmp_path / "missing.vtt"),
                 "--output", str(out), "--no-store"]) == 1
    assert [r["error"] for r in read_jsonl(out)] == ["not_found", "empty"]
    assert not cli.exists()


def test_csv_output(cli: Path, tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "out.csv"
    assert main(["transcripts", str(data_dir / "teams.vtt"), str(data_dir / "calls.jsonl"),
                 "--format", "csv", "--output", str(out), "--no-store"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["teams", "call-0001", "call-0002"]
    assert rows[0]["criterion"] == "secondary_backup_failure" and rows[0]["country"] == "GB"
    assert rows[0]["agent_speakers"] == "Agent" and rows[0]["deadline"]
    assert "email" in rows[0]["missing"].split("; ")


def test_agent_speaker_option(cli: Path, tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["transcripts", str(data_dir / "transcribe.json"), "--agent-speaker", "spk_1",
                 "--output", str(out), "--no-store"]) == 0
    [record] = read_jsonl(out)
    assert record["agent_speakers"] == ["spk_1"] and record["agent_found_by"] == "override"
    assert record["caller_text"].startswith("Thank you for calling support")


def test_progress_bar_on_batches(cli: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(7):
        (tmp_path / f"c{i}.txt").write_text(f"backup job {i} fails", encoding="utf-8")
    assert main(["transcripts", str(tmp_path), "--output", str(tmp_path / "o.jsonl"),
                 "--no-store"]) == 0
    err = capsys.readouterr().err
    assert "7/7" in err and "file/s" in err


def test_real_model_reads_the_caller_not_the_agent(trained_parser: Any, data_dir: Path) -> None:
    [vtt] = list(triage_file(data_dir / "teams.vtt", trained_parser.parse))
    # The agent asks "is your whole environment down?"; the caller: one copy job to tape.
    assert vtt["severity"] in (3, 4) and vtt["case_type"] == "technical"
    assert vtt["entities"]["version"] == ["12.1"]
    [plain] = list(triage_file(data_dir / "plain.txt", trained_parser.parse))
    assert plain["severity"] == 1
    assert plain["entities"]["support_id"] == ["01234567"]
    assert plain["entities"]["email"] == ["dana.whitfield@northwind.com"]
    [ja] = list(triage_file(data_dir / "whisper.json", trained_parser.parse))
    assert ja["language"] == "ja" and ja["entities"]["support_id"] == ["01234567"]
    [aws] = list(triage_file(data_dir / "transcribe-channels.json", trained_parser.parse))
    assert aws["entities"]["email"] == ["tanaka@example.co.jp"]
