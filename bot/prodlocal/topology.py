"""Start, supervise and stop the production topology on one machine.

Three groups of `bot.services` servers, started in order and stopped in reverse: the
stores (PostgreSQL, Redis), the bot (action server, Rasa replicas, web app; `start_bot`)
and the proxy (nginx). Everything lives in one folder (default var/prod-local/): data,
secrets, logs, generated configuration, and `env`, which a shell can `source` to reach
the same stores (`triagebot cases show N`).

Call `supervise()` from one long-lived thread (the CLI's main loop): Linux sends a child
its parent-death signal when the thread that started it ends, not only the process.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
import signal
from dataclasses import dataclass
from pathlib import Path

from bot.prodlocal.proxy import Proxy
from bot.prodlocal.stores import Postgres, Redis, make_reachable, own, system_user
from bot.services import Server, Services, start_bot, wait_ready
from bot.settings import Settings
from bot.web.process import free_port

REPLICAS = 2


@dataclass(frozen=True)
class Ports:
    """Where each server listens (all on 127.0.0.1)."""

    proxy: int
    postgres: int
    redis: int
    actions: int
    web: int
    rasa: tuple[int, ...]

    @classmethod
    def from_proxy(cls, proxy: int, replicas: int = REPLICAS) -> Ports:
        """Fixed offsets from the proxy's port: 8000 -> 8001 PostgreSQL, 8002 Redis,
        8003 actions, 8004 web, 8011... Rasa replicas."""
        return cls(proxy, proxy + 1, proxy + 2, proxy + 3, proxy + 4,
                   tuple(proxy + 11 + i for i in range(replicas)))

    @classmethod
    def free(cls, replicas: int = REPLICAS) -> Ports:
        """Free ports for every server (tests)."""
        return cls(free_port(), free_port(), free_port(), free_port(), free_port(),
                   tuple(free_port() for _ in range(replicas)))


class ProdLocal:
    """The topology's servers, their settings and their folder."""

    def __init__(self, base: Settings, root: Path, ports: Ports) -> None:
        self.root = root.resolve()
        self.ports = ports
        self.postgres = Postgres(
            self.root / "postgres", ports.postgres,
            superuser_password=self._secret(base, "postgres-superuser-password"),
            password=self._secret(base, "postgres-password"), user=system_user("postgres"))
        self.redis = Redis(self.root / "redis", ports.redis,
                           password=self._secret(base, "redis-password"),
                           user=system_user("redis"))
        self.proxy = Proxy(self.root / "nginx", ports.proxy, ports.rasa, ports.web)
        origins = tuple(f"http://{h}:{ports.proxy}" for h in ("127.0.0.1", "localhost"))
        # Every bot process sees the proxy as "the Rasa server": the chat page's socket.io
        # URL and the console's API calls go through it; replicas get their own --port.
        self.settings = dataclasses.replace(
            base, host="127.0.0.1", var_dir=self.root, rasa_port=ports.proxy,
            actions_port=ports.actions, web_port=ports.web, tracker_db=self.root / "unused.db",
            cases_url=self.postgres.url("triagebot_cases"),
            tracker_url=self.postgres.url("triagebot_tracker"), redis_url=self.redis.url,
            cors_origins=tuple(dict.fromkeys(base.cors_origins + origins)))
        self.groups: list[Services] = []

    def _secret(self, base: Settings, name: str) -> str:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        return dataclasses.replace(base, var_dir=self.root).secret(
            name, f"TRIAGEBOT_{name.upper().replace('-', '_')}")

    def server_names(self) -> list[str]:
        """The servers `start` runs, in start order (deploy/ declares the same)."""
        rasa = [f"rasa-{i}" for i in range(1, len(self.ports.rasa) + 1)]
        return ["postgres", "redis", "actions", *rasa, "web", "nginx"]

    @property
    def servers(self) -> dict[str, Server]:
        """Every server by name (postgres, redis, actions, rasa-1, ..., web, nginx)."""
        return {name: s for group in self.groups for name, s in group.servers.items()}

    def _group(self, **servers: tuple[list[str], int]) -> Services:
        group = Services()
        self.groups.append(group)
        env = {**os.environ, "TRIAGEBOT_SUPERVISOR_PID": str(os.getpid())}
        for name, (cmd, stop_signal) in servers.items():
            server = Server(name, cmd, env, self.root / "logs" / f"{name}.log", Path("/"),
                            stop_signal=stop_signal)
            group.servers[name] = server
            server.start()
        return group

    def start_stores(self) -> None:
        """Start PostgreSQL and Redis and create the bot's role, databases and tables."""
        os.umask(0o077)
        own(self.root / "logs", None)
        if system_user("postgres"):  # system users must reach their folders through ours
            make_reachable(self.root, self.settings.project_dir)
        self.postgres.init()
        self.redis.write_config()
        stores = self._group(postgres=(self.postgres.command(), Postgres.stop_signal),
                             redis=(self.redis.command(), Redis.stop_signal))
        self.postgres.wait_ready(stores.check_alive)
        self.redis.wait_ready(stores.check_alive)
        self.postgres.bootstrap()
        self._create_tracker_tables()

    def start(self, model: Path) -> None:
        """Start everything, in order; on any failure stop what was started and raise."""
        try:
            self.start_stores()
            bot = Services()  # in `groups` before it starts: an interrupted start stops it
            self.groups.append(bot)
            start_bot(self.settings, model, log_dir=self.root / "logs", web=True,
                      rasa_ports=self.ports.rasa, services=bot)
            self.proxy.write_config()
            proxy = self._group(nginx=(self.proxy.command(), signal.SIGTERM))
            wait_ready(f"http://127.0.0.1:{self.ports.proxy}/config.js", proxy, timeout=30)
            self.write_env()
        except BaseException:
            self.stop()
            raise

    def _create_tracker_tables(self) -> None:
        """Create Rasa's events table once, so replicas starting together do not race."""
        import sqlalchemy as sa
        from rasa.core.tracker_store import SQLTrackerStore

        engine = sa.create_engine(self.settings.tracker_store_url)
        try:
            SQLTrackerStore.Base.metadata.create_all(engine)
        finally:
            engine.dispose()

    def write_env(self) -> Path:
        """`env`: export lines for the stores and this folder (mode 0600: it holds passwords)."""
        values = {"TRIAGEBOT_CASES_URL": self.settings.cases_url,
                  "TRIAGEBOT_TRACKER_URL": self.settings.tracker_store_url,
                  "TRIAGEBOT_REDIS_URL": self.settings.redis_url,
                  "TRIAGEBOT_VAR_DIR": str(self.root)}
        path = self.root / "env"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("# `source` me: the stores of `make run-prod-local` (rewritten at start)\n")
            handle.writelines(f"export {k}={shlex.quote(v)}\n" for k, v in values.items())
        return path

    def supervise(self) -> None:
        """Restart any server that exited (with back-off)."""
        for group in self.groups:
            group.supervise()

    def stop(self) -> None:
        """Stop the proxy, then the bot, then the stores."""
        for group in reversed(self.groups):
            group.stop()
        self.groups.clear()
