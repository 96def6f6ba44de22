"""Calls from the Rasa server to the action server that survive its restart, and turns
that are all or nothing.

Rasa calls a custom action once: if the action server is restarting, the action's events
are dropped and the dialogue goes on as if it had run (a hand-off without a case). Here a
call that failed on the way (refused, cut off, answered 5xx) is tried again with back-off
for up to `RETRY_BUDGET` seconds, while the supervisor restarts the server. Actions are safe
to repeat (a hand-off is keyed on conversation and hand-off number), except
`action_after_handoff`, which appends to the case thread and is repeated only when the call
never reached the server. When the budget runs out the whole turn fails before its tracker
is saved (`ActionServerUnavailable`): the channel tells the customer, in their language,
to send the message again, and the resent message finds the conversation as it was.
`install()` is called by `bot.rasa_server` before Rasa starts.
"""

from __future__ import annotations

import asyncio
import logging
from contextvars import ContextVar
from typing import Any

import aiohttp
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.shared.exceptions import RasaException

log = logging.getLogger("bot.rasa_ext.action_calls")
RETRY_BUDGET = 30.0  # the supervisor restarts a dead action server within a few seconds
RETRY_FIRST = 0.25
RETRY_CAP = 2.0
RETRY_STATUSES = frozenset({500, 502, 503, 504})
# Actions with an effect that a second run would repeat (a thread message added twice).
NOT_REPEATABLE = frozenset({"action_after_handoff"})

# Names of the actions that failed in the current turn; None outside a message's turn.
_failed: ContextVar[list[str] | None] = ContextVar("triagebot_failed_actions", default=None)


class ActionServerUnavailable(RasaException):
    """A custom action could not run within the retry budget; the turn is not stored."""


def _cause(err: BaseException) -> BaseException | None:
    return err.__cause__ or err.__context__


def retryable(action: str, err: BaseException) -> bool:
    """Whether the failed call of `action` may be made again."""
    cause = _cause(err)
    if isinstance(cause, aiohttp.ClientConnectorError):
        return True  # refused: the request never reached an action server
    if action in NOT_REPEATABLE:
        return False
    if isinstance(cause, aiohttp.ClientResponseError):
        return cause.status in RETRY_STATUSES
    return isinstance(cause, (aiohttp.ClientConnectionError, asyncio.TimeoutError))


_original_run = RemoteAction.run
_original_loop = MessageProcessor._run_prediction_loop


async def _run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
    failed = _failed.get()
    if failed:  # the turn is lost already: do not run its later actions
        raise ActionServerUnavailable(f"skipped {self.name()} after {failed[0]} failed")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + RETRY_BUDGET
    pause = RETRY_FIRST
    while True:
        try:
            return await _original_run(self, *args, **kwargs)
        except RasaException as err:
            if not retryable(self.name(), err) or loop.time() + pause > deadline:
                if failed is not None:
                    failed.append(self.name())
                raise
            log.warning("action %s failed (%s); retrying in %.2f s", self.name(),
                        type(_cause(err)).__name__, pause)
        await asyncio.sleep(pause)
        pause = min(RETRY_CAP, pause * 2)


async def _prediction_loop(self: MessageProcessor, *args: Any, **kwargs: Any) -> Any:
    token = _failed.set([])
    try:
        result = await _original_loop(self, *args, **kwargs)
        failed = _failed.get()
    finally:
        _failed.reset(token)
    if failed:
        raise ActionServerUnavailable(f"custom action {failed[0]} could not run")
    return result


def install() -> None:
    """Put the retrying call and the all-or-nothing turn into Rasa (idempotent)."""
    RemoteAction.run = _run  # type: ignore[method-assign]
    MessageProcessor._run_prediction_loop = _prediction_loop  # type: ignore[method-assign]
