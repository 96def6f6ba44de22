"""The customer chat page and the embeddable widget: static files plus `/config.js`, which
tells both where Rasa is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from sanic import Request, Sanic
from sanic.exceptions import NotFound
from sanic.response import HTTPResponse, raw

from bot.settings import Settings, load_settings

STATIC = Path(__file__).resolve().parent / "static"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
# A host the server listens on but a browser cannot dial; the page then uses the host it
# was loaded from.
WILDCARD_HOSTS = {"", "0.0.0.0", "::"}
READ = ["GET", "HEAD"]
# credentials.yml key of the socket.io channel with signed sessions (bot/channels).
SOCKET_CHANNEL = "bot.channels.socketio.SocketChannel"


@dataclass(frozen=True)
class SocketChannel:
    """The socket.io channel as `credentials.yml` configures it for the Rasa server."""

    path: str
    user_message_evt: str
    bot_message_evt: str
    metadata_key: str
    opening_payload: str  # what a client sends when a conversation opens (the greeting)

    @classmethod
    def from_credentials(cls, path: Path | None = None) -> SocketChannel:
        """Read the socket.io channel's section of credentials.yml (default: the project
        directory's), with Rasa's defaults for absent keys."""
        path = path or load_settings().project_dir / "credentials.yml"
        channels = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        key = next((k for k in (SOCKET_CHANNEL, "socketio") if k in channels), None)
        if key is None:
            raise RuntimeError(
                f"{path} has no `socketio:` channel, which the chat page talks to; "
                "add it (see README 'Chat page')"
            )
        section = channels[key] or {}
        return cls(
            path=section.get("socketio_path", "/socket.io"),
            user_message_evt=section.get("user_message_evt", "user_uttered"),
            bot_message_evt=section.get("bot_message_evt", "bot_uttered"),
            metadata_key=section.get("metadata_key", "metadata"),
            opening_payload=(section.get("opening_payloads") or ["/get_started"])[0],
        )


def socket_origin(settings: Settings, page_host: str | None) -> str:
    """Origin of the Rasa server as the browser must dial it (`page_host`: the Host name
    the browser used, without port): TRIAGEBOT_PUBLIC_URL when set (a proxy or TLS in front)."""
    if settings.public_url:
        return settings.public_url
    host = settings.host
    if host in WILDCARD_HOSTS:
        host = page_host or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.rasa_port}"


def static_file(root: Path, relative: str) -> Path:
    """The file below `root` a URL names; NotFound for dotfiles, unknown types, symlinks
    out of `root`, folders and missing files."""
    root = root.resolve()
    target = (root / relative.lstrip("/")).resolve()
    if (
        not target.is_relative_to(root)
        or target.name.startswith(".")
        or target.suffix not in CONTENT_TYPES
        or not target.is_file()
    ):
        raise NotFound("not found")
    return target


def add_chat_routes(app: Sanic, settings: Settings, channel: SocketChannel) -> None:
    """Serve the page at `/` and `/chat`, its config at `/config.js`, files at `/static/`,
    the widget at `/widget.js` and a page that embeds it at `/embed-example.html`."""
    page = (STATIC / "chat.html").read_bytes()
    widget = (STATIC / "widget.js").read_bytes()
    example = (STATIC / "embed-example.html").read_bytes()

    async def chat_page(request: Request) -> HTTPResponse:
        return raw(page, content_type=CONTENT_TYPES[".html"])

    async def widget_js(request: Request) -> HTTPResponse:
        return raw(widget, content_type=CONTENT_TYPES[".js"])

    async def embed_example(request: Request) -> HTTPResponse:
        return raw(example, content_type=CONTENT_TYPES[".html"])

    async def config_js(request: Request) -> HTTPResponse:
        config = {
            "socketUrl": socket_origin(settings, request.ctx.page_host),
            "socketPath": channel.path,
            "userMessageEvent": channel.user_message_evt,
            "botMessageEvent": channel.bot_message_evt,
            "metadataKey": channel.metadata_key,
            "openingPayload": channel.opening_payload,
        }
        body = f"window.TRIAGEBOT_CONFIG = {json.dumps(config)};\n"
        return raw(body.encode(), content_type=CONTENT_TYPES[".js"])

    async def static(request: Request, path: str = "") -> HTTPResponse:
        target = static_file(STATIC, request.ctx.path.removeprefix("/static"))
        return raw(target.read_bytes(), content_type=CONTENT_TYPES[target.suffix])

    app.add_route(chat_page, "/", methods=READ, name="chat_root")
    app.add_route(chat_page, "/chat", methods=READ, name="chat_page")
    app.add_route(config_js, "/config.js", methods=READ, name="config_js")
    app.add_route(widget_js, "/widget.js", methods=READ, name="widget_js")
    app.add_route(embed_example, "/embed-example.html", methods=READ, name="embed_example")
    app.add_route(static, "/static/<path:path>", methods=READ, name="static")
