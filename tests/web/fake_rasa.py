"""A stand-in for Rasa's socket.io channel, to test the chat page without a trained model.

It speaks the same protocol with the same library (python-socketio's AsyncServer) and the
same handshake as `rasa.core.channels.socketio` with `session_persistence: true`: replies go
to a room named by the session id, which a client joins with `session_request`.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from typing import Any

import socketio
from aiohttp import web

OPENING = "/get_started"  # the opening payload: recorded, answered with nothing
REFUSED = "please refuse"  # answered as the real channel refuses: error event, then its text
HANDOFF = "hand me over"  # answered with a hand-off message and its card
CARD = {"case_number": "07001234", "deadline": "2026-01-10T10:59:00+00:00",
        "timezone": "Asia/Tokyo", "target": {"en": "6 hours", "ja": "6時間以内"},
        "phone": ["0120 922 345"], "phone_hours": {"en": "24/7/365", "ja": "24時間365日"},
        "support_language": "ja"}
BUTTONS = [
    {"title": "Severity 2 - major", "payload": '/choose_severity{"severity":"2"}'},
    {"title": "Severity 3 - minor", "payload": '/choose_severity{"severity":"3"}'},
]


class FakeRasa:
    """Answers every text with buttons, and every button payload with a plain text (a few
    texts above get the channel's other answers)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None

    def _app(self) -> web.Application:
        sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
        app = web.Application()
        sio.attach(app)

        @sio.on("session_request")
        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            session_id = (data or {}).get("session_id") or uuid.uuid4().hex
            sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on("user_uttered")
        async def user_uttered(sid: str, data: dict[str, Any]) -> None:
            self.received.append(data)
            text = data["message"]
            room = data["session_id"]
            if text == OPENING:
                return
            if text == REFUSED:
                error = {"error": "not_processed", "message": "Sorry, not processed."}
                await sio.emit("triagebot_error", error, room=sid)
                await sio.emit("bot_uttered", {"text": error["message"]}, room=sid)
                return
            if text == HANDOFF:
                await sio.emit("bot_uttered", {"text": "Your case number is 07001234."}, room=room)
                await sio.emit("bot_uttered", {"handoff": CARD}, room=room)
                return
            reply: dict[str, Any] = (
                {"text": f"payload {text}"} if text.startswith("/")
                else {"text": f"you said {text}", "quick_replies": BUTTONS}
            )
            await sio.emit("bot_uttered", reply, room=room)

        return app

    async def _start(self) -> None:
        self._runner = web.AppRunner(self._app(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = int(self._runner.addresses[0][1])

    async def _shutdown(self, runner: web.AppRunner) -> None:
        await runner.cleanup()
        # engineio leaves ping and service tasks behind; end them as asyncio.run would.
        tasks = asyncio.all_tasks() - {asyncio.current_task()}
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def start(self) -> FakeRasa:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._shutdown(self._runner), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()
