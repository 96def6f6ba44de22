"""`CachedTrackerStore` on PostgreSQL: two replicas answer as Rasa's SQL store does."""

from __future__ import annotations

import pytest

from bot.prodlocal.topology import ProdLocal
from tests.prodlocal.conftest import new_database
from tests.rasa_ext.test_tracker_cache import random_conversations


@pytest.fixture()
def second_database(stores: ProdLocal) -> str:
    """Another empty database beside `pg_url`'s, for Rasa's own stores to write."""
    return new_database(stores)


@pytest.mark.parametrize("seed", range(2))
def test_random_conversations_match_rasas_store(seed: int, pg_url: str,
                                                second_database: str) -> None:
    random_conversations(seed, pg_url, second_database, steps=60)
