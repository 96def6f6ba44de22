"""The REST channel for a trusted backend: Rasa's `rest` channel with every input checked.

Same URL and reply format as Rasa's (`POST /webhooks/rest/webhook`), but a request that
cannot be processed is never answered `200 []`: it gets 400/413/503 with
`{"error": CODE, "message": TEXT}` in the customer's language. The sender id is trusted as
given (the calling backend authenticates its users); see docs/security.md.
"""

from __future__ import annotations

from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.limits import (
    InputError,
    check_metadata,
    check_sender,
    clean_text,
    parse_body,
    reply_language,
)
from bot.channels.server import install_server_limits, quiet_log
from bot.settings import load_settings


class RestChannel(RestInput):
    """`rest` with limits; configured in credentials.yml as `bot.channels.rest.RestChannel`."""

    def __init__(self) -> None:
        self.max_chars = load_settings().max_message_chars

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestChannel:
        return cls()

    def read(self, request: Request) -> UserMessage:
        """The checked message of a request (output channel filled in by the caller)."""
        body = parse_body(request.body)
        return UserMessage(
            clean_text(body.get("message"), self.max_chars),
            None,
            check_sender(body.get("sender")),
            input_channel=self.name(),  # never the client's claim: replies go back here
            metadata=check_metadata(body.get("metadata")),
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("triagebot_rest_webhook", __name__)
        install_server_limits(hook)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                message = self.read(request)
            except InputError as err:
                return refuse(err, request)
            collector = CollectingOutputChannel()
            message.output_channel = collector
            try:
                await on_new_message(message)
            except CancelledError:
                quiet_log("rest message timed out", message.sender_id)
                return refuse(InputError("not_processed", 503), request, message.text)
            except Exception as err:  # noqa: BLE001 - answered, logged without the text
                quiet_log(f"rest message failed: {type(err).__name__}", message.sender_id)
                return refuse(InputError("not_processed", 503), request, message.text)
            if not collector.messages:
                # The dialogue always answers; silence means the turn went wrong.
                return refuse(InputError("not_processed", 503), request, message.text)
            return response.json(collector.messages)

        return hook


def refuse(err: InputError, request: Request, text: Any = None) -> HTTPResponse:
    """The JSON error answer, in the language the customer wrote or asked for."""
    if text is None:
        try:
            body = parse_body(request.body)
        except InputError:  # an unreadable body says nothing of the language
            body = {}
        text, metadata = body.get("message"), body.get("metadata")
    else:
        metadata = None
    lang = reply_language(text, metadata, request.headers.get("accept-language", ""))
    return response.json(err.body(lang), status=err.status)
