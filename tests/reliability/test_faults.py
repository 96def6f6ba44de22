"""Faults under load, on the topology of `make run-prod-local` (one started for the module):
a Rasa replica killed, the action server killed mid hand-off, PostgreSQL restarted,
Redis down. Customers send a refused message again after a second (the chat page's resend
button); each test records its figures for docs/reliability.md, then asserts."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from typing import Any

import aiohttp
import pytest

from bot.cases import CaseStore
from bot.prodlocal.topology import ProdLocal
from tests.reliability.checks import error_in_customer_language, unacknowledged_or_broken
from tests.reliability.checks import figures as load_figures
from tests.reliability.conftest import proxy_url
from tests.reliability.customers import CONVERSATIONS, Conversation, converse, post, run_load
from tests.reliability.faults import hold_restart, interleaved, kill, user_events, wait_back

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def _common_checks(topology: ProdLocal, conversations: list[Conversation],
                   max_errors: int) -> list[tuple[str, bool]]:
    errors = [(s, c.lang) for c in conversations for s in c.errors]
    broken = unacknowledged_or_broken(CaseStore(topology.settings.cases_url), conversations)
    return [
        ("every conversation went on to its hand-off",
         all(c.completed and not c.off_track for c in conversations)),
        ("one complete case per conversation, the one its customer was told", broken == []),
        (f"at most {max_errors} messages refused (those in flight)", len(errors) <= max_errors),
        ("every refused message got the JSON error in the customer's language",
         all(error_in_customer_language(s, lang) for s, lang in errors)),
    ]


def _record(figures: dict[str, Any], key: str, title: str, setup: str,
            values: list[tuple[str, Any]], checks: list[tuple[str, bool]],
            load_average: float) -> None:
    figures[key] = {"title": title, "setup": setup, "figures": values, "checks": checks,
                    "load_average": load_average}
    failed = [text for text, ok in checks if not ok]
    assert not failed, failed


def test_a_killed_replicas_conversations_go_on_on_the_other(
        two_replicas: ProdLocal, figures: dict[str, Any]) -> None:
    load_average = round(os.getloadavg()[0], 1)
    back: list[float] = []

    async def fault() -> None:
        await asyncio.sleep(30)
        server = await asyncio.to_thread(kill, two_replicas, "rasa-1")
        assert server.proc is not None
        back.append(await asyncio.to_thread(wait_back, two_replicas, "rasa-1", server.proc.pid))

    load = run_load(proxy_url(two_replicas), 20, 90, "kill-rasa", resend=True, during=fault)
    stats = load_figures(load)
    _record(figures, "fault-1-replica", "Fault: kill -9 of a Rasa replica under load",
            "20 customers for 90 s (resending a refused message after 1 s); rasa-1 killed "
            "with SIGKILL 30 s in; the supervisor restarts it.",
            [("messages refused", stats["server_errors"]),
             ("conversations completed", f"{stats['completed']} of {stats['conversations']}"),
             ("slowest answered message (s)", stats["max"]),
             ("rasa-1 serving again after (s; rasa-2 alone meanwhile)", round(back[0], 1))],
            _common_checks(two_replicas, load.conversations, max_errors=20), load_average)


async def _handoff_under_kill(topology: ProdLocal, count: int) -> tuple[list[Conversation],
                                                                         float]:
    """`count` conversations reach their last turn; the case table is locked so each
    hand-off waits inside the action server, which is then killed with SIGKILL."""
    release = asyncio.Event()
    last = {lang: len(turns) - 1 for lang, turns in CONVERSATIONS.items()}
    ready = 0

    async with aiohttp.ClientSession() as session:
        async def one(i: int) -> Conversation:
            lang = "en" if i % 2 == 0 else "ja"

            async def hold(turn: int) -> None:
                nonlocal ready
                if turn == last[lang]:
                    ready += 1
                    await release.wait()

            return await converse(session, proxy_url(topology), f"kill-actions-{i}", lang,
                                  think=0.2, before_turn=hold)

        tasks = [asyncio.create_task(one(i)) for i in range(count)]
        while ready < count:
            await asyncio.sleep(0.2)
        db = topology.postgres.superuser_connection("triagebot_cases")
        with db.cursor() as cur:
            cur.execute("LOCK TABLE cases IN ACCESS EXCLUSIVE MODE")  # held until rollback
            release.set()
            waiting = 0
            for _ in range(300):  # until the action server's hand-off waits for the table
                other = topology.postgres.superuser_connection("triagebot_cases")
                with other.cursor() as probe:
                    probe.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                  "'triagebot_cases' AND wait_event_type = 'Lock'")
                    waiting = probe.fetchone()[0]
                other.close()
                if waiting:
                    break
                await asyncio.sleep(0.1)
            assert waiting, "no hand-off reached the case store"
            server = kill(topology, "actions")
        db.rollback()
        db.close()
        assert server.proc is not None
        back = await asyncio.to_thread(wait_back, topology, "actions", server.proc.pid)
        conversations = await asyncio.gather(*tasks)
    return list(conversations), back


def test_the_action_server_killed_mid_handoff_loses_and_doubles_no_case(
        two_replicas: ProdLocal, figures: dict[str, Any]) -> None:
    load_average = round(os.getloadavg()[0], 1)
    conversations, back = asyncio.run(_handoff_under_kill(two_replicas, 6))
    refused = sum(len(c.errors) for c in conversations)
    last = [c.sends[-1].seconds for c in conversations]
    _record(figures, "fault-2-actions", "Fault: kill -9 of the action server mid hand-off",
            "6 conversations (en, ja) reach their last answer together; the case table is "
            "locked so the first hand-off waits inside the action server's case write, "
            "which is then killed with SIGKILL (the other hand-offs queued behind it); the "
            "lock is released and the supervisor restarts the action server, while the "
            "Rasa replicas retry the action calls (30 s budget, then the turn fails whole "
            "and the customer is asked to send it again).",
            [("action server answering again after (s)", round(back, 1)),
             ("final messages refused and sent again", refused),
             ("longest wait for the case number (s)", round(max(last), 1))],
            _common_checks(two_replicas, conversations, max_errors=6), load_average)


def test_postgresql_restarted_under_load_loses_no_acknowledged_case(
        two_replicas: ProdLocal, figures: dict[str, Any]) -> None:
    load_average = round(os.getloadavg()[0], 1)
    down: list[float] = []

    async def fault() -> None:
        await asyncio.sleep(30)
        began = time.monotonic()
        server = await asyncio.to_thread(kill, two_replicas, "postgres", signal.SIGINT)
        assert server.proc is not None
        await asyncio.to_thread(wait_back, two_replicas, "postgres", server.proc.pid)
        down.append(time.monotonic() - began)

    load = run_load(proxy_url(two_replicas), 20, 90, "pg-restart", resend=True, during=fault)
    stats = load_figures(load)
    _record(figures, "fault-3-postgres", "Fault: PostgreSQL restarted under load",
            "20 customers for 90 s; 30 s in, PostgreSQL gets a fast shutdown (SIGINT) and "
            "the supervisor starts it again after its 1 s back-off; tracker and case "
            "writes retry with back-off meanwhile.",
            [("PostgreSQL down for (s)", round(down[0], 1)),
             ("messages refused", stats["server_errors"]),
             ("slowest answered message (s)", stats["max"]),
             ("conversations completed", f"{stats['completed']} of {stats['conversations']}")],
            _common_checks(two_replicas, load.conversations, max_errors=20), load_average)


NO_TURN_WITHOUT_LOCK = ("no turn runs without the lock: the same message sent to both "
                        "replicas at once leaves the conversation unchanged")
RESENT_AND_FINISHED = ("after Redis is back the refused messages are answered and both "
                       "conversations reach their hand-off")
ONE_AFTER_THE_OTHER = ("two messages of one conversation sent at once to two replicas are "
                       "processed one after the other")


def _replica_url(topology: ProdLocal, n: int) -> str:
    return f"http://127.0.0.1:{topology.ports.rasa[n]}/webhooks/rest/webhook"


async def _redis_down(topology: ProdLocal) -> dict[str, Any]:
    url, senders = proxy_url(topology), {"en": "redis-en", "ja": "redis-ja"}
    async with aiohttp.ClientSession() as session:
        for lang, sender in senders.items():  # three turns in, then Redis goes
            for text, _ in CONVERSATIONS[lang][:3]:
                assert (await post(session, url, sender, text, lang)).status == 200
        server = topology.servers["redis"]
        hold_restart(server, 20)
        old = kill(topology, "redis").proc
        assert old is not None
        refused = {lang: await post(session, url, sender, CONVERSATIONS[lang][3][0], lang)
                   for lang, sender in senders.items()}
        before = user_events(topology, senders["en"])
        text = CONVERSATIONS["en"][3][0]
        both = await asyncio.gather(*(post(session, _replica_url(topology, n), senders["en"],
                                           text, "en") for n in (0, 1)))
        unchanged = user_events(topology, senders["en"]) == before
        back = await asyncio.to_thread(wait_back, topology, "redis", old.pid)
        rest = await asyncio.gather(*(converse(session, url, sender, lang, think=0.2, start=3)
                                      for lang, sender in senders.items()))
        # Redis back: two messages of one conversation at once, one to each replica
        assert (await post(session, url, "redis-order", "hello", "en")).status == 200
        pair = await asyncio.gather(
            post(session, _replica_url(topology, 0), "redis-order",
                 "what are your support hours?", "en"),
            post(session, _replica_url(topology, 1), "redis-order",
                 "what is the phone number for support?", "en"))
    return {"refused": refused, "both": both, "unchanged": unchanged, "back": back,
            "rest": list(rest), "pair": list(pair),
            "order": user_events(topology, "redis-order")}


def test_with_redis_down_customers_are_told_and_no_turn_runs(
        two_replicas: ProdLocal, figures: dict[str, Any]) -> None:
    load_average = round(os.getloadavg()[0], 1)
    run = asyncio.run(_redis_down(two_replicas))
    refused = run["refused"]
    checks = [
        ("a message sent while Redis is down is refused (503)",
         all(s.status == 503 for s in [*refused.values(), *run["both"]])),
        ("with the JSON error in the customer's language (English, Japanese)",
         all(error_in_customer_language(s, lang) for lang, s in refused.items())),
        (NO_TURN_WITHOUT_LOCK, run["unchanged"]),
        (RESENT_AND_FINISHED, all(c.completed for c in run["rest"])),
        (ONE_AFTER_THE_OTHER, all(s.status == 200 for s in run["pair"])
         and not interleaved(run["order"])),
    ]
    _record(figures, "fault-4-redis", "Fault: Redis down",
            "An English and a Japanese conversation three turns in; Redis killed (SIGKILL), "
            "the supervisor held back 20 s; the next message of each sent through nginx, "
            "and one message sent to both replicas directly at the same moment; then Redis "
            "back and the conversations resent and finished; then two messages of one "
            "conversation sent at once, one to each replica.",
            [(f"error shown to the {lang} customer", s.body.get("message")
              if isinstance(s.body, dict) else s.body) for lang, s in refused.items()]
            + [("Redis answering again after (s)", round(run["back"], 1))],
            checks, load_average)
