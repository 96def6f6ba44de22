"""`triagebot cases list|show`: JSON from the store the settings name, and looking never
creates a store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.cases import CaseStore
from tests.cases.test_store import make_case


def cases(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "TRIAGEBOT_CASES_URL": url}
    return subprocess.run([sys.executable, "-m", "bot", "cases", *args], env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def test_show_and_list_print_the_stored_case(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    saved = CaseStore(url).save(make_case())
    shown = cases(url, "show", saved.case_number)
    assert shown.returncode == 0, shown.stderr
    case = json.loads(shown.stdout)
    assert (case["case_number"], case["severity"], case["fields"]) == (
        saved.case_number, 2, {"email": "a@example.co.jp"})
    listed = cases(url, "list")
    assert [c["case_number"] for c in json.loads(listed.stdout)] == [saved.case_number]


def test_an_unknown_number_is_an_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    CaseStore(url).save(make_case())
    result = cases(url, "show", "07999999")
    assert result.returncode == 1 and "no case '07999999'" in result.stderr


def test_a_missing_sqlite_store_is_reported_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "cases.db"
    result = cases(f"sqlite:///{path}", "list")
    assert result.returncode == 2 and "no case store" in result.stderr
    assert not path.exists() and not path.parent.exists()
