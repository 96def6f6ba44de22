"""`CachedTrackerStore` on PostgreSQL: two replicas answer as Rasa's SQL store does."""

from __future__ import annotations

import uuid

import pytest

from bot.prodlocal.stores import PG_ROLE
from bot.prodlocal.topology import ProdLocal
from tests.rasa_ext.test_tracker_cache import random_conversations


@pytest.fixture()
def second_database(stores: ProdLocal) -> str:
    """Another empty database beside `pg_url`'s, for Rasa's own stores to write."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = stores.postgres.superuser_connection()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name} OWNER {PG_ROLE}")
    conn.close()
    return stores.postgres.url(name)


@pytest.mark.parametrize("seed", range(2))
def test_random_conversations_match_rasas_store(seed: int, pg_url: str,
                                                second_database: str) -> None:
    random_conversations(seed, pg_url, second_database, steps=60)
