"""A message at the length limit costs a bounded amount and does not stall other customers.

Ratios against the same server in the same run, not absolute times (the machine may be
shared): a bystander's greeting while another customer sends 5,000-character messages
back to back must take at most twice as long as while that customer sends ordinary
problem descriptions back to back.
"""

from __future__ import annotations

import json
import statistics
import threading
import time

import pytest

from bot.settings import Settings
from tests.security.corpus import send

pytestmark = pytest.mark.integration
SHORT = "All our backup jobs failed last night with error 0x80004005, please help."
LONG_EN = ("Backup copy job to the object storage repository failed again overnight. "
           "The log shows retries against the gateway and then a timeout. ")
LONG_JA = "昨夜もオブジェクトストレージへのバックアップコピージョブが失敗しました。ログではゲートウェイへの再試行の後にタイムアウトしています。"


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _turn(url: str, sender: str, text: str) -> float:
    started = time.monotonic()
    status, body = send(url, json.dumps({"sender": sender, "message": text}).encode(),
                        timeout=60)
    assert status == 200 and json.loads(body), body[:200]
    return time.monotonic() - started


def _bystander_latency(url: str, talker_texts: list[str], rounds: int = 12) -> float:
    """Median greeting latency of a bystander while a talker sends `talker_texts` in turn."""
    stop = threading.Event()

    def talk() -> None:
        n = 0
        while not stop.is_set():
            _turn(url, f"talker-{n % 3}", talker_texts[n % len(talker_texts)])
            n += 1

    talker = threading.Thread(target=talk, daemon=True)
    talker.start()
    try:
        time.sleep(0.5)
        latencies = [_turn(url, f"bystander-long-{i}", "hello") for i in range(rounds)]
    finally:
        stop.set()
        talker.join(60)
    return statistics.median(latencies)


def test_a_long_message_does_not_hold_up_other_conversations(running_bot: Settings) -> None:
    url = f"http://127.0.0.1:{running_bot.rasa_port}/webhooks/rest/webhook"
    limit = running_bot.max_message_chars
    _turn(url, "warm-up", "hello")
    normal = _bystander_latency(url, [SHORT])
    loaded = _bystander_latency(url, [_fill(LONG_EN, limit), _fill(LONG_JA, limit)])
    print(f"bystander median: {normal * 1000:.0f} ms beside short messages, "
          f"{loaded * 1000:.0f} ms beside {limit}-character ones")
    assert loaded <= 2 * normal


def test_cost_grows_less_than_length_up_to_the_limit(running_bot: Settings) -> None:
    """Five times the text costs well under five times the turn: the NLU's budget
    (bot/nlu/tokenizer.py) caps the featurized part. Before it, 20,000 characters took
    1.7 s to parse alone."""
    url = f"http://127.0.0.1:{running_bot.rasa_port}/webhooks/rest/webhook"
    limit = running_bot.max_message_chars
    texts = {size: [_fill(LONG_EN, size), _fill(LONG_JA, size)] for size in (limit // 5, limit)}
    cost = {
        size: statistics.median(_turn(url, f"len-{size}-{i}", pair[i % 2]) for i in range(6))
        for size, pair in texts.items()
    }
    print(f"turn median: {cost[limit // 5] * 1000:.0f} ms at {limit // 5} characters, "
          f"{cost[limit] * 1000:.0f} ms at {limit}")
    assert cost[limit] <= 3 * cost[limit // 5]
