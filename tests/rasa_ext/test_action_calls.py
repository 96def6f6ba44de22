"""Action calls are tried again while the action server restarts, and a turn whose action
could not run fails as a whole instead of going on without the action's events."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from rasa.shared.exceptions import RasaException

from bot.rasa_ext import action_calls
from bot.rasa_ext.action_calls import ActionServerUnavailable, retryable


def _failure(cause: BaseException) -> RasaException:
    """A RemoteAction error as Rasa raises it, with the network error as its cause."""
    try:
        raise RasaException("Failed to execute custom action") from cause
    except RasaException as err:
        return err


REFUSED = aiohttp.ClientConnectorError(None, OSError(111, "Connection refused"))  # type: ignore[arg-type]
CUT = aiohttp.ServerDisconnectedError()


def _status(code: int) -> aiohttp.ClientResponseError:
    return aiohttp.ClientResponseError(None, (), status=code)  # type: ignore[arg-type]


CASES = [
    ("action_handoff", REFUSED, True),
    ("action_handoff", CUT, True),
    ("action_handoff", _status(500), True),
    ("action_handoff", _status(503), True),
    ("action_handoff", _status(401), False),  # a wrong secret stays wrong
    ("action_after_handoff", REFUSED, True),  # never reached the server
    ("action_after_handoff", CUT, False),  # may have added the message already
    ("action_after_handoff", _status(500), False),
    ("validate_case_form", asyncio.TimeoutError(), True),
    ("action_triage", ValueError("bad response"), False),
]


@pytest.mark.parametrize(("action", "cause", "expected"), CASES)
def test_which_failures_are_tried_again(action: str, cause: BaseException,
                                        expected: bool) -> None:
    assert retryable(action, _failure(cause)) is expected


class FakeAction:
    def __init__(self, name: str) -> None:
        self._name = name

    def name(self) -> str:
        return self._name


@pytest.fixture()
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(action_calls, "RETRY_FIRST", 0.01)
    monkeypatch.setattr(action_calls, "RETRY_CAP", 0.02)


def test_a_call_refused_while_the_server_restarts_succeeds_on_a_later_try(
        monkeypatch: pytest.MonkeyPatch, fast: None) -> None:
    outcomes: list[Any] = [REFUSED, CUT, ["events"]]

    async def original(self: Any, *args: Any) -> Any:
        outcome = outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise _failure(outcome)
        return outcome

    monkeypatch.setattr(action_calls, "_original_run", original)
    assert asyncio.run(action_calls._run(FakeAction("action_handoff"))) == ["events"]
    assert outcomes == []


def _turn(monkeypatch: pytest.MonkeyPatch, names: list[str], fail: set[str],
          ran: list[str]) -> None:
    """Run a fake prediction loop over `names` (those that ran go to `ran`); like Rasa's
    loop, it swallows action errors."""

    async def original(self: Any, *args: Any) -> Any:
        if self.name() in fail:
            raise _failure(_status(401))
        ran.append(self.name())
        return []

    async def loop(self: Any, *args: Any) -> None:
        for name in names:
            try:
                await action_calls._run(FakeAction(name))
            except RasaException:
                pass  # as rasa.core.processor._run_action does

    monkeypatch.setattr(action_calls, "_original_run", original)
    monkeypatch.setattr(action_calls, "_original_loop", loop)
    asyncio.run(action_calls._prediction_loop(object()))


def test_a_turn_with_a_failed_action_fails_before_its_tracker_is_saved(
        monkeypatch: pytest.MonkeyPatch, fast: None) -> None:
    ran: list[str] = []
    with pytest.raises(ActionServerUnavailable, match="action_handoff"):
        _turn(monkeypatch, ["validate_case_form", "action_handoff"], {"action_handoff"}, ran)
    assert ran == ["validate_case_form"]


def test_after_a_failed_action_the_turn_runs_no_further_custom_action(
        monkeypatch: pytest.MonkeyPatch, fast: None) -> None:
    ran: list[str] = []
    with pytest.raises(ActionServerUnavailable):
        _turn(monkeypatch, ["action_triage", "action_ask_severity"], {"action_triage"}, ran)
    assert ran == []


def test_a_turn_whose_actions_ran_goes_on(monkeypatch: pytest.MonkeyPatch, fast: None) -> None:
    ran: list[str] = []
    _turn(monkeypatch, ["action_triage", "action_ask_severity"], set(), ran)
    assert ran == ["action_triage", "action_ask_severity"]
