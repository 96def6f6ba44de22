"""The socket.io channel for browsers: Rasa's protocol, with sessions bound to their owner.

Rasa's own channel lets any client join any room by naming its session id. Here the server
issues every session id as a signed token (`sessions.py`); a client that presents a token
it was not given gets a new session instead, and its messages always go to the session its
connection was bound to, never to an id it names in a message.

Other Rasa web widgets work unchanged: their opening payload (`/get_started` by default,
`opening_payloads` in credentials.yml) is answered with the greeting in the language their
metadata names, and metadata is read from the configured key or `customData`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.channels.limits import InputError, check_metadata, clean_text, reply_language
from bot.channels.server import install_server_limits, quiet_log
from bot.channels.sessions import SessionSigner
from bot.policy.schema import LANGS
from bot.settings import load_settings

# Largest socket.io packet; a longer one is refused by python-engineio itself (HTTP 413 on
# polling, closed websocket). Below it, the channel answers over-long messages in words.
PACKET_MAX_BYTES = 1024 * 1024
ERROR_EVENT = "triagebot_error"
# What widgets send when they open (rasa-webchat's `initPayload` default).
OPENING_PAYLOADS = ("/get_started",)
# Where widgets put metadata, after the configured `metadata_key` (rasa-webchat: customData).
METADATA_KEYS = ("customData", "metadata")


def opening_message(metadata: dict[str, Any], accept_language: str = "") -> str:
    """The greeting intent, with the customer's language as an entity so the greeting is in
    it: metadata `language`, else its `locale`, else the browser's Accept-Language."""
    guesses = (metadata.get("language"), metadata.get("locale"), accept_language)
    lang = next((g[:2].lower() for g in guesses if isinstance(g, str)
                 and g[:2].lower() in LANGS), "en")
    return f'/greet{{"language":"{lang}"}}'


class SocketChannel(SocketIOInput):
    """`socketio` with signed sessions and limits (`bot.channels.socketio.SocketChannel`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = load_settings()
        self.signer = SessionSigner(settings.session_secret())
        self.max_chars = settings.max_message_chars
        self.origins = set(settings.allowed_origins)
        self.bound: dict[str, str] = {}  # socket id -> the conversation it may speak for
        self.accept_language: dict[str, str] = {}  # socket id -> its Accept-Language header
        self.opening_payloads: tuple[str, ...] = OPENING_PAYLOADS

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SocketChannel:
        """Rasa's socket.io settings plus `opening_payloads` (a list of texts)."""
        channel = super().from_credentials(credentials)
        assert isinstance(channel, SocketChannel)
        payloads = (credentials or {}).get("opening_payloads", list(OPENING_PAYLOADS))
        if not isinstance(payloads, list) or not all(isinstance(p, str) for p in payloads):
            raise ValueError("credentials.yml: opening_payloads must be a list of texts, "
                             "e.g. [/get_started]")
        channel.opening_payloads = tuple(payloads)
        return channel

    def metadata_of(self, data: dict[str, Any]) -> Any:
        """The message's metadata under the configured key, else a widget's usual key."""
        for key in dict.fromkeys((self.metadata_key, *METADATA_KEYS)):
            if data.get(key) is not None:
                return data[key]
        return None

    def read(self, sid: str, data: Any) -> UserMessage:
        """The checked message of one `user_uttered` event (output channel set later)."""
        sender = self.bound.get(sid)
        if sender is None:
            raise InputError("session_required")
        if not isinstance(data, dict):
            raise InputError("invalid_json")
        metadata = self.metadata_of(data)
        if isinstance(metadata, str):  # Rasa's channel accepts metadata as a JSON string
            try:
                metadata = json.loads(metadata)
            except ValueError as err:
                raise InputError("invalid_metadata", params={"max": 32}) from err
        checked = check_metadata(metadata)
        text = clean_text(data.get("message"), self.max_chars)
        if text in self.opening_payloads:
            text = opening_message(checked, self.accept_language.get(sid, ""))
        return UserMessage(text, None, sender, input_channel=self.name(), metadata=checked)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(
            async_mode="sanic", cors_allowed_origins=[], max_http_buffer_size=PACKET_MAX_BYTES
        )
        hook = SocketBlueprint(sio, self.socketio_path, "triagebot_socketio_webhook", __name__)
        install_server_limits(hook)
        self.sio = sio

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: Any) -> bool:
            # Browsers always send Origin; other clients (servers, tests) send none.
            origin = environ.get("HTTP_ORIGIN")
            if origin is not None and origin not in self.origins:
                return False
            self.accept_language[sid] = str(environ.get("HTTP_ACCEPT_LANGUAGE", ""))[:64]
            return True

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            self.bound.pop(sid, None)
            self.accept_language.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            token = data.get("session_id") if isinstance(data, dict) else None
            sender = self.signer.verify(token)
            if sender is None:
                token = self.signer.issue()
                sender = self.signer.verify(token)
            assert sender is not None
            previous = self.bound.get(sid)
            if previous and previous != sender:
                sio.leave_room(sid, previous, namespace=self.namespace)
            self.bound[sid] = sender
            sio.enter_room(sid, sender, namespace=self.namespace)
            await sio.emit("session_confirm", token, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            try:
                message = self.read(sid, data)
            except InputError as err:
                await self._refuse(sid, err, data)
                return
            message.output_channel = SocketIOOutput(sio, self.bot_message_evt)
            try:
                await on_new_message(message)
            except Exception as err:  # noqa: BLE001 - answered, logged without the text
                quiet_log(f"socket.io message failed: {type(err).__name__}", message.sender_id)
                await self._refuse(sid, InputError("not_processed", 503), data)

        return hook

    async def _refuse(self, sid: str, err: InputError, data: Any) -> None:
        """Tell the client why: an error event, and the text as a bot message for widgets."""
        assert self.sio is not None
        fields = data if isinstance(data, dict) else {}
        body = err.body(reply_language(fields.get("message"), self.metadata_of(fields)))
        await self.sio.emit(ERROR_EVENT, body, room=sid, namespace=self.namespace)
        await self.sio.emit(self.bot_message_evt, {"text": body["message"]}, room=sid,
                            namespace=self.namespace)
