"""Greetings over the REST channel of a real Rasa server, answered in the right language."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable

import pytest

from bot.settings import Settings

pytestmark = pytest.mark.integration
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_english_greeting_is_answered_in_english(say: Callable[[str, str], list[dict]]) -> None:
    replies = say("it-en-greet", "hello")
    assert replies, "no reply"
    assert not JAPANESE.search(replies[0]["text"])
    assert "support" in replies[0]["text"].lower()


def test_japanese_greeting_is_answered_in_japanese(say: Callable[[str, str], list[dict]]) -> None:
    replies = say("it-ja-greet", "こんにちは")
    assert replies, "no reply"
    assert JAPANESE.search(replies[0]["text"])


def test_language_neutral_message_keeps_the_conversation_language(
    say: Callable[[str, str], list[dict]],
) -> None:
    say("it-ja-neutral", "こんにちは")
    texts = [r["text"] for r in say("it-ja-neutral", "OK") if r.get("text")]
    assert texts, "no reply to a language-neutral message"
    assert all(JAPANESE.search(t) for t in texts)


def test_goodbye_in_japanese(say: Callable[[str, str], list[dict]]) -> None:
    replies = say("it-ja-bye", "ありがとうございました、失礼します")
    assert replies and JAPANESE.search(replies[-1]["text"])


def test_http_api_requires_the_token(running_bot: Settings) -> None:
    base = f"http://127.0.0.1:{running_bot.rasa_port}"
    with pytest.raises(urllib.error.HTTPError) as denied:
        urllib.request.urlopen(f"{base}/status", timeout=10)
    assert denied.value.code == 401
    with urllib.request.urlopen(f"{base}/status?token={running_bot.auth_token()}",
                                timeout=10) as ok:
        assert json.load(ok)["model_file"].startswith("triagebot-")


def test_the_bot_follows_a_customer_who_switches_language(
    say: Callable[[str, str], list[dict]],
) -> None:
    first = say("it-switch", "hello")
    assert first and not JAPANESE.search(first[0]["text"])
    second = say("it-switch", "すみません、日本語でお願いします。こんにちは")
    assert second and JAPANESE.search(second[0]["text"])
