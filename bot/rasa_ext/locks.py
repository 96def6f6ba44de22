"""Rasa's lock store, made safe for several replicas: one turn of a conversation at a time.

Rasa's `RedisLockStore` reads the lock, changes it and writes it back, so two replicas that
take a ticket at the same moment can both be "now serving", and a holder that dies blocks
its conversation for the whole lock lifetime (60 s). Here each ticket is taken by one Lua
script (atomic in Redis), the queue is served in ticket order, and every ticket has a
lease that its process renews while it waits and works: a killed replica's ticket lapses
within `LEASE` seconds and the next message goes on, while a slow turn keeps its place.

Without TRIAGEBOT_REDIS_URL (one Rasa process) Rasa's in-memory lock store is used.
When Redis cannot be reached no turn is processed: the channel answers with its "could not
be processed" error in the customer's language rather than risk two turns at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

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
IDLE_KEYS_MS = 24 * 3600 * 1000  # a conversation's counter and queue expire when idle

# KEYS: counter, queue. ARGV: lease key prefix, lease ms, idle ms. Returns the ticket.
_ISSUE = """
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], n, n)
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('SET', ARGV[1] .. n, '1', 'PX', ARGV[2])
return n
"""
# KEYS: queue. ARGV: lease key prefix, ticket. 1: served; 0: wait; -1: own lease lapsed.
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
        self.red = aioredis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        self.prefix = "triagebot:lock:"
        self._issue = self.red.register_script(_ISSUE)
        self._turn = self.red.register_script(_TURN)
        super().__init__()

    def _keys(self, conversation_id: str) -> tuple[str, str, str]:
        base = f"{self.prefix}{conversation_id}"
        return f"{base}:next", f"{base}:queue", f"{base}:lease:"

    @contextlib.asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LEASE,
                   wait_time_in_seconds: float = POLL) -> AsyncIterator[TicketLock]:
        """Hold the conversation's turn; raises LockError when Redis is unreachable, the
        wait is too long, or this process stalled past its lease. Rasa's lifetime and
        wait arguments are not used: leases are renewed, and the queue is polled often."""
        counter, queue, lease = self._keys(conversation_id)
        try:
            ticket = int(await self._issue(keys=[counter, queue],
                                           args=[lease, int(LEASE * 1000), IDLE_KEYS_MS]))
        except RedisError as err:
            raise LockError(f"lock store unreachable: {type(err).__name__}") from err
        renewer = asyncio.create_task(self._renew(lease, ticket))
        try:
            await self._wait_turn(queue, lease, ticket)
            yield TicketLock(conversation_id)
        finally:
            renewer.cancel()
            await self._release(queue, lease, ticket)

    async def _wait_turn(self, queue: str, lease: str, ticket: int) -> None:
        deadline = time.monotonic() + MAX_WAIT
        while True:
            try:
                state = int(await self._turn(keys=[queue], args=[lease, ticket]))
            except RedisError as err:
                raise LockError(f"lock store unreachable: {type(err).__name__}") from err
            if state == 1:
                return
            if state == -1:
                raise LockError("this turn's ticket lapsed while waiting")
            if time.monotonic() > deadline:
                raise LockError(f"earlier turns took longer than {MAX_WAIT:.0f} s")
            await asyncio.sleep(POLL)

    async def _renew(self, lease: str, ticket: int) -> None:
        """Keep the ticket's lease alive while this turn waits and runs."""
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                await self.red.set(f"{lease}{ticket}", "1", px=int(LEASE * 1000), xx=True)
            except RedisError as err:  # the turn goes on; the lease may lapse
                log.warning("could not renew a conversation lock: %s", type(err).__name__)

    async def _release(self, queue: str, lease: str, ticket: int) -> None:
        # A failed release must not fail a turn that was processed: the lease lapses anyway.
        try:
            async with self.red.pipeline(transaction=True) as pipe:
                await pipe.zrem(queue, ticket).delete(f"{lease}{ticket}").execute()
        except RedisError as err:
            log.warning("could not release a conversation lock: %s", type(err).__name__)
