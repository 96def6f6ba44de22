"""The web app over HTTP: routes, content types, security headers, refused paths, API errors."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sanic.exceptions import NotFound

from bot.settings import load_settings
from bot.web import WebProcess, start_web
from bot.web.api import MAX_BODY
from bot.web.chat import SocketChannel, socket_origin, static_file

from .conftest import web_settings

JS = "text/javascript; charset=utf-8"


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    server: WebProcess = start_web(web_settings(tmp_path_factory.mktemp("server"), 5123))
    try:
        yield server.port
    finally:
        server.stop()


def fetch(port: int, path: str, method: str = "GET", body: bytes | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Send `path` exactly as given (no client-side normalisation of `..`)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body if body is not None else
                           (b"x" if method == "POST" else None), headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


SERVED = [
    ("/", "text/html; charset=utf-8", b'<main id="app"'),
    ("/chat", "text/html; charset=utf-8", b"/static/chat.js"),
    ("/config.js", JS, b'"openingPayload": "/get_started"'),
    ("/static/chat.js", JS, b"TriagebotChat.mount"),
    ("/static/chat-core.js", JS, b"session_request"),
    ("/widget.js", JS, b"attachShadow"),
    ("/embed-example.html", "text/html; charset=utf-8", b'<script src="/widget.js"'),
    ("/static/chat.css", "text/css; charset=utf-8", b".visually-hidden"),
    ("/static/vendor/socket.io.min.js", JS, b"Socket.IO v4."),
    ("/static/console.js", JS, b"textContent"),
    ("/console/login", "text/html; charset=utf-8", b'name="csrf_token"'),
]


@pytest.mark.parametrize(("path", "content_type", "snippet"), SERVED)
def test_serves_pages_config_and_assets_with_security_headers(
    port: int, path: str, content_type: str, snippet: bytes
) -> None:
    status, headers, body = fetch(port, path)
    assert status == 200
    assert headers["content-type"] == content_type
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert int(headers["content-length"]) == len(body)
    assert snippet in body


def test_config_points_the_page_at_rasa_and_the_credentials_channel(port: int) -> None:
    _, _, body = fetch(port, "/config.js")
    match = re.fullmatch(rb"window.TRIAGEBOT_CONFIG = (.*);\n", body)
    assert match
    assert json.loads(match[1]) == {
        "socketUrl": "http://127.0.0.1:5123", "socketPath": "/socket.io",
        "userMessageEvent": "user_uttered", "botMessageEvent": "bot_uttered",
        "metadataKey": "metadata", "openingPayload": "/get_started",
    }


def test_page_allows_scripts_from_itself_and_sockets_to_rasa_only(port: int) -> None:
    csp = fetch(port, "/")[1]["content-security-policy"]
    assert "script-src 'self';" in csp and "default-src 'none'" in csp
    assert "connect-src 'self' http://127.0.0.1:5123 ws://127.0.0.1:5123;" in csp


def test_head_has_headers_but_no_body(port: int) -> None:
    status, headers, body = fetch(port, "/", "HEAD")
    assert (status, body) == (200, b"")
    assert int(headers["content-length"]) > 0


REFUSED = [
    ("/nope", 404),
    ("/static/", 404),
    ("/static/vendor/README.md", 404),  # not a served file type
    ("/static/vendor/socket.io-client.LICENSE", 404),
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
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert headers["x-content-type-options"] == "nosniff"
    assert b"[project]" not in body and b"root:" not in body


def test_routes_answer_only_get_and_head(port: int) -> None:
    status, headers, _ = fetch(port, "/", "POST")
    assert status == 405
    assert headers["allow"] == "GET, HEAD"


def test_api_errors_are_json_never_html(port: int) -> None:
    status, headers, body = fetch(port, "/api/nothing-here")
    assert status == 404 and headers["content-type"] == "application/json"
    assert set(json.loads(body)) == {"error", "message"}


def test_transcript_intake_answers_json_errors_over_http(port: int) -> None:
    """The intake handler mounted at /api/transcripts: errors are JSON, never a 500."""
    status, headers, body = fetch(port, "/api/transcripts", "POST", b"agent: hello",
                                  {"Content-Type": "text/plain"})
    assert headers["content-type"] == "application/json"
    assert status in (401, 503) and set(json.loads(body)) == {"error", "message"}
    status, _, body = fetch(port, "/api/transcripts", "GET")
    assert status == 405 and set(json.loads(body)) == {"error", "message"}


def test_transcript_intake_checks_token_size_and_nlu_over_http(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIAGEBOT_TRANSCRIPTS_TOKEN", "calls-token")
    server = start_web(web_settings(tmp_path, rasa_port=9))  # no Rasa: the NLU is down
    try:
        call = b"agent: hello\ncustomer: all our backup jobs failed tonight"
        plain = {"Content-Type": "text/plain"}
        cases = [
            ({**plain, "Authorization": "Bearer wrong"}, call, 401, "unauthorized"),
            ({**plain, "Authorization": "Bearer calls-token"}, call, 503, "nlu_unavailable"),
            ({**plain, "Authorization": "Bearer calls-token"},
             b"x" * (MAX_BODY - 1024), 413, "body_too_large"),
        ]
        for headers, body, status, error in cases:
            got, _, reply = fetch(server.port, "/api/transcripts", "POST", body, headers)
            assert (got, json.loads(reply)["error"]) == (status, error)
    finally:
        server.stop()


def test_bodies_over_the_limit_are_refused(port: int) -> None:
    big = b"x" * (MAX_BODY + 1)
    try:
        status, _, _ = fetch(port, "/console/login", "POST", big,
                             {"Content-Type": "application/x-www-form-urlencoded"})
    except (BrokenPipeError, ConnectionResetError):
        return  # the server answered 413 and closed before the whole body was sent
    assert status == 413


def test_static_lookup_alone_stays_inside_its_folder(tmp_path: Path) -> None:
    """Second line of defence, in case a route ever skips the path check."""
    root = tmp_path / "static"
    root.mkdir()
    (root / "ok.js").write_text("ok")
    (tmp_path / "secret.js").write_text("secret")
    (root / "link.js").symlink_to(tmp_path / "secret.js")
    (root / ".hidden.js").write_text("hidden")
    assert static_file(root, "/ok.js").read_text() == "ok"
    for path in ("/../secret.js", "/link.js", "/.hidden.js", "/", "/missing.js"):
        with pytest.raises(NotFound):
            static_file(root, path)


HOSTS = [
    ("127.0.0.1", "localhost", "http://127.0.0.1:5005"),
    ("0.0.0.0", "support.example.com", "http://support.example.com:5005"),
    ("0.0.0.0", None, "http://127.0.0.1:5005"),
    ("::", "::1", "http://[::1]:5005"),
    ("::1", "whatever", "http://[::1]:5005"),
]


@pytest.mark.parametrize(("host", "page_host", "origin"), HOSTS)
def test_socket_origin_uses_the_page_host_only_for_wildcard_interfaces(
    host: str, page_host: str | None, origin: str
) -> None:
    settings = replace(load_settings(), host=host, rasa_port=5005)
    assert socket_origin(settings, page_host) == origin


def test_channel_without_socketio_section_says_how_to_fix(tmp_path: Path) -> None:
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("rest:\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="no `socketio:` channel"):
        SocketChannel.from_credentials(credentials)
