"""Rasa's lock store, made safe for several replicas: one turn of a conversation at a time.

Rasa's `RedisLockStore` reads the lock, changes it and writes it back, so two replicas that
take a ticket at the same moment can both be "now serving", and a holder that dies blocks
its conversation for the whole lock lifetime (60 s). Here each ticket is taken by one Lua
script (atomic in Redis), the queue is served in ticket order, and every ticket has a
lease that a thread of its process renews while the turn waits and works: a killed
replica's ticket lapses within `LEASE` seconds and the next message goes on, while a slow
turn keeps its place. The renewing thread is apart from the event loop on purpose: a
replica's loop stalls for seconds on its first message (spaCy loads) and under load, and
a stalled but living process must keep its turn.

Without TRIAGEBOT_REDIS_URL (one Rasa process) Rasa's in-memory lock store is used.
When Redis cannot be reached no turn is processed: the channel answers with its "could not
be processed" error in the customer's language rather than risk two turns at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig
from redis import asyncio as aioredis
from redis.exceptions import RedisError

from bot.settings import load_settings

log = logging.getLogger("bot.rasa_ext.locks")
LEASE = 10.0  # seconds a ticket outlives its process's last renewal
RENEW_EVERY = LEASE / 4
POLL = 0.02  # seconds between looks at the queue while waiting for an earlier turn
MAX_WAIT = 120.0  # a turn waits this long for earlier ones, then is refused
MAX_HOLD = 300.0  # a turn stuck longer than the proxy waits for it loses its lease
IDLE_KEYS_MS = 24 * 3600 * 1000  # a conversation's counter and queue expire when idle
REDIS_TIMEOUT = 30.0  # seconds to connect to Redis or to wait for its answer

# KEYS: counter, queue, lease. ARGV: token, lease ms, idle ms. Queues the token.
_ISSUE = """
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], n, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
return n
"""
# KEYS: queue. ARGV: lease key prefix, token. 1: served; 0: wait; -1: own lease lapsed.
_TURN = """
if redis.call('EXISTS', ARGV[1] .. ARGV[2]) == 0 then
  redis.call('ZREM', KEYS[1], ARGV[2])
  return -1
end
while true do
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if not head then return -1 end
  if head == ARGV[2] then return 1 end
  if redis.call('EXISTS', ARGV[1] .. head) == 1 then return 0 end
  redis.call('ZREM', KEYS[1], head)
end
"""


def _refused(reason: str) -> LockError:
    """The error that refuses a turn, logged with its reason (the channel logs only its type)."""
    log.warning("turn refused: %s", reason)
    return LockError(reason)


class _Renewer:
    """A daemon thread that renews the leases of this process's tickets."""

    def __init__(self, url: str) -> None:
        self.red = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        self.held: dict[str, float] = {}  # lease key -> when its turn began (monotonic)
        self.guard = threading.Lock()
        threading.Thread(target=self._loop, name="lock-lease-renewer", daemon=True).start()

    def hold(self, key: str) -> None:
        with self.guard:
            self.held[key] = time.monotonic()

    def drop(self, key: str) -> None:
        with self.guard:
            self.held.pop(key, None)

    def _loop(self) -> None:
        while True:
            time.sleep(RENEW_EVERY)
            now = time.monotonic()
            with self.guard:
                keys = [k for k, began in self.held.items() if now - began < MAX_HOLD]
            try:
                for key in keys:
                    self.red.set(key, "1", px=int(LEASE * 1000), xx=True)
            except RedisError as err:  # the turns go on; their leases may lapse
                log.warning("could not renew conversation locks: %s", type(err).__name__)


class TicketLockStore(LockStore):
    """`lock_store: type: bot.rasa_ext.locks.TicketLockStore` in endpoints.yml; Redis from
    the endpoint's `url` (TRIAGEBOT_REDIS_URL), else Rasa's in-memory store."""

    def __new__(cls, endpoint_config: EndpointConfig | None = None, **_: Any) -> Any:
        url = (endpoint_config.url if endpoint_config else None) or load_settings().redis_url
        if not url:
            return InMemoryLockStore()
        return super().__new__(cls)

    def __init__(self, endpoint_config: EndpointConfig | None = None, **_: Any) -> None:
        url = (endpoint_config.url if endpoint_config else None) or load_settings().redis_url
        # Generous timeouts: a connection or reply may wait behind a stalled event loop
        # (the first messages load spaCy), which is no sign of a Redis failure; a Redis
        # that is down refuses at once.
        self.red = aioredis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT,
                                           socket_timeout=REDIS_TIMEOUT)
        self.prefix = "triagebot:lock:"
        self._issue = self.red.register_script(_ISSUE)
        self._turn = self.red.register_script(_TURN)
        self._renewer = _Renewer(url)
        super().__init__()

    def _keys(self, conversation_id: str) -> tuple[str, str, str]:
        base = f"{self.prefix}{conversation_id}"
        return f"{base}:next", f"{base}:queue", f"{base}:lease:"

    @contextlib.asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LEASE,
                   wait_time_in_seconds: float = POLL) -> AsyncIterator[TicketLock]:
        """Hold the conversation's turn; raises LockError when Redis is unreachable, the
        wait is too long, or this process lost its lease. Rasa's lifetime and wait
        arguments are not used: leases are renewed, and the queue is polled often."""
        counter, queue, lease = self._keys(conversation_id)
        token = uuid.uuid4().hex
        self._renewer.hold(lease + token)  # before the ticket exists: no gap to lapse in
        try:
            try:
                await self._issue(keys=[counter, queue, lease + token],
                                  args=[token, int(LEASE * 1000), IDLE_KEYS_MS])
            except RedisError as err:
                raise _refused(f"lock store unreachable: {type(err).__name__}") from err
            await self._wait_turn(queue, lease, token)
            yield TicketLock(conversation_id)
        finally:
            self._renewer.drop(lease + token)
            await self._release(queue, lease, token)

    async def _wait_turn(self, queue: str, lease: str, token: str) -> None:
        deadline = time.monotonic() + MAX_WAIT
        while True:
            try:
                state = int(await self._turn(keys=[queue], args=[lease, token]))
            except RedisError as err:
                raise _refused(f"lock store unreachable: {type(err).__name__}") from err
            if state == 1:
                return
            if state == -1:
                raise _refused("this turn's ticket lapsed while waiting")
            if time.monotonic() > deadline:
                raise _refused(f"earlier turns took longer than {MAX_WAIT:.0f} s")
            await asyncio.sleep(POLL)

    async def _release(self, queue: str, lease: str, token: str) -> None:
        # A failed release must not fail a turn that was processed: the lease lapses anyway.
        try:
            async with self.red.pipeline(transaction=True) as pipe:
                await pipe.zrem(queue, token).delete(lease + token).execute()
        except RedisError as err:
            log.warning("could not release a conversation lock: %s", type(err).__name__)
