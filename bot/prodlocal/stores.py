"""PostgreSQL and Redis from Debian's packages, with their data in a folder of our own.

Both listen on loopback only and require a password generated once into that folder. As
root, each runs as the system user its package created (`postgres`, `redis`), which owns
its data folder; as any other user, as that user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

PG_DATABASES = ("triagebot_cases", "triagebot_tracker")
PG_ROLE = "triagebot"
DEBIAN_PACKAGES = "postgresql redis-server nginx"


class ProdLocalError(RuntimeError):
    """The topology cannot start here; the message says what to do."""


class MissingPackage(ProdLocalError):
    """A server program is not installed; the message names the package."""


def _missing(program: str) -> MissingPackage:
    return MissingPackage(
        f"{program} not found; install it with `make prod-local-packages` (as root: "
        f"apt-get install {DEBIAN_PACKAGES})")


def postgres_bin(program: str) -> str:
    """A PostgreSQL server program from the newest /usr/lib/postgresql/N/bin."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"),
                   key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if found:
        return str(found[-1])
    on_path = shutil.which(program)
    if on_path:
        return on_path
    raise _missing(program)


def program(name: str) -> str:
    """The path of `name` on PATH (or /usr/sbin, where Debian puts nginx)."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if not found:
        raise _missing(name)
    return found


def system_user(name: str) -> str | None:
    """`name` when running as root (servers drop to it), else None (run as ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(name)
    except KeyError as err:
        raise _missing(f"the system user {name!r}") from err
    return name


def own(path: Path, user: str | None, mode: int = 0o700) -> None:
    """Create `path` as a folder owned by `user` (None: ourselves) with `mode`."""
    path.mkdir(parents=True, exist_ok=True)
    if user:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    path.chmod(mode)


def make_reachable(path: Path, within: Path) -> None:
    """Let other users traverse (not list) `path` and its parents inside `within` (the
    project folder: var/ is 0700), so servers running as system users reach their data;
    raises ProdLocalError for a closed parent outside `within`."""
    for folder in [path, *path.parents]:
        if folder.stat().st_mode & stat.S_IXOTH:
            continue
        if folder != path and folder != within and within not in folder.parents:
            raise ProdLocalError(f"{folder} is closed to other users, so PostgreSQL (running as "
                               "the postgres user) cannot reach its data; choose a folder "
                               "elsewhere with --dir")
        folder.chmod(folder.stat().st_mode | stat.S_IXOTH)


def daemon_command(user: str | None, death_signal: str, command: list[str]) -> list[str]:
    """`command` through `bot.prodlocal.daemon` (user change, dies with the supervisor)."""
    wrapper = [sys.executable, "-m", "bot.prodlocal.daemon", "--death-signal", death_signal]
    return [*wrapper, *(["--user", user] if user else []), "--", *command]


def wait_for(check: Callable[[], object], alive: Callable[[], None], what: str,
             timeout: float = 60.0) -> None:
    """Call `check` until it stops raising; `alive` raises if the server died meanwhile."""
    deadline = time.monotonic() + timeout
    while True:
        alive()
        try:
            check()
            return
        except Exception:  # noqa: BLE001 - any failure means "not ready yet"
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what} not ready after {timeout:.0f} s") from None
        time.sleep(0.3)


@dataclass(frozen=True)
class Postgres:
    """A PostgreSQL cluster in `data_dir` on 127.0.0.1:`port`."""

    data_dir: Path
    port: int
    superuser_password: str
    password: str  # of the bot's own role, PG_ROLE
    user: str | None  # system user the server runs as

    stop_signal = signal.SIGINT  # "fast" shutdown: SIGTERM would wait for every client

    def url(self, database: str) -> str:
        """SQLAlchemy URL of one of the bot's databases."""
        return (f"postgresql://{PG_ROLE}:{quote(self.password, safe='')}@127.0.0.1:"
                f"{self.port}/{database}")

    def init(self) -> None:
        """initdb the cluster unless it exists (password authentication, UTF-8)."""
        if (self.data_dir / "PG_VERSION").exists():
            return
        own(self.data_dir, self.user)
        with tempfile.NamedTemporaryFile("w", dir=self.data_dir.parent, delete=False) as pw:
            pw.write(self.superuser_password)
        try:
            as_user: dict[str, Any] = {}
            if self.user:
                entry = pwd.getpwnam(self.user)
                os.chown(pw.name, entry.pw_uid, -1)
                # root's groups would select the folders' group bits, which deny everything
                as_user = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
            done = subprocess.run(
                [postgres_bin("initdb"), "-D", str(self.data_dir), "--username=postgres",
                 f"--pwfile={pw.name}", "--auth=scram-sha-256", "--encoding=UTF8",
                 "--no-locale"],
                check=False, capture_output=True, text=True, cwd="/", **as_user)
            if done.returncode:
                raise ProdLocalError(f"initdb {self.data_dir} failed: {done.stderr.strip()}")
        finally:
            os.unlink(pw.name)

    def command(self) -> list[str]:
        """The server's command line: loopback TCP only, every commit flushed to disk."""
        settings = {"listen_addresses": "127.0.0.1", "port": str(self.port),
                    "unix_socket_directories": "", "synchronous_commit": "on", "fsync": "on",
                    "full_page_writes": "on", "max_connections": "200"}
        options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
        return daemon_command(self.user, "INT",
                              [postgres_bin("postgres"), "-D", str(self.data_dir), *options])

    def superuser_connection(self, database: str = "postgres") -> Any:
        """A psycopg2 connection as the cluster's superuser (bootstrap, tests)."""
        import psycopg2

        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres",
                                password=self.superuser_password, dbname=database,
                                connect_timeout=2)

    def wait_ready(self, alive: Callable[[], None]) -> None:
        """Return once the server accepts connections."""
        wait_for(lambda: self.superuser_connection().close(), alive, "PostgreSQL")

    def bootstrap(self) -> None:
        """Create the bot's role and databases if missing (the password is re-set)."""
        conn = self.superuser_connection()
        conn.autocommit = True  # CREATE DATABASE cannot run in a transaction
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (PG_ROLE,))
                verb = "ALTER" if cur.fetchone() else "CREATE"
                cur.execute(f"{verb} ROLE {PG_ROLE} LOGIN PASSWORD %s", (self.password,))
                for database in PG_DATABASES:
                    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
                    if not cur.fetchone():
                        cur.execute(f"CREATE DATABASE {database} OWNER {PG_ROLE}")
        finally:
            conn.close()


@dataclass(frozen=True)
class Redis:
    """A Redis server for the lock store, its append-only file in `data_dir`."""

    data_dir: Path
    port: int
    password: str
    user: str | None

    stop_signal = signal.SIGTERM

    @property
    def url(self) -> str:
        return f"redis://:{quote(self.password, safe='')}@127.0.0.1:{self.port}/0"

    def write_config(self) -> Path:
        """redis.conf (it holds the password: mode 0600, owned by the server's user)."""
        own(self.data_dir, self.user)
        path = self.data_dir / "redis.conf"
        lines = ["bind 127.0.0.1", "protected-mode yes", f"port {self.port}",
                 f"dir {self.data_dir}", "daemonize no", 'logfile ""', 'save ""',
                 # Locks survive a Redis restart, losing at most the last second.
                 "appendonly yes", "appendfsync everysec", f"requirepass {self.password}"]
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        if self.user:
            os.chown(path, pwd.getpwnam(self.user).pw_uid, -1)
        return path

    def command(self) -> list[str]:
        return daemon_command(self.user, "TERM",
                              [program("redis-server"), str(self.data_dir / "redis.conf")])

    def wait_ready(self, alive: Callable[[], None]) -> None:
        """Return once the server answers PING."""
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=2)
        wait_for(client.ping, alive, "Redis")
