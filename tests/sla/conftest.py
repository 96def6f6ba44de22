"""Fixtures for the SLA clock tests: the packaged policy, loaded once."""

from __future__ import annotations

import pytest

from bot.policy import Policy, load_policy
from bot.policy.loader import DEFAULT_PATH


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(DEFAULT_PATH)
