"""Live intake of finished calls (POST /api/transcripts), framework-neutral.

`handle(body, hint, headers)` -> (HTTP status, JSON body). The web app mounts it; the NLU is
the Rasa server's `POST /model/parse`, so the web process never loads a model.
"""

from __future__ import annotations

import hmac
import json
import math
import urllib.error
import urllib.request
from collections.abc import Mapping
from email import policy as email_policy
from email.parser import BytesParser
from typing import Any

from bot.cases import CaseStore, open_store
from bot.settings import Settings, load_settings
from bot.transcripts.batch import triage_bytes
from bot.transcripts.cases import store_call
from bot.transcripts.triage import Parse

BODY_MAX_BYTES = 2 * 1024 * 1024  # a long call's Amazon Transcribe JSON is ~1 MB
METADATA_MAX_KEYS = 32
PARSE_TIMEOUT = 10.0  # seconds for one /model/parse
# Content types a voice platform may send, as the extension that tells the reader.
CONTENT_TYPES = {"text/plain": ".txt", "text/vtt": ".vtt", "application/x-subrip": ".srt",
                 "text/srt": ".srt", "application/json": ".json",
                 "application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl"}
METADATA_HEADER = "x-call-metadata"


class NluUnavailable(RuntimeError):
    """The Rasa server did not answer /model/parse."""


def _error(status: int, code: str, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"error": code, "message": message}


def rasa_parser(settings: Settings) -> Parse:
    """`parse(text)` through the Rasa server's HTTP API, authenticated with its token."""
    url = f"{settings.rasa_api_url}/model/parse?token={settings.auth_token()}"

    def parse(text: str) -> dict[str, Any]:
        request = urllib.request.Request(
            url, data=json.dumps({"text": text}).encode("utf-8"),
            headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=PARSE_TIMEOUT) as reply:
                return dict(json.loads(reply.read()))
        except (urllib.error.URLError, OSError, ValueError) as err:
            raise NluUnavailable(f"the NLU (Rasa server) did not answer: {err}") from err

    return parse


def _header(headers: Mapping[str, str], name: str) -> str:
    return next((str(v) for k, v in headers.items() if k.lower() == name), "")


def _metadata(value: Any) -> dict[str, Any]:
    """Call metadata: a flat JSON object of scalars (like the chat channels' metadata)."""
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as err:
            raise ValueError(f"metadata is not JSON: {err}") from err
    if not isinstance(value, dict) or len(value) > METADATA_MAX_KEYS:
        raise ValueError(f"metadata must be a JSON object of at most {METADATA_MAX_KEYS} keys")
    for key, item in value.items():
        if not (item is None or isinstance(item, (str, bool, int))
                or (isinstance(item, float) and math.isfinite(item))):
            raise ValueError(f"metadata {key!r} must be a string, number or boolean")
    return value


def _multipart(body: bytes, content_type: str) -> tuple[bytes, str, dict[str, Any]]:
    """The `file` part (any name with a filename) and the optional `metadata` part (JSON)."""
    message = BytesParser(policy=email_policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + body)
    data, name, meta = b"", "call.txt", {}
    for part in message.iter_parts() if message.is_multipart() else ():
        field = part.get_param("name", header="content-disposition")
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        if field == "metadata":
            meta = _metadata(payload.decode("utf-8", "replace"))
        elif part.get_filename() or field == "file":
            data, name = payload, (part.get_filename() or name).rsplit("/", 1)[-1]
    return data, name, meta


def _content(body: bytes, hint: str | None, headers: Mapping[str, str]
             ) -> tuple[bytes, str, dict[str, Any]]:
    """(file content, file name, metadata) from a raw file, a multipart form (`file`,
    `metadata`) or a JSON envelope {"filename", "content", "metadata"}."""
    content_type = _header(headers, "content-type")
    if content_type.lower().startswith("multipart/form-data"):
        data, name, meta = _multipart(body, content_type)
        return data, name, {**_metadata(_header(headers, METADATA_HEADER)), **meta}
    kind = (hint or content_type).split(";")[0].strip().lower()
    name = hint if hint and "." in hint and "/" not in hint else f"call{CONTENT_TYPES.get(kind, '')}"
    meta = _metadata(_header(headers, METADATA_HEADER))
    if kind == "application/json" or name.endswith(".json"):
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        if isinstance(doc, dict) and isinstance(doc.get("content"), str):
            filename = str(doc.get("filename") or "call.txt").rsplit("/", 1)[-1]
            return doc["content"].encode("utf-8"), filename, {**meta,
                                                                **_metadata(doc.get("metadata"))}
    return body, name, meta


def handle(body: bytes, hint: str | None, headers: Mapping[str, str], *,
           parse: Parse | None = None, store: CaseStore | None = None,
           settings: Settings | None = None) -> tuple[int, dict[str, Any]]:
    """Triage one posted call and store its case; errors as {"error": CODE, "message": TEXT}.

    `hint` is the content type or the file name of the upload; metadata comes from the
    envelope's "metadata" or the X-Call-Metadata header (JSON).
    """
    settings = settings or load_settings()
    token = settings.transcripts_token()
    if token is None:
        return _error(503, "intake_disabled", "call intake is off: set TRIAGEBOT_TRANSCRIPTS_TOKEN")
    given = _header(headers, "authorization")
    scheme, _, presented = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(presented.strip().encode(),
                                                             token.encode()):
        return _error(401, "unauthorized", "send Authorization: Bearer <TRIAGEBOT_TRANSCRIPTS_TOKEN>")
    if len(body) > BODY_MAX_BYTES:
        return _error(413, "body_too_large", f"a call may be at most {BODY_MAX_BYTES} bytes")
    try:
        data, name, meta = _content(body, hint, headers)
    except ValueError as err:
        return _error(400, "invalid_metadata", str(err))
    try:
        records = list(triage_bytes(data, name, _limited(parse or rasa_parser(settings),
                                                         settings.max_message_chars),
                                    extra_meta=meta))
    except NluUnavailable as err:
        return _error(503, "nlu_unavailable", str(err))
    except TextTooLong as err:
        return _error(413, "transcript_too_long", str(err))
    if len(records) != 1:
        return _error(422, "one_call_expected", f"the upload holds {len(records)} calls; post one")
    record = records[0]
    if "error" in record:
        return _error(422, record["error"], record["message"])
    store = store or open_store(settings.cases_url)
    known = store.find_call(record["dedupe_key"]) is not None
    return (200 if known else 201), store_call(store, record)


class TextTooLong(ValueError):
    """The caller's words are longer than a channel accepts."""


def _limited(parse: Parse, max_chars: int) -> Parse:
    """`parse` refusing texts over the chat channels' limit, as the Rasa server would."""

    def checked(text: str) -> Any:
        if len(text) > max_chars:
            raise TextTooLong(f"the caller's words are {len(text)} characters; at most "
                              f"{max_chars} are read (TRIAGEBOT_MAX_MESSAGE_CHARS)")
        return parse(text)

    return checked
