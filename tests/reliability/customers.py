"""Simulated customers: whole triage conversations over the REST channel, many at once.

Each customer runs the integration tests' English or Japanese conversation
(tests/integration/test_conversation.py) turn by turn, pausing `think` seconds between
turns as a person typing would, and checks every reply. A turn refused with an error is
sent again after a second (the chat page's resend button) when `resend` is on; otherwise,
or after `MAX_SENDS` tries, the conversation counts as failed.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from tests.integration.test_conversation import EN_TURNS, JA_TURNS

CONVERSATIONS = {"en": EN_TURNS, "ja": JA_TURNS}
CASE_NUMBER = re.compile(r"(?<!\d)0\d{7}(?!\d)")  # Japanese text has no \b before it
TURN_TIMEOUT = 180.0  # seconds one message may take under load before it counts as lost
MAX_SENDS = 10
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@dataclass
class Send:
    """One POST of one message: what came back and how long it took."""

    status: int  # HTTP status; 0 when no answer came (connection lost, timeout)
    seconds: float
    body: Any
    at: float  # time.monotonic() when it was sent

    @property
    def server_error(self) -> bool:
        return self.status == 0 or self.status >= 500


@dataclass
class Conversation:
    """One customer's conversation and everything its messages met."""

    sender: str
    lang: str
    sends: list[Send] = field(default_factory=list)
    answered: int = 0  # turns whose reply held the expected text
    off_track: str | None = None  # the first reply that did not
    case_number: str | None = None
    completed: bool = False

    @property
    def errors(self) -> list[Send]:
        return [s for s in self.sends if s.status != 200]


async def post(session: aiohttp.ClientSession, url: str, sender: str, text: str,
                lang: str) -> Send:
    began = time.monotonic()
    try:
        async with session.post(url, json={"sender": sender, "message": text},
                                headers={"Accept-Language": lang},
                                timeout=aiohttp.ClientTimeout(total=TURN_TIMEOUT)) as response:
            body = await response.json(content_type=None)
            return Send(response.status, time.monotonic() - began, body, began)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as err:
        return Send(0, time.monotonic() - began, repr(err), began)


async def converse(session: aiohttp.ClientSession, url: str, sender: str, lang: str,
                   think: float = 1.0, resend: bool = True,
                   before_turn: Callable[[int], Any] | None = None,
                   start: int = 0) -> Conversation:
    """Run one whole conversation (from turn `start`, when its first turns were sent
    already); `before_turn(i)` may wait before turn i (fault tests)."""
    result = Conversation(sender, lang)
    turns = CONVERSATIONS[lang]
    for index, (text, expected) in enumerate(turns):
        if index < start:
            continue
        if before_turn is not None:
            await before_turn(index)
        for _ in range(MAX_SENDS):
            send = await post(session, url, sender, text, lang)
            result.sends.append(send)
            if send.status == 200 or not resend:
                break
            await asyncio.sleep(1.0)
        if send.status != 200:
            result.off_track = f"turn {index} never answered: {send.status} {send.body!r}"
            return result
        replies = " ".join(r.get("text", "") for r in send.body if isinstance(r, dict))
        if expected.lower() not in replies.lower():
            result.off_track = f"after {text!r} expected {expected!r}, got {replies!r}"
            return result
        result.answered += 1
        if index == len(turns) - 1:
            found = CASE_NUMBER.search(replies)
            result.case_number = found.group(0) if found else None
        if index < len(turns) - 1:
            await asyncio.sleep(think)
    result.completed = result.case_number is not None
    return result


@dataclass
class Load:
    """What a load run did."""

    customers: int
    seconds: float
    conversations: list[Conversation]

    @property
    def sends(self) -> list[Send]:
        return [s for c in self.conversations for s in c.sends]

    @property
    def turns(self) -> int:
        return sum(c.answered for c in self.conversations)


async def _customer(session: aiohttp.ClientSession, url: str, number: int, prefix: str,
                    until: float, think: float, resend: bool) -> list[Conversation]:
    done: list[Conversation] = []
    lang = "en" if number % 2 == 0 else "ja"
    while time.monotonic() < until:
        sender = f"{prefix}-{number}-{len(done)}"
        done.append(await converse(session, url, sender, lang, think, resend))
        if done[-1].off_track:
            break  # a broken conversation is reported, not retried
    return done


async def _load(url: str, customers: int, seconds: float, prefix: str, think: float,
                resend: bool, during: Callable[[], Any] | None) -> Load:
    connector = aiohttp.TCPConnector(limit=customers * 2)
    began = time.monotonic()
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [asyncio.create_task(_customer(session, url, n, prefix, began + seconds,
                                               think, resend)) for n in range(customers)]
        if during is not None:
            await during()
        results = await asyncio.gather(*tasks)
    return Load(customers, time.monotonic() - began, [c for r in results for c in r])


def run_load(url: str, customers: int, seconds: float, prefix: str, think: float = 1.0,
             resend: bool = False, during: Callable[[], Any] | None = None) -> Load:
    """`customers` customers starting conversation after conversation for `seconds` (the
    last ones finish after that); `during()` is awaited meanwhile (a fault to inject)."""
    return asyncio.run(_load(url, customers, seconds, prefix, think, resend, during))
