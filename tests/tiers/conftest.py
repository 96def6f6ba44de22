"""Fixtures for the tier-rule tests: the packaged policy and a case builder."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from bot.policy import Policy, load_policy
from bot.policy.loader import DEFAULT_PATH
from bot.tiers import Customer, Decision, Triage, decide

BASE_CUSTOMER: dict[str, Any] = {
    "program": "basic", "role": "case_administrator", "country": "JP",
    "timezone": "Asia/Tokyo", "language": "ja", "product": "VBR"}
BASE_TRIAGE: dict[str, Any] = {"severity": 2, "case_type": "technical"}
WED_10 = "2026-12-02T10:00:00+09:00"  # an ordinary Wednesday morning in Tokyo


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(DEFAULT_PATH)


@pytest.fixture
def decide_case(policy: Policy) -> Callable[..., Decision]:
    """decide() with the base triage/customer, overridden by keyword dicts."""

    def run(triage: dict[str, Any] | None = None, customer: dict[str, Any] | None = None,
            now: str = WED_10, use: Policy | None = None) -> Decision:
        return decide(Triage(**{**BASE_TRIAGE, **(triage or {})}),
                      Customer(**{**BASE_CUSTOMER, **(customer or {})}),
                      datetime.fromisoformat(now), policy=use or policy)

    return run


def _check_bilingual(decision: Decision) -> None:
    """Every reason names its section and has English and Japanese text, fully filled in."""
    for message in decision.messages:
        assert message.section, message.code
        for text in (message.text.en, message.text.ja):
            assert text.strip() and "{" not in text and "}" not in text, message.code
        assert message.text.en != message.text.ja, message.code
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", message.text.ja), message.code


@pytest.fixture(scope="session")
def check_bilingual() -> Callable[[Decision], None]:
    return _check_bilingual
