"""nginx in front of the replicas: a configuration nginx accepts, fail-over from a replica
that refuses connections, and a JSON error in the client's language when none answers."""

from __future__ import annotations

import json
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.prodlocal.proxy import Proxy
from bot.prodlocal.stores import program
from bot.services import Server, Services
from bot.web.process import free_port


class Replica(BaseHTTPRequestHandler):
    """Answers every POST with the port it listens on, as a Rasa replica would answer."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps([{"text": f"replica {self.server.server_address[1]}"}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def live_replica() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Replica)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


@contextmanager
def _nginx(tmp_path: Path, rasa_ports: list[int]) -> Iterator[int]:
    """nginx before `rasa_ports`, supervised like the topology's; yields its port."""
    proxy = Proxy(tmp_path / "nginx", free_port(), rasa_ports, web_port=free_port())
    proxy.write_config()
    services = Services()
    services.servers["nginx"] = Server("nginx", proxy.command(), {}, tmp_path / "nginx.log",
                                       Path("/"))
    services.servers["nginx"].start()
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{proxy.port}/status", timeout=1)
            except urllib.error.HTTPError:
                break  # nginx answers (its upstreams may not)
            except OSError:
                services.check_alive()
                threading.Event().wait(0.1)
        yield proxy.port
    finally:
        services.stop()


def _post(port: int, lang: str | None = None) -> tuple[int, object]:
    headers = {"Content-Type": "application/json", **({"Accept-Language": lang} if lang else {})}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                                     data=b'{"sender": "s", "message": "hi"}', headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as err:
        return err.code, json.load(err)


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    proxy = Proxy(tmp_path / "nginx", free_port(), [free_port(), free_port()], free_port())
    conf = proxy.write_config()
    done = subprocess.run([program("nginx"), "-t", "-p", str(proxy.root), "-c", str(conf),
                           "-e", "stderr"], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_replica_that_refuses_is_skipped(tmp_path: Path, live_replica: int) -> None:
    dead = free_port()
    with _nginx(tmp_path, [dead, live_replica]) as port:
        answers = [_post(port) for _ in range(6)]
        assert answers == [(200, [{"text": f"replica {live_replica}"}])] * 6


@pytest.mark.parametrize(("lang", "expected"), [
    ("ja", "申し訳ありません"), ("en-GB,en;q=0.8", "Sorry"), (None, "Sorry"),
])
def test_with_no_replica_up_the_client_gets_a_json_error_in_its_language(
        tmp_path: Path, lang: str | None, expected: str) -> None:
    with _nginx(tmp_path, [free_port()]) as port:
        status, body = _post(port, lang)
        assert status == 503
        assert isinstance(body, dict) and body["error"] == "not_processed"
        assert expected in body["message"]
        assert ("申し訳" in body["message"]) == (lang is None or lang == "ja")
