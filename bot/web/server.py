"""A tiny routes table on the standard library's threading HTTP server.

Deliberately not aiohttp: Rasa pins aiohttp below the releases that fix its static-file
advisories (docs/dependencies.md), and a thread keeps the server out of Rasa's event loops.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@dataclass(frozen=True)
class Request:
    """One request: `path` percent-decoded and relative to the mount, header names lower-case."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: bytes = b""

    @property
    def hostname(self) -> str | None:
        """Host name the client used (Host header without port or brackets)."""
        host = self.headers.get("host", "")
        try:
            return urlsplit(f"//{host}").hostname
        except ValueError:
            return None


@dataclass(frozen=True)
class Response:
    """What a handler returns; the server adds length and the common headers."""

    body: bytes = b""
    status: int = HTTPStatus.OK
    content_type: str = "text/plain; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: HTTPStatus, headers: Mapping[str, str] | None = None) -> Response:
        """A plain-text error response with the standard reason phrase."""
        return cls(f"{status.value} {status.phrase}\n".encode(), status, headers=headers or {})


Handler = Callable[[Request], Response]


class WebApp:
    """Exact GET routes plus prefix mounts (a mounted handler gets every method below it)."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.mounts: dict[str, Handler] = {}

    def route(self, path: str, handler: Handler) -> None:
        """Answer GET (and HEAD) on exactly `path`."""
        self.routes[path] = handler

    def mount(self, prefix: str, handler: Handler) -> None:
        """Hand `prefix` and everything below it to `handler`, path made relative to it."""
        self.mounts[prefix.rstrip("/")] = handler

    def __call__(self, request: Request) -> Response:
        if request.path in self.routes:
            if request.method not in ("GET", "HEAD"):
                return Response.error(HTTPStatus.METHOD_NOT_ALLOWED, {"Allow": "GET, HEAD"})
            return self.routes[request.path](request)
        for prefix in sorted(self.mounts, key=len, reverse=True):
            if request.path == prefix or request.path.startswith(prefix + "/"):
                inner = request.path[len(prefix):] or "/"
                return self.mounts[prefix](replace(request, path=inner))
        return Response.error(HTTPStatus.NOT_FOUND)


def static_files(root: Path) -> Handler:
    """Serve files below `root` with a known suffix; never dotfiles, never outside `root`."""
    root = root.resolve()

    def handler(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response.error(HTTPStatus.METHOD_NOT_ALLOWED, {"Allow": "GET, HEAD"})
        target = (root / request.path.lstrip("/")).resolve()
        if (
            not target.is_relative_to(root)
            or target.name.startswith(".")
            or target.suffix not in CONTENT_TYPES
            or not target.is_file()
        ):
            return Response.error(HTTPStatus.NOT_FOUND)
        return Response(target.read_bytes(), content_type=CONTENT_TYPES[target.suffix])

    return handler


def _unsafe(path: str) -> bool:
    """Dot segments, backslashes or NUL after decoding: no route needs them, traversal does."""
    return "\\" in path or "\x00" in path or any(s in (".", "..") for s in path.split("/"))


class _RequestHandler(BaseHTTPRequestHandler):
    server_version = "triagebot-web"
    sys_version = ""
    timeout = 30  # a silent client must not hold a thread forever
    app: WebApp

    # http.server calls do_<METHOD>; every method goes through the same routes table.
    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        response = self._respond()
        self.send_response(response.status)
        headers = {**COMMON_HEADERS, **response.headers, "Content-Type": response.content_type}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _respond(self) -> Response:
        split = urlsplit(self.path)
        try:
            path = unquote(split.path, errors="strict")
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:  # undecodable %-escapes or a bad Content-Length
            return Response.error(HTTPStatus.BAD_REQUEST)
        if not path.startswith("/") or _unsafe(path):
            return Response.error(HTTPStatus.BAD_REQUEST)
        if not 0 <= length <= MAX_BODY:
            return Response.error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        request = Request(
            method=self.command, path=path, query=parse_qs(split.query),
            headers={k.lower(): v for k, v in self.headers.items()}, body=self.rfile.read(length) if length else b"",
        )
        try:
            return self.app(request)
        except Exception:
            log.exception("error answering %s %s", self.command, path)
            return Response.error(HTTPStatus.INTERNAL_SERVER_ERROR)

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s " + format, self.address_string(), *args)


class WebServer:
    """`app` served by a thread-per-request HTTP server in a background thread."""

    def __init__(self, app: WebApp, host: str, port: int) -> None:
        handler = type("Handler", (_RequestHandler,), {"app": app})
        server_class = type(
            "Server", (ThreadingHTTPServer,),
            {"address_family": socket.AF_INET6 if ":" in host else socket.AF_INET,
             "daemon_threads": True},
        )
        self._httpd = server_class((host, port), handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="triagebot-web", daemon=True
        )

    @property
    def port(self) -> int:
        """The bound port (useful when started on port 0)."""
        return int(self._httpd.server_address[1])

    def start(self) -> WebServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
