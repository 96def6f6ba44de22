"""The customer chat page: static files plus `/config.js`, which tells the page where Rasa is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.settings import ROOT, Settings
from bot.web.server import CONTENT_TYPES, Request, Response, WebApp, static_files

STATIC = Path(__file__).resolve().parent / "static"
# A host the server listens on but a browser cannot dial; the page then uses the host it
# was loaded from.
WILDCARD_HOSTS = {"", "0.0.0.0", "::"}


@dataclass(frozen=True)
class SocketChannel:
    """The socket.io channel as `credentials.yml` configures it for the Rasa server."""

    path: str
    user_message_evt: str
    bot_message_evt: str
    metadata_key: str

    @classmethod
    def from_credentials(cls, path: Path = ROOT / "credentials.yml") -> SocketChannel:
        """Read the `socketio:` section, with Rasa's defaults for absent keys."""
        channels = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if "socketio" not in channels:
            raise RuntimeError(
                f"{path} has no `socketio:` channel, which the chat page talks to; "
                "add it (see README 'Chat page')"
            )
        section = channels["socketio"] or {}
        return cls(
            path=section.get("socketio_path", "/socket.io"),
            user_message_evt=section.get("user_message_evt", "user_uttered"),
            bot_message_evt=section.get("bot_message_evt", "bot_uttered"),
            metadata_key=section.get("metadata_key", "metadata"),
        )


def socket_origin(settings: Settings, request: Request) -> str:
    """Origin of the Rasa server as the browser must dial it."""
    host = settings.host
    if host in WILDCARD_HOSTS:
        host = request.hostname or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.rasa_port}"


def add_chat_routes(app: WebApp, settings: Settings, channel: SocketChannel) -> None:
    """Serve the page at `/` and `/chat`, its config at `/config.js`, files at `/static/`."""
    page = (STATIC / "chat.html").read_bytes()

    def chat_page(request: Request) -> Response:
        origin = socket_origin(settings, request)
        ws_origin = "ws" + origin.removeprefix("http")
        # Bot text is only ever set as textContent; the policy is a second line of defence.
        csp = (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' {origin} {ws_origin}; base-uri 'none'; form-action 'none'"
        )
        return Response(
            page, content_type=CONTENT_TYPES[".html"], headers={"Content-Security-Policy": csp}
        )

    def config_js(request: Request) -> Response:
        config = {
            "socketUrl": socket_origin(settings, request),
            "socketPath": channel.path,
            "userMessageEvent": channel.user_message_evt,
            "botMessageEvent": channel.bot_message_evt,
            "metadataKey": channel.metadata_key,
        }
        body = f"window.TRIAGEBOT_CONFIG = {json.dumps(config)};\n"
        return Response(body.encode(), content_type=CONTENT_TYPES[".js"])

    app.route("/", chat_page)
    app.route("/chat", chat_page)
    app.route("/config.js", config_js)
    app.mount("/static", static_files(STATIC))
