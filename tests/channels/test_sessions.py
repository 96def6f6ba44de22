"""Signed socket.io session tokens: only tokens the server issued name a conversation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.channels.sessions import SessionSigner

SECRET = "a-test-secret-of-enough-length"


def test_issued_token_verifies_to_a_web_sender() -> None:
    signer = SessionSigner(SECRET)
    token = signer.issue()
    sender = signer.verify(token)
    assert sender is not None and sender.startswith("web-")
    assert sender == f"web-{token.split('.')[0]}"
    assert signer.issue() != token


def test_tokens_of_another_secret_or_tampered_are_refused() -> None:
    signer, other = SessionSigner(SECRET), SessionSigner(SECRET + "x")
    token = other.issue()
    assert signer.verify(token) is None
    session, mac = signer.issue().split(".")
    flipped = mac[:-1] + ("B" if mac.endswith("A") else "A")
    assert signer.verify(f"{session}.{flipped}") is None
    assert signer.verify(f"{'0' * 32}.{mac}") is None
    assert signer.verify(session) is None  # the bare id, as seen in logs or the console
    assert signer.verify(f"web-{session}") is None


def test_short_secret_refused() -> None:
    with pytest.raises(ValueError):
        SessionSigner("short")


@given(st.one_of(st.text(max_size=120), st.none(), st.integers(), st.lists(st.text())))
def test_random_values_never_verify(value: object) -> None:
    assert SessionSigner(SECRET).verify(value) is None
