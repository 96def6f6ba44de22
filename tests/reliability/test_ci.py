"""The short variant that `make test` runs: a minute of load through nginx on two Rasa
replicas, one of them killed with SIGKILL in the middle, then `triagebot cases show` run as
an operator would after `source var/prod-local/env`. The long runs: test_load.py and
test_faults.py (`make reliability`)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import shlex
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bot.cases import CaseStore
from bot.prodlocal.topology import ProdLocal
from tests import REPO
from tests.reliability.checks import error_in_customer_language, unacknowledged_or_broken
from tests.reliability.conftest import proxy_url
from tests.reliability.customers import Conversation, run_load
from tests.reliability.faults import kill

pytestmark = pytest.mark.integration
CUSTOMERS = 8
SECONDS = 60
KILL_AFTER = 20
TRIAGEBOT = Path(sys.executable).with_name("triagebot")
# What each language's scripted customer (tests/integration/test_conversation.py) said.
CUSTOMER = {
    "en": {"severity": 3, "program": "production", "country": "JP",
           "fields": {"name": "John Smith", "company": "Acme Corp", "support_id": "01234567",
                      "email": "john.smith@example.com", "phone": "+81312345678"}},
    "ja": {"severity": 1, "program": "basic", "country": "JP",
           "fields": {"name": "山田太郎", "company": "株式会社サンプル",
                      "email": "taro.yamada@example.co.jp", "phone": "+81312345678"}},
}


def test_a_minute_of_load_with_a_replica_killed(two_replicas: ProdLocal) -> None:
    killed: list[int] = []

    async def fault() -> None:
        await asyncio.sleep(KILL_AFTER)
        killed.append(kill(two_replicas, "rasa-1", signal.SIGKILL).restarts)

    load = run_load(proxy_url(two_replicas), CUSTOMERS, SECONDS, "ci", think=0.5,
                    resend=True, during=fault)
    assert killed, "the replica was not killed"
    broken = [(c.sender, c.off_track) for c in load.conversations if c.off_track]
    assert broken == [], broken
    assert all(c.completed for c in load.conversations), [
        (c.sender, c.answered, c.case_number) for c in load.conversations if not c.completed]
    assert len(load.conversations) >= CUSTOMERS
    # Only messages in flight at the kill may fail, each with a clear error the customer
    # can act on (send again), in their language.
    errors = [(c.sender, s.status, s.body) for c in load.conversations for s in c.errors]
    assert len(errors) <= CUSTOMERS, errors
    assert all(error_in_customer_language(s, c.lang)
               for c in load.conversations for s in c.errors), errors
    assert unacknowledged_or_broken(CaseStore(two_replicas.settings.cases_url),
                                    load.conversations) == []
    for lang in CUSTOMER:
        shown_as_stored(two_replicas, next(c for c in load.conversations
                                           if c.completed and c.lang == lang))


def sourced(path: Path) -> dict[str, str]:
    """The variables `source path` sets: ProdLocal.write_env writes comments and
    `export NAME=VALUE` lines quoted with shlex.quote, which shlex.split undoes as a shell
    does; any other line fails, so a change of the format shows here."""
    variables = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        assert len(words) == 2 and words[0] == "export" and "=" in words[1], line
        name, _, value = words[1].partition("=")
        variables[name] = value
    return variables


def _json(value: object) -> str:
    assert isinstance(value, datetime), value
    return value.isoformat()


def shown_as_stored(topology: ProdLocal, conversation: Conversation) -> None:
    """`source env && triagebot cases show N` prints the case its customer was told, read
    from the topology's PostgreSQL, with nothing but the env file's variables."""
    variables = sourced(topology.root / "env")
    assert variables["TRIAGEBOT_CASES_URL"] == topology.settings.cases_url
    assert variables["TRIAGEBOT_CASES_URL"].startswith("postgresql://")
    number = conversation.case_number
    done = subprocess.run([str(TRIAGEBOT), "cases", "show", str(number)], env=variables,
                          cwd=REPO, capture_output=True, encoding="utf-8", timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    expected = CUSTOMER[conversation.lang]
    assert (shown["case_number"], shown["conversation_id"], shown["language"]) == (
        number, conversation.sender, conversation.lang)
    assert (shown["severity"], shown["program"], shown["country"]) == (
        expected["severity"], expected["program"], expected["country"])
    assert expected["fields"].items() <= shown["fields"].items(), shown["fields"]
    stored = CaseStore(topology.settings.cases_url).get(str(number))
    assert stored is not None
    whole = json.loads(json.dumps(dataclasses.asdict(stored), default=_json))
    assert {k: v for k, v in shown.items() if k not in ("thread", "audit")} == whole
