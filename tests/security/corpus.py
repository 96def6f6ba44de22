"""Read tests/data/hostile/*.jsonl and turn its lines into requests."""

from __future__ import annotations

import base64
import http.client
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"


def load(name: str) -> list[dict[str, Any]]:
    """The lines of one corpus file, compact values expanded."""
    with open(CORPUS / f"{name}.jsonl", encoding="utf-8") as handle:
        return [expand(json.loads(line)) for line in handle if line.strip()]


def expand(value: Any) -> Any:
    """Replace {"$repeat": [unit, n]} by unit * n, recursively."""
    if isinstance(value, dict):
        if set(value) == {"$repeat"}:
            unit, times = value["$repeat"]
            return unit * times
        return {k: expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v) for v in value]
    return value


def body_bytes(row: dict[str, Any]) -> bytes:
    """The exact request body a line describes."""
    if "raw_b64" in row:
        return base64.b64decode(row["raw_b64"])
    if "raw_parts" in row:
        return b"".join(base64.b64decode(part) * times for part, times in row["raw_parts"])
    if "body" in row:
        return json.dumps(row["body"]).encode("utf-8")
    return b""


def send(url: str, data: bytes | None, method: str = "POST",
         headers: dict[str, str] | None = None, timeout: float = 10) -> tuple[int, bytes]:
    """(status, body) of one HTTP request; HTTP errors are answers, not exceptions.

    Like curl, it reads the answer even when the server stops reading a too-large body
    and answers early (a plain urllib call would fail on the broken pipe instead).
    """
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.putrequest(method, parts.path + (f"?{parts.query}" if parts.query else ""),
                        skip_accept_encoding=True)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            conn.putheader(name, value)
        if data is not None:
            conn.putheader("Content-Length", str(len(data)))
        conn.endheaders()
        try:
            for start in range(0, len(data or b""), 65536):
                conn.send((data or b"")[start:start + 65536])
        except (BrokenPipeError, ConnectionResetError):
            pass
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def is_error_body(body: bytes) -> bool:
    """A refusal in the documented shape: {"error": CODE, "message": TEXT}."""
    try:
        value = json.loads(body)
    except ValueError:
        return False
    return (isinstance(value, dict) and isinstance(value.get("error"), str)
            and isinstance(value.get("message"), str) and bool(value["message"]))
