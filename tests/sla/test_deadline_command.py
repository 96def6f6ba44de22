"""`triagebot deadline`: JSON Lines in, one answer per line out, bad lines answered too."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bot.commands.deadline import answers, run
from bot.policy import Policy, load_policy
from bot.policy.loader import DEFAULT_PATH
from bot.sla import first_response_deadline
from tests import REPO as ROOT

EXAMPLE = {"program": "basic", "severity": 2, "opened_at": "2026-12-04T19:00:00+09:00",
           "timezone": "Asia/Tokyo", "country": "JP"}


def _line(**changes: object) -> str:
    return json.dumps({**EXAMPLE, **changes}) + "\n"


def test_example_from_the_issue(policy: Policy) -> None:
    [out] = answers([_line()], policy)
    assert out == {"deadline": "2026-12-07T15:00:00+09:00", "target": "8 business hours",
                   "guaranteed": True, "section": "§4.5"}


def test_no_target_gives_null_deadline_and_reason(policy: Policy) -> None:
    out = list(answers([_line(program="evaluation", severity=1), _line(program="free")],
                       policy))
    assert out[0]["deadline"] is None and out[0]["target"] == "no severity-1 target for evaluation"
    assert out[1]["deadline"] is None and out[1]["target"] == "best effort"
    assert out[0]["guaranteed"] is out[1]["guaranteed"] is False


BAD_LINES = [
    ("unknown program", _line(program="platinum"), "unknown program 'platinum'"),
    ("severity 7", _line(severity=7), "severity must be 1, 2, 3 or 4, got 7"),
    ("naive timestamp", _line(opened_at="2026-12-04T19:00:00"), "no UTC offset"),
    ("not a timestamp", _line(opened_at="next friday"), "not an ISO 8601 time"),
    ("timestamp as number", _line(opened_at=1764842400), "must be an ISO 8601 string"),
    ("unknown time zone", _line(timezone="Tokyo"), "unknown time zone 'Tokyo'"),
    ("unknown country", _line(country="ZZ"), "unknown country 'ZZ'"),
    ("missing field", json.dumps({k: v for k, v in EXAMPLE.items() if k != "timezone"}),
     "missing field 'timezone'"),
    ("invalid JSON", '{"program": "basic",', "invalid JSON"),
    ("not an object", "[1, 2]", "must be a JSON object"),
    ("empty line", "\n", "empty line"),
]


@pytest.mark.parametrize(("line", "words"), [c[1:] for c in BAD_LINES],
                         ids=[c[0] for c in BAD_LINES])
def test_bad_line_is_answered_and_others_still_are(policy: Policy, line: str,
                                                   words: str) -> None:
    out = list(answers([_line(), line, _line(severity=1)], policy))
    assert len(out) == 3
    assert words in out[1]["error"] and set(out[1]) == {"error"}
    assert out[0]["deadline"] == "2026-12-07T15:00:00+09:00"
    assert out[2]["deadline"] == "2026-12-07T09:00:00+09:00"


def test_ids_are_echoed_and_order_kept(policy: Policy) -> None:
    lines = [_line(id=i, severity=1 + i % 4) for i in range(40)] + [_line(id="x", severity=9)]
    out = list(answers(lines, policy))
    assert [o["id"] for o in out] == [*range(40), "x"]
    assert "error" in out[-1]


def test_trailing_z_and_experimental(policy: Policy) -> None:
    [out] = answers([_line(opened_at="2026-12-04T10:00:00Z", experimental=True)], policy)
    assert out["deadline"] == "2026-12-07T15:00:00+09:00" and out["guaranteed"] is False


def test_files_and_exit_status(tmp_path: Path) -> None:
    source, sink = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(_line() + _line(severity=7), encoding="utf-8")
    status = run(argparse.Namespace(input=str(source), output=str(sink)))
    lines = sink.read_text(encoding="utf-8").splitlines()
    assert status == 1 and len(lines) == 2 and "error" in json.loads(lines[1])
    source.write_text(_line(), encoding="utf-8")
    assert run(argparse.Namespace(input=str(source), output=str(sink))) == 0


def _command(args: list[str], stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    code = ("import sys\nfrom bot.cli import main\n"
            f"status = main({args!r})\n"
            "heavy = [m for m in ('rasa', 'tensorflow') if m in sys.modules]\n"
            "print('heavy=' + ','.join(heavy), file=sys.stderr)\nsys.exit(status)\n")
    return subprocess.run([sys.executable, "-c", code], check=False, input=stdin, text=True,
                          capture_output=True, cwd=ROOT, env={**os.environ, **env})


def test_command_in_a_subprocess_imports_no_rasa(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = _command(["deadline", "--output", str(out)], _line() + _line(program="free"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "heavy="
    answers_ = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [a["deadline"] for a in answers_] == ["2026-12-07T15:00:00+09:00", None]


def test_edited_policy_copy_changes_answers_without_code_changes(tmp_path: Path) -> None:
    edited = DEFAULT_PATH.read_text(encoding="utf-8").replace(
        "2: 8 business hours, 3: 12 business hours,\n                4: 24 business hours}",
        "2: 4 business hours, 3: 12 business hours,\n                4: 24 business hours}", 1)
    path = tmp_path / "policy.yml"
    path.write_text(edited, encoding="utf-8")
    opened = datetime.fromisoformat(EXAMPLE["opened_at"])
    due = first_response_deadline("basic", 2, opened, "Asia/Tokyo", "JP",
                                  policy=load_policy(path))
    assert due.deadline == datetime.fromisoformat("2026-12-07T11:00:00+09:00")
    assert due.target.label.en == "4 business hours"
    proc = _command(["deadline"], _line(), TRIAGEBOT_POLICY=str(path))
    assert json.loads(proc.stdout)["deadline"] == "2026-12-07T11:00:00+09:00"


def test_bad_policy_file_stops_the_command(tmp_path: Path) -> None:
    path = tmp_path / "policy.yml"
    path.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace(
        "2: 30 minutes", "2: half an hour", 1), encoding="utf-8")
    proc = _command(["deadline"], _line(), TRIAGEBOT_POLICY=str(path))
    assert proc.returncode == 2
    assert "programs.premium.sla.targets.2" in proc.stderr and "Fix:" in proc.stderr
