"""Channel input checks: table-driven cases and properties of every parser and validator."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.channels import limits
from bot.channels.limits import (
    InputError,
    check_metadata,
    check_sender,
    clean_text,
    parse_body,
    reply_language,
)

MAX = 5000

TEXT_CASES = [
    ("hello", "hello"),
    ("  padded\n", "padded"),
    ("line one\nline two\ttab", "line one\nline two\ttab"),
    ("nul\x00inside", "nulinside"),
    ("bell\x07 and escape\x1b[31m", "bell and escape[31m"),
    ("right\u202eto left", "rightto left"),
    ("isolate\u2066x\u2069", "isolatex"),
    ("全角　スペース", "全角　スペース"),
    ("emoji 🔥 ok", "emoji 🔥 ok"),
]


@pytest.mark.parametrize(("given_text", "expected"), TEXT_CASES)
def test_clean_text_removes_controls_and_bidi(given_text: str, expected: str) -> None:
    assert clean_text(given_text, MAX) == expected


REFUSED_TEXT = [
    (None, "invalid_message", 400),
    (42, "invalid_message", 400),
    (["a"], "invalid_message", 400),
    ({"text": "a"}, "invalid_message", 400),
    ("", "empty_message", 400),
    ("   \n\t ", "empty_message", 400),
    ("\x00\x01", "empty_message", 400),
    ("p-\ud800", "invalid_text", 400),
    ("x" * (MAX + 1), "message_too_long", 413),
]


@pytest.mark.parametrize(("value", "code", "status"), REFUSED_TEXT)
def test_clean_text_refuses(value: object, code: str, status: int) -> None:
    with pytest.raises(InputError) as err:
        clean_text(value, MAX)
    assert (err.value.code, err.value.status) == (code, status)


def test_clean_text_takes_exactly_the_limit() -> None:
    assert len(clean_text("y" * MAX, MAX)) == MAX


SENDERS_OK = ["me", "user-1", "a.b_c:d@e", "x" * limits.SENDER_MAX, "web-1"]
SENDERS_REFUSED = [
    (None, "missing_sender"), ("", "missing_sender"), ("default", "reserved_sender"),
    ("web-0123", "reserved_sender"), ("p-\ud800", "invalid_sender"), ("a b", "invalid_sender"),
    ("x" * (limits.SENDER_MAX + 1), "invalid_sender"), (12, "invalid_sender"),
    ("<script>", "invalid_sender"), ("名前", "invalid_sender"), ("../etc", "invalid_sender"),
]


@pytest.mark.parametrize("sender", SENDERS_OK[:-1])
def test_check_sender_accepts(sender: str) -> None:
    assert check_sender(sender) == sender


def test_web_prefix_is_for_socketio_sessions_only() -> None:
    assert check_sender("web-1", allow_reserved_prefix=True) == "web-1"


@pytest.mark.parametrize(("sender", "code"), SENDERS_REFUSED)
def test_check_sender_refuses(sender: object, code: str) -> None:
    with pytest.raises(InputError) as err:
        check_sender(sender)
    assert err.value.code == code


def test_metadata_flat_scalars_pass_and_strings_are_cleaned() -> None:
    meta = {"timezone": "Asia/Tokyo", "n": 3, "ok": True, "none": None, "x": "a\u202eb"}
    assert check_metadata(meta) == {**meta, "x": "ab"}
    assert check_metadata(None) == {}


@pytest.mark.parametrize("meta", [
    [], "tz", 5, {"nested": {"a": 1}}, {"list": [1]}, {"": 1}, {"k" * 65: 1},
    {f"k{i}": i for i in range(limits.METADATA_MAX_KEYS + 1)}, {"nan": float("nan")},
    {"s": "\udc00"},
])
def test_metadata_refused(meta: object) -> None:
    with pytest.raises(InputError) as err:
        check_metadata(meta)
    assert err.value.code == "invalid_metadata"


def test_metadata_size_limit() -> None:
    meta = {f"k{i}": "v" * 200 for i in range(30)}
    with pytest.raises(InputError) as err:
        check_metadata(meta)
    assert (err.value.code, err.value.status) == ("metadata_too_large", 413)


@pytest.mark.parametrize(("body", "code"), [
    (b"[]", "invalid_json"), (b'"s"', "invalid_json"), (b"null", "invalid_json"),
    (b"42", "invalid_json"), (b"{", "invalid_json"), (b"\xff\xfe", "invalid_json"),
    (b"", "invalid_json"), (b" " * (limits.BODY_MAX_BYTES + 1), "body_too_large"),
])
def test_parse_body_refuses(body: bytes, code: str) -> None:
    with pytest.raises(InputError) as err:
        parse_body(body)
    assert err.value.code == code


def test_every_error_code_has_both_languages() -> None:
    for code, texts in limits._messages().items():
        err = InputError(code, params={"max": 5})
        en, ja = err.body("en"), err.body("ja")
        assert en["error"] == ja["error"] == code
        assert en["message"] != ja["message"], code
        assert "{" not in en["message"] + ja["message"], code
        assert set(texts) == {"en", "ja"}


@pytest.mark.parametrize(("text", "meta", "header", "lang"), [
    ("hello", None, "", "en"), ("こんにちは", None, "", "ja"), ("hello", {"language": "ja"}, "", "ja"),
    (None, None, "ja-JP,ja;q=0.9", "ja"), ("１２３", None, "", "en"), (42, [], "en-US", "en"),
    ("障害\ud800", None, "", "ja"),
])
def test_reply_language(text: object, meta: object, header: str, lang: str) -> None:
    assert reply_language(text, meta, header) == lang


@given(st.text(max_size=300))
def test_clean_text_output_is_storable(value: str) -> None:
    try:
        text = clean_text(value, 200)
    except InputError as err:
        assert err.code in {"empty_message", "invalid_text", "message_too_long"}
        return
    text.encode("utf-8")  # never a lone surrogate
    assert 0 < len(text) <= 200 and text == text.strip()
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text)


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=10,
))
def test_check_metadata_returns_flat_json_or_refuses(value: object) -> None:
    try:
        meta = check_metadata(value)
    except InputError as err:
        assert err.code in {"invalid_metadata", "metadata_too_large"}
        return
    assert isinstance(meta, dict)
    assert all(not isinstance(v, (dict, list)) for v in meta.values())
    json.dumps(meta, ensure_ascii=False).encode("utf-8")


@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "replace")))
def test_parse_body_returns_a_dict_or_refuses(body: bytes) -> None:
    try:
        assert isinstance(parse_body(body), dict)
    except InputError as err:
        assert err.code == "invalid_json"


@given(st.text(max_size=80))
def test_check_sender_returns_safe_ids_only(value: str) -> None:
    try:
        sender = check_sender(value)
    except InputError:
        return
    assert limits.SENDER_PATTERN.fullmatch(sender) and sender != "default"
