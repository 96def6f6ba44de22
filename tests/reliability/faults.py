"""Faults to inject into a running topology, and waiting for it to heal."""

from __future__ import annotations

import os
import signal
import time
import urllib.request

import sqlalchemy as sa

from bot.prodlocal.topology import ProdLocal
from bot.services import Server


def kill(topology: ProdLocal, name: str, signum: int = signal.SIGKILL) -> Server:
    """Send `signum` to the server's process (kill -9 by default) and wait for it to end."""
    server = topology.servers[name]
    assert server.proc is not None and server.alive, f"{name} is not running"
    os.kill(server.proc.pid, signum)
    server.proc.wait(60)
    return server


def hold_restart(server: Server, seconds: float) -> None:
    """Before a kill: make the supervisor wait `seconds` before it restarts `server`, as
    its back-off does after repeated failures (so the server stays down a while)."""
    server.next_start = time.monotonic() + seconds


def wait_back(topology: ProdLocal, name: str, old_pid: int, timeout: float = 240.0) -> float:
    """Seconds until the supervisor has restarted `name` and it answers again."""
    began = time.monotonic()
    server = topology.servers[name]
    while time.monotonic() - began < timeout:
        if server.proc is not None and server.proc.pid != old_pid and server.alive \
                and _answers(topology, name):
            return time.monotonic() - began
        time.sleep(0.2)
    raise TimeoutError(f"{name} not back after {timeout:.0f} s")


def _answers(topology: ProdLocal, name: str) -> bool:
    ports = topology.ports
    if name.startswith("rasa-"):
        url = f"http://127.0.0.1:{ports.rasa[int(name.split('-')[1]) - 1]}/"
    elif name == "actions":
        url = f"http://127.0.0.1:{ports.actions}/health"
    elif name == "postgres":
        try:
            topology.postgres.superuser_connection().close()
            return True
        except Exception:  # noqa: BLE001 - not up yet
            return False
    elif name == "redis":
        import redis

        try:
            return bool(redis.Redis.from_url(topology.redis.url, socket_timeout=1).ping())
        except redis.RedisError:
            return False
    else:
        return True
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def user_events(topology: ProdLocal, sender: str) -> list[tuple[str, str | None]]:
    """(type, action name) of every event of `sender` in the tracker store, in order."""
    engine = sa.create_engine(topology.settings.tracker_store_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT type_name, action_name FROM events WHERE sender_id = :s ORDER BY id"),
                {"s": sender}).all()
    finally:
        engine.dispose()
    return [(row[0], row[1]) for row in rows]


def interleaved(events: list[tuple[str, str | None]]) -> bool:
    """Whether turns overlap: each user message must be answered (bot events, then
    action_listen) before the next user message is taken."""
    waiting = False  # a user message whose turn has not ended with action_listen
    for kind, action in events:
        if kind == "user":
            if waiting:
                return True
            waiting = True
        elif kind == "action" and action == "action_listen":
            waiting = False
    return waiting
