"""The short variant that `make test` runs: a minute of load through nginx on two Rasa
replicas, one of them killed with SIGKILL in the middle. The long runs: test_load.py and
test_faults.py (`make reliability`)."""

from __future__ import annotations

import asyncio
import signal

import pytest

from bot.cases import CaseStore
from bot.prodlocal.topology import ProdLocal
from tests.reliability.checks import error_in_customer_language, unacknowledged_or_broken
from tests.reliability.conftest import proxy_url
from tests.reliability.customers import run_load
from tests.reliability.faults import kill

pytestmark = pytest.mark.integration
CUSTOMERS = 8
SECONDS = 60
KILL_AFTER = 20


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
