"""What a channel accepts: sender ids, message text and metadata, checked before use.

Pure functions, so every channel (REST, socket.io, the web app's APIs) applies the same
rules and the rules are property-tested (tests/channels). A refused value raises
`InputError`, which carries an error code, an HTTP status and the customer's language.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from bot.nlu.language import is_japanese
from bot.nlu.normalize import normalize
from bot.policy.schema import LANGS

SENDER_MAX = 64
SENDER_PATTERN = re.compile(rf"[A-Za-z0-9_.:@-]{{1,{SENDER_MAX}}}")
# `default` is where Rasa files messages that name no sender: every such client would share
# one conversation. `web-` ids belong to socket.io sessions the server issued.
RESERVED_SENDERS = frozenset({"default"})
RESERVED_PREFIX = "web-"
METADATA_MAX_KEYS = 32
METADATA_MAX_BYTES = 4096
METADATA_KEY_MAX = 64
METADATA_VALUE_MAX = 256
BODY_MAX_BYTES = 64 * 1024

# Characters removed from text: C0/C1 controls other than tab and newlines, bidi
# embeddings/overrides/isolates (they can make a case read differently in the console than
# it was typed) and the two non-characters. Lone surrogates are refused, not removed.
_STRIP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class InputError(Exception):
    """A refused request: `code` names the problem, `status` is the HTTP status to answer."""

    code: str
    status: int = 400
    params: dict[str, Any] = field(default_factory=dict)

    def body(self, language: str) -> dict[str, str]:
        """The JSON error body, `message` in `language` ("en" or "ja")."""
        texts = _messages()[self.code]
        text = texts.get(language) or texts["en"]
        return {"error": self.code, "message": text.format(**self.params)}


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    source = resources.files("bot.channels").joinpath("errors.yml").read_text("utf-8")
    return dict(yaml.safe_load(source))


def clean_text(value: Any, max_chars: int) -> str:
    """The message text with control and bidi characters removed; raises InputError."""
    if not isinstance(value, str):
        raise InputError("invalid_message")
    if _SURROGATE.search(value):
        raise InputError("invalid_text")
    text = _STRIP.sub("", value).strip()
    if not text:
        raise InputError("empty_message")
    if len(text) > max_chars:
        raise InputError("message_too_long", 413, {"max": max_chars})
    return text


def check_sender(value: Any, *, allow_reserved_prefix: bool = False) -> str:
    """A sender id as given, if it is a short id of safe characters; raises InputError."""
    if value is None or value == "":
        raise InputError("missing_sender")
    if not isinstance(value, str) or not SENDER_PATTERN.fullmatch(value):
        raise InputError("invalid_sender", params={"max": SENDER_MAX})
    if value in RESERVED_SENDERS or (
        value.startswith(RESERVED_PREFIX) and not allow_reserved_prefix
    ):
        raise InputError("reserved_sender")
    return value


def check_metadata(value: Any) -> dict[str, Any]:
    """Metadata as a flat object of short scalars ({} for none); raises InputError."""
    if value is None:
        return {}
    if not isinstance(value, dict) or len(value) > METADATA_MAX_KEYS:
        raise InputError("invalid_metadata", params={"max": METADATA_MAX_KEYS})
    clean: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str) or not 0 < len(key) <= METADATA_KEY_MAX:
            raise InputError("invalid_metadata", params={"max": METADATA_MAX_KEYS})
        clean[_STRIP.sub("", key)] = _scalar(item)
    if len(json.dumps(clean, ensure_ascii=False).encode("utf-8")) > METADATA_MAX_BYTES:
        raise InputError("metadata_too_large", 413)
    return clean


def _scalar(item: Any) -> Any:
    if item is None or isinstance(item, bool):
        return item
    if isinstance(item, int) or (isinstance(item, float) and math.isfinite(item)):
        return item
    if isinstance(item, str) and not _SURROGATE.search(item):
        return _STRIP.sub("", item)[:METADATA_VALUE_MAX]
    raise InputError("invalid_metadata", params={"max": METADATA_MAX_KEYS})


def parse_body(body: bytes) -> dict[str, Any]:
    """A request body that must be one JSON object of at most BODY_MAX_BYTES."""
    if len(body) > BODY_MAX_BYTES:
        raise InputError("body_too_large", 413)
    try:
        # JSON between systems is UTF-8 (RFC 8259); json.loads(bytes) would also guess
        # UTF-16/32, and a BOM is refused like any other stray character.
        value = json.loads(body.decode("utf-8"))
    except ValueError as err:  # UnicodeDecodeError is a ValueError
        raise InputError("invalid_json") from err
    if not isinstance(value, dict):
        raise InputError("invalid_json")
    return value


def reply_language(text: Any, metadata: Any, accept_language: str = "") -> str:
    """The language to answer a refused request in: metadata, then the text, then headers."""
    if isinstance(metadata, dict) and metadata.get("language") in LANGS:
        return str(metadata["language"])
    if isinstance(text, str) and is_japanese(normalize(_SURROGATE.sub("", text[:1000])).text):
        return "ja"
    return "ja" if accept_language.lower().startswith("ja") else "en"
