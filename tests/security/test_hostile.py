"""The hostile-input corpus against the real servers, with a bystander conversation.

Every line of tests/data/hostile/ goes to its entry point: no answer may be a 5xx, each
comes within 5 s, refusals have the documented JSON shape, a bystander keeps getting
answers throughout, and afterwards both databases pass `PRAGMA integrity_check` and a
row-by-row check, no forged case exists, and no personal data of the corpus is in a log.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import socketio

from bot.channels.limits import SENDER_PATTERN
from bot.channels.sessions import SessionSigner
from bot.settings import Settings
from bot.web.process import WebProcess
from tests import run_async
from tests.security.corpus import body_bytes, is_error_body, load, send

pytestmark = pytest.mark.integration
ANSWER_WITHIN = 5.0
PII = ["hostile.tester@corpus.example", "604 555 0199", "73920418", "山本", "5555－0199"]


class Bystander(threading.Thread):
    """Says hello every 0.3 s on its own conversation and records each answer."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.results, self.done = url, [], threading.Event()

    def run(self) -> None:
        n = 0
        while not self.done.is_set():
            n += 1
            body = json.dumps({"sender": f"bystander-{n % 5}", "message": "hello"}).encode()
            started = time.monotonic()
            status, reply = send(self.url, body, timeout=30)
            self.results.append((status, time.monotonic() - started, reply))
            time.sleep(0.3)


@pytest.fixture(scope="module")
def bystander(running_bot: Settings) -> Iterator[Bystander]:
    thread = Bystander(f"http://127.0.0.1:{running_bot.rasa_port}/webhooks/rest/webhook")
    thread.start()
    yield thread
    thread.done.set()
    thread.join(35)
    assert thread.results
    for status, elapsed, reply in thread.results:
        assert status == 200 and json.loads(reply), reply
        assert elapsed < ANSWER_WITHIN, f"bystander waited {elapsed:.1f} s"


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.monotonic()
    result = fn(*args, **kwargs)
    return result, time.monotonic() - started


@pytest.mark.parametrize("row", load("rest"), ids=lambda r: r["name"])
def test_rest_webhook(row: dict[str, Any], running_bot: Settings, bystander: Bystander) -> None:
    url = f"http://127.0.0.1:{running_bot.rasa_port}/webhooks/rest/webhook"
    if row.get("query"):
        url += "?" + row["query"]
    (status, body), elapsed = _timed(send, url, body_bytes(row), headers=row.get("headers"))
    assert elapsed < ANSWER_WITHIN
    assert status < 500, body[:300]
    if row["expect"] == "reply":
        assert status == 200
        text = body.decode()
        # stream=true answers JSON lines; the default is one JSON list
        replies = ([json.loads(x) for x in text.splitlines() if x] if "stream" in url
                   else json.loads(text))
        assert replies, "a processed message is never answered with []"
    else:
        assert status in (400, 413) and is_error_body(body), (status, body[:300])


@pytest.mark.parametrize("row", load("rasa_api"), ids=lambda r: r["name"])
def test_rasa_http_api(row: dict[str, Any], running_bot: Settings, bystander: Bystander) -> None:
    token = {True: running_bot.auth_token(), False: None}.get(row["token"], row["token"])
    url = f"http://127.0.0.1:{running_bot.rasa_port}{row['path']}"
    if token is not None:
        url += f"?token={token}"
    data = body_bytes(row) if row["method"] == "POST" else None
    (status, body), elapsed = _timed(send, url, data, method=row["method"])
    assert elapsed < ANSWER_WITHIN and status < 500, body[:300]
    expected = {"unauthorized": {401}, "ok": {200}, "client_error": {400, 413}}
    if row["expect"] in expected:
        assert status in expected[row["expect"]], (status, body[:300])


@pytest.mark.parametrize("row", load("actions"), ids=lambda r: r["name"])
def test_action_server(row: dict[str, Any], running_bot: Settings, bystander: Bystander) -> None:
    token = running_bot.action_secret() if row["token"] == "RIGHT" else row["token"]
    url = f"http://127.0.0.1:{running_bot.actions_port}{row.get('path', '/webhook')}"
    if token is not None:
        url += f"?token={token}"
    method = row.get("method", "POST")
    data = body_bytes(row) if method == "POST" else None
    (status, body), elapsed = _timed(send, url, data, method=method)
    assert elapsed < ANSWER_WITHIN and status < 500, body[:300]
    expected = {"unauthorized": {401}, "ok": {200}, "client_error": {400, 404},
                "unauthorized_or_too_large": {401, 413}}[row["expect"]]
    assert status in expected, (status, body[:300])
    assert b"<script>" not in body  # errors never echo the request


async def _socket(url: str, path: str) -> tuple[socketio.AsyncClient, asyncio.Queue[Any]]:
    client = socketio.AsyncClient()
    events: asyncio.Queue[Any] = asyncio.Queue()
    for name in ("session_confirm", "bot_uttered", "triagebot_error"):
        client.on(name, lambda data, name=name: events.put_nowait((name, data)))
    await client.connect(url, socketio_path=path, transports=["polling"], wait_timeout=10)
    return client, events


async def _next(events: asyncio.Queue[Any], name: str) -> Any:
    while True:
        got, data = await asyncio.wait_for(events.get(), ANSWER_WITHIN)
        if got == name:
            return data


async def _run_socket_corpus(settings: Settings) -> list[str]:
    url, path = f"http://127.0.0.1:{settings.rasa_port}", "/socket.io"
    signer = SessionSigner(settings.session_secret())
    victim, victim_events = await _socket(url, path)
    await victim.emit("session_request", {"session_id": None})
    token = await _next(victim_events, "session_confirm")
    bare = token.split(".")[0]
    failures = []
    for row in load("socketio"):
        data = json.loads(json.dumps(row["data"]).replace("VICTIM_BARE", bare)
                          .replace("VICTIM", token))
        client, events = await _socket(url, path)
        try:
            if not row.get("no_session"):
                await client.emit("session_request", {"session_id": None})
                own = await _next(events, "session_confirm")
                assert own != token
            started = time.monotonic()
            await client.emit(row["event"], data)
            if row["expect"] == "new_session":
                issued = await _next(events, "session_confirm")
                assert issued != token and signer.verify(issued) not in (None, f"web-{bare}")
            elif row["expect"] == "refused":
                error = await _next(events, "triagebot_error")
                assert set(error) == {"error", "message"} and error["message"]
            else:
                reply = await _next(events, "bot_uttered")
                assert reply.get("text") or reply.get("buttons")
            assert time.monotonic() - started < ANSWER_WITHIN
        except (AssertionError, asyncio.TimeoutError) as err:
            failures.append(f"{row['name']}: {err!r}")
        finally:
            await client.disconnect()
    await asyncio.sleep(1)
    leaked = []
    while not victim_events.empty():
        name, data = victim_events.get_nowait()
        leaked += [data] if name == "bot_uttered" else []
    await victim.disconnect()
    if leaked:
        failures.append(f"the victim session received replies to others: {leaked[:2]}")
    url = (f"http://127.0.0.1:{settings.rasa_port}/conversations/web-{bare}/tracker"
           f"?token={settings.auth_token()}")
    status, body = send(url, None, method="GET")
    spoken = [e for e in json.loads(body)["events"] if e["event"] == "user"]
    if status != 200 or spoken:
        failures.append(f"others spoke in the victim's conversation: {spoken[:2]}")
    return failures


def test_socketio_corpus(running_bot: Settings, bystander: Bystander) -> None:
    assert run_async(_run_socket_corpus(running_bot)) == []


def test_databases_intact_afterwards(running_bot: Settings, bystander: Bystander) -> None:
    """Runs after the corpus tests of this module (pytest keeps file order)."""
    tracker = sqlite3.connect(running_bot.tracker_db)
    cases_path = running_bot.cases_url.removeprefix("sqlite:///")
    cases = sqlite3.connect(cases_path)
    for db in (tracker, cases):
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = tracker.execute("SELECT sender_id, type_name, data FROM events").fetchall()
    assert rows
    for sender, type_name, data in rows:
        assert SENDER_PATTERN.fullmatch(sender), sender
        assert json.loads(data)["event"] == type_name
    for row in cases.execute("SELECT case_number, conversation_id, fields, messages FROM cases"):
        number, conversation, fields, messages = row
        assert number and SENDER_PATTERN.fullmatch(conversation)
        assert isinstance(json.loads(fields), dict) and isinstance(json.loads(messages), list)
        assert conversation != "hostile-forged"


def test_no_personal_data_in_logs(running_bot: Settings, bystander: Bystander) -> None:
    logs = "".join(p.read_text("utf-8", "replace")
                   for p in (running_bot.var_dir / "logs").glob("*.log"))
    assert logs
    for item in PII:
        assert item not in logs


@pytest.fixture(scope="module")
def web_app(running_bot: Settings) -> Iterator[str]:
    """The chat page and console server beside the bot, on a port of its own."""
    web = WebProcess(replace(running_bot, web_port=0)).start()
    try:
        yield f"http://127.0.0.1:{web.port}"
    finally:
        web.stop()


@pytest.mark.parametrize("row", load("web"), ids=lambda r: r["name"])
def test_web_server(row: dict[str, Any], web_app: str) -> None:
    data = body_bytes(row) if row["method"] == "POST" else None
    (status, body), elapsed = _timed(send, web_app + row["path"], data, method=row["method"])
    assert elapsed < ANSWER_WITHIN and status < 500, body[:300]
    expected = {"ok": {200}, "not_found_or_bad": {400, 404}, "client_error": {400, 403, 404,
                                                                            405, 413}}
    assert status in expected[row["expect"]], (status, body[:200])
