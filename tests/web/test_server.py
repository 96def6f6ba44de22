"""The web server: routes, content types, mounts, and refusing paths outside static/."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.settings import load_settings
from bot.web import start_web
from bot.web.chat import SocketChannel, socket_origin
from bot.web.server import Request, Response, WebApp, static_files

JS = "text/javascript; charset=utf-8"


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    settings = replace(load_settings(), host="127.0.0.1", rasa_port=5123, web_port=0)
    server = start_web(settings)
    try:
        yield server.port
    finally:
        server.stop()


def fetch(port: int, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """Send `path` exactly as given (no client-side normalisation of `..`)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=b"x" if method == "POST" else None)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


SERVED = [
    ("/", "text/html; charset=utf-8", b"<textarea id=\"message\""),
    ("/chat", "text/html; charset=utf-8", b"/static/chat.js"),
    ("/config.js", JS, b"window.TRIAGEBOT_CONFIG"),
    ("/static/chat.js", JS, b"session_request"),
    ("/static/chat.css", "text/css; charset=utf-8", b".visually-hidden"),
    ("/static/vendor/socket.io.min.js", JS, b"Socket.IO v4."),
]


@pytest.mark.parametrize(("path", "content_type", "snippet"), SERVED)
def test_serves_page_config_and_assets(
    port: int, path: str, content_type: str, snippet: bytes
) -> None:
    status, headers, body = fetch(port, path)
    assert status == 200
    assert headers["Content-Type"] == content_type
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert int(headers["Content-Length"]) == len(body)
    assert snippet in body


def test_config_points_the_page_at_rasa_and_the_credentials_channel(port: int) -> None:
    _, _, body = fetch(port, "/config.js")
    match = re.fullmatch(rb"window.TRIAGEBOT_CONFIG = (.*);\n", body)
    assert match
    config = json.loads(match[1])
    assert config == {
        "socketUrl": "http://127.0.0.1:5123", "socketPath": "/socket.io",
        "userMessageEvent": "user_uttered", "botMessageEvent": "bot_uttered",
        "metadataKey": "metadata",
    }


def test_page_allows_scripts_from_itself_and_sockets_to_rasa_only(port: int) -> None:
    csp = fetch(port, "/")[1]["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "connect-src 'self' http://127.0.0.1:5123 ws://127.0.0.1:5123;" in csp


def test_head_has_headers_but_no_body(port: int) -> None:
    status, headers, body = fetch(port, "/", "HEAD")
    assert (status, body) == (200, b"")
    assert int(headers["Content-Length"]) > 0


REFUSED = [
    ("/nope", 404),
    ("/static/", 404),
    ("/static/vendor/README.md", 404),  # not a served file type
    ("/static/vendor/socket.io-client.LICENSE", 404),
    ("/console", 404),  # not mounted yet
    ("/../pyproject.toml", 400),
    ("/static/../../../pyproject.toml", 400),
    ("/%2e%2e/pyproject.toml", 400),
    ("/static/%2E%2E/%2E%2E/%2E%2E/pyproject.toml", 400),
    ("/static/..%2f..%2f..%2fpyproject.toml", 400),
    ("/static/..%5c..%5cchat.py", 400),
    ("/static/%252e%252e/%252e%252e/pyproject.toml", 404),  # double encoding stays literal
    ("/static/chat.js%00.html", 400),
    ("/%ff", 400),
    ("//etc/passwd", 404),
    ("/static//etc/passwd", 404),
]


@pytest.mark.parametrize(("path", "status"), REFUSED)
def test_unknown_and_traversing_paths_are_refused(port: int, path: str, status: int) -> None:
    got, headers, body = fetch(port, path)
    assert got == status
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert b"[project]" not in body and b"root:" not in body


def test_routes_answer_only_get_and_head(port: int) -> None:
    status, headers, _ = fetch(port, "/", "POST")
    assert status == 405
    assert headers["Allow"] == "GET, HEAD"


def test_static_handler_alone_stays_inside_its_folder(tmp_path: Path) -> None:
    """Second line of defence, in case a mount ever skips the server's path check."""
    root = tmp_path / "static"
    root.mkdir()
    (root / "ok.js").write_text("ok")
    (tmp_path / "secret.js").write_text("secret")
    (root / "link.js").symlink_to(tmp_path / "secret.js")
    (root / ".hidden.js").write_text("hidden")
    serve = static_files(root)

    def get(path: str) -> Response:
        return serve(Request("GET", path, {}, {}))

    assert get("/ok.js").body == b"ok"
    for path in ("/../secret.js", "/link.js", "/.hidden.js", "/", "/missing.js"):
        assert get(path).status == 404, path


def test_mounted_handler_gets_every_method_and_a_relative_path() -> None:
    app = WebApp()
    seen: list[tuple[str, str]] = []

    def console(request: Request) -> Response:
        seen.append((request.method, request.path))
        return Response(b"console")

    app.mount("/console", console)
    for method, path in [("GET", "/console"), ("POST", "/console/cases/7"), ("GET", "/consoles")]:
        app(Request(method, path, {}, {}))
    assert seen == [("GET", "/"), ("POST", "/cases/7")]


HOSTS = [
    ("127.0.0.1", "localhost:8080", "http://127.0.0.1:5005"),
    ("0.0.0.0", "support.example.com:8080", "http://support.example.com:5005"),
    ("0.0.0.0", "", "http://127.0.0.1:5005"),
    ("::", "[::1]:8080", "http://[::1]:5005"),
    ("::1", "whatever", "http://[::1]:5005"),
]


@pytest.mark.parametrize(("host", "header", "origin"), HOSTS)
def test_socket_origin_uses_the_page_host_only_for_wildcard_interfaces(
    host: str, header: str, origin: str
) -> None:
    settings = replace(load_settings(), host=host, rasa_port=5005)
    assert socket_origin(settings, Request("GET", "/", {}, {"host": header})) == origin


def test_channel_without_socketio_section_says_how_to_fix(tmp_path: Path) -> None:
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("rest:\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="no `socketio:` channel"):
        SocketChannel.from_credentials(credentials)
