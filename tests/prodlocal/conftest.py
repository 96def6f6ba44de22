"""PostgreSQL and Redis from Debian's packages, started once for the tests of this folder
(`make prod-local-packages` installs them; without them these tests fail with that hint)."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.prodlocal.stores import PG_ROLE
from bot.prodlocal.topology import Ports, ProdLocal
from bot.settings import load_settings
from tests import REPO
from tests.prodlocal.supervision import supervised


@pytest.fixture(scope="session")
def stores() -> Iterator[ProdLocal]:
    """Running PostgreSQL and Redis in a private folder, on free ports, supervised."""
    root = Path(tempfile.mkdtemp(prefix="triagebot-stores-"))
    topology = ProdLocal(dataclasses.replace(load_settings(), project_dir=REPO), root,
                         Ports.free(replicas=1))
    try:
        topology.start_stores()
        with supervised(topology):
            yield topology
    finally:
        topology.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture()
def pg_url(stores: ProdLocal) -> str:
    """A new, empty PostgreSQL database for one test, owned by the bot's role."""
    return new_database(stores)


def new_database(stores: ProdLocal) -> str:
    """Create an empty database owned by the bot's role; its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = stores.postgres.superuser_connection()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name} OWNER {PG_ROLE}")
    conn.close()
    return stores.postgres.url(name)
