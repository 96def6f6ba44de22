"""What other Rasa widgets send: opening payloads and metadata under `customData`."""

from __future__ import annotations

import pytest

from bot.channels.limits import InputError
from bot.channels.socketio import SocketChannel, opening_message

SID = "socket-1"


@pytest.fixture()
def channel() -> SocketChannel:
    """The channel as credentials.yml configures it, one socket bound to a session."""
    made = SocketChannel.from_credentials({"session_persistence": True})
    made.bound[SID] = "web-" + "a" * 32
    return made


@pytest.mark.parametrize(("metadata", "accept", "expected"), [
    ({"language": "ja"}, "", "ja"),
    ({"locale": "ja-JP"}, "en-US", "ja"),
    ({}, "ja,en;q=0.8", "ja"),
    ({"language": "fr"}, "", "en"),  # a language the bot does not speak
    ({}, "", "en"),
])
def test_opening_greets_in_the_customers_language(metadata: dict, accept: str,
                                                  expected: str) -> None:
    assert opening_message(metadata, accept) == f'/greet{{"language":"{expected}"}}'


@pytest.mark.parametrize("key", ["metadata", "customData"])
def test_opening_payload_and_metadata_of_either_key(channel: SocketChannel, key: str) -> None:
    data = {"message": "/get_started", key: {"language": "ja", "timezone": "Asia/Tokyo"}}
    message = channel.read(SID, data)
    assert message.text == '/greet{"language":"ja"}'
    assert message.metadata == {"language": "ja", "timezone": "Asia/Tokyo"}
    assert message.sender_id == "web-" + "a" * 32


def test_other_text_is_passed_unchanged(channel: SocketChannel) -> None:
    message = channel.read(SID, {"message": "/get_started please", "customData": None})
    assert message.text == "/get_started please" and message.metadata == {}


def test_opening_payloads_are_configurable_and_checked() -> None:
    made = SocketChannel.from_credentials({"opening_payloads": ["/start", "/hello"]})
    made.bound[SID] = "web-" + "b" * 32
    assert made.read(SID, {"message": "/hello"}).text == '/greet{"language":"en"}'
    with pytest.raises(ValueError, match="opening_payloads"):
        SocketChannel.from_credentials({"opening_payloads": "/start"})


def test_custom_data_is_checked_like_metadata(channel: SocketChannel) -> None:
    with pytest.raises(InputError):
        channel.read(SID, {"message": "hi", "customData": {"nested": {"a": 1}}})
