"""The live intake handler (POST /api/transcripts), tested without a web server."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from bot.cases import CaseStore
from bot.settings import Settings, load_settings
from bot.transcripts import intake
from tests.transcripts.conftest import FakeNlu

TOKEN = "s3cret-voice-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    monkeypatch.setenv("TRIAGEBOT_TRANSCRIPTS_TOKEN", TOKEN)
    monkeypatch.setenv("TRIAGEBOT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("TRIAGEBOT_CASES_URL", f"sqlite:///{tmp_path / 'cases.db'}")
    return load_settings()


@pytest.fixture()
def store(tmp_path: Path) -> CaseStore:
    return CaseStore(f"sqlite:///{tmp_path / 'intake.db'}")


def post(body: bytes, hint: str | None, headers: dict[str, str], nlu: FakeNlu,
         store: CaseStore, settings: Settings) -> tuple[int, dict[str, Any]]:
    return intake.handle(body, hint, headers, parse=nlu.parse, store=store, settings=settings)


def test_a_posted_call_is_triaged_and_stored_once(data_dir: Path, nlu: FakeNlu,
                                                  store: CaseStore, settings: Settings) -> None:
    body = (data_dir / "teams.vtt").read_bytes()
    headers = {**AUTH, "X-Call-Metadata": json.dumps({"program": "basic", "country": "JP",
                                                      "started_at": "2026-12-04T19:00:00+09:00"})}
    status, record = post(body, "text/vtt", headers, nlu, store, settings)
    assert status == 201
    assert record["severity"] == 3 and record["agent_speakers"] == ["Agent"]
    assert record["deadline"] == "2026-12-07T19:00:00+09:00"
    assert nlu.texts and "whole environment" not in nlu.texts[0]
    again_status, again = post(body, "text/vtt", headers, nlu, store, settings)
    assert (again_status, again["case_number"]) == (200, record["case_number"])
    [case] = store.all()
    assert (case.source, case.status) == ("voice", "pending_review")


def test_json_envelope_with_file_name_and_metadata(data_dir: Path, nlu: FakeNlu,
                                                   store: CaseStore, settings: Settings) -> None:
    body = json.dumps({"filename": "c.srt", "content": (data_dir / "call.srt").read_text(),
                       "metadata": {"program": "premium", "timezone": "Europe/Berlin",
                                    "started_at": "2026-12-04T10:00:00+01:00"}}).encode()
    status, record = post(body, "application/json", AUTH, nlu, store, settings)
    assert status == 201 and record["format"] == "srt" and record["country"] == "DE"
    assert record["agent_speakers"] == ["Operator"] and record["file"] == "c.srt"


def test_multipart_form_with_file_and_metadata(data_dir: Path, nlu: FakeNlu, store: CaseStore,
                                               settings: Settings) -> None:
    boundary = "b0undary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n"
            '{"program": "basic", "country": "US"}\r\n'
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.vtt\""
            "\r\nContent-Type: text/vtt\r\n\r\n").encode() + (data_dir / "teams.vtt").read_bytes() \
        + f"\r\n--{boundary}--\r\n".encode()
    headers = {**AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    status, record = post(body, None, headers, nlu, store, settings)
    assert status == 201 and record["format"] == "vtt" and record["file"] == "c.vtt"
    assert (record["program"], record["country"]) == ("basic", "US")
    assert record["agent_speakers"] == ["Agent"]


def test_amazon_transcribe_json_is_read_as_such(data_dir: Path, nlu: FakeNlu, store: CaseStore,
                                                settings: Settings) -> None:
    status, record = post((data_dir / "transcribe.json").read_bytes(), "call-7f3a.json", AUTH,
                          nlu, store, settings)
    assert status == 201 and record["format"] == "transcribe" and record["id"] == "call-7f3a"


ERRORS = [
    ({}, b"hello", 401, "unauthorized"),
    ({"Authorization": "Bearer wrong"}, b"hello", 401, "unauthorized"),
    ({"Authorization": TOKEN}, b"hello", 401, "unauthorized"),
    (AUTH, b"", 422, "empty"),
    (AUTH, b"\x00\x01binary", 422, "binary"),
    (AUTH, "失敗".encode("shift_jis"), 422, "encoding"),
    (AUTH, b'{"segments": [', 422, "malformed"),
    (AUTH, b'{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n', 422, "one_call_expected"),
    ({**AUTH, "X-Call-Metadata": "{not json"}, b"hello", 400, "invalid_metadata"),
    ({**AUTH, "X-Call-Metadata": '{"a": {"nested": 1}}'}, b"hello", 400, "invalid_metadata"),
    (AUTH, b"x" * (intake.BODY_MAX_BYTES + 1), 413, "body_too_large"),
]


@pytest.mark.parametrize(("headers", "body", "status", "code"), ERRORS)
def test_clear_errors(headers: dict[str, str], body: bytes, status: int, code: str,
                      nlu: FakeNlu, store: CaseStore, settings: Settings) -> None:
    got_status, got = post(body, "text/plain", headers, nlu, store, settings)
    assert (got_status, got["error"]) == (status, code)
    assert set(got) == {"error", "message"} and got["message"]
    assert store.all() == []


def test_no_token_configured_means_intake_disabled(nlu: FakeNlu, store: CaseStore,
                                                   settings: Settings,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIAGEBOT_TRANSCRIPTS_TOKEN")
    status, body = post(b"hello", "text/plain", AUTH, nlu, store, settings)
    assert (status, body["error"]) == (503, "intake_disabled")
    assert "TRIAGEBOT_TRANSCRIPTS_TOKEN" in body["message"]


def test_caller_text_over_the_channel_limit(nlu: FakeNlu, store: CaseStore,
                                            settings: Settings) -> None:
    small = replace(settings, max_message_chars=50)
    status, body = post(b"my backup job fails every single night " * 3, "text/plain", AUTH,
                        nlu, store, small)
    assert (status, body["error"]) == (413, "transcript_too_long") and nlu.texts == []


def test_nlu_down_is_503(store: CaseStore, settings: Settings) -> None:
    def down(text: str) -> dict[str, Any]:
        raise intake.NluUnavailable("the NLU (Rasa server) did not answer: refused")

    status, body = intake.handle(b"backup fails", "text/plain", AUTH, parse=down, store=store,
                                 settings=settings)
    assert (status, body["error"]) == (503, "nlu_unavailable") and store.all() == []


class StubRasa(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, dict[str, Any]]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StubRasa.seen.append((self.path, body))
        reply = json.dumps({"text": body["text"], "entities": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: Any) -> None:
        pass


def _port() -> int:
    for port in range(5600, 5700):  # this helper's port range
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 5600-5699")


@pytest.fixture()
def stub_rasa() -> Iterator[int]:
    server = HTTPServer(("127.0.0.1", _port()), StubRasa)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_rasa_parser_posts_to_model_parse_with_the_token(stub_rasa: int,
                                                         settings: Settings) -> None:
    parse = intake.rasa_parser(replace(settings, rasa_port=stub_rasa))
    assert parse("backup fails")["text"] == "backup fails"
    path, body = StubRasa.seen[-1]
    assert path == f"/model/parse?token={settings.auth_token()}" and body == {"text": "backup fails"}


def test_rasa_parser_raises_when_rasa_is_down(settings: Settings) -> None:
    parse = intake.rasa_parser(replace(settings, rasa_port=_port()))
    with pytest.raises(intake.NluUnavailable):
        parse("backup fails")
