"""Start, supervise and stop the bot's server processes.

Used by `triagebot run`, the integration tests and the benchmarks, so all of them start the
bot the same way. The servers stay in the caller's process group (Ctrl-C reaches them all)
and get SIGTERM if the caller dies (`bot.lifeline`); one that exits is restarted with
back-off; `stop` ends them all within `STOP_GRACE` seconds even when one is busy. Their
output goes through `bot.redact` into var/logs, files mode 0600 (umask 077).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.cases import open_store
from bot.lifeline import SUPERVISOR_ENV
from bot.redact import redact
from bot.settings import Settings

STOP_GRACE = 5.0  # seconds between SIGTERM and SIGKILL
BACKOFF_MAX = 30.0
HEALTHY_AFTER = 60.0  # a server up this long starts its back-off afresh


@dataclass
class Server:
    """One supervised process: how to start it and its current state."""

    name: str
    cmd: list[str]
    env: dict[str, str]
    log_path: Path
    cwd: Path  # the project directory: endpoints.yml, credentials.yml, actions/
    proc: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    restarts: int = 0
    next_start: float = 0.0
    # PostgreSQL's SIGTERM waits for every client to leave; it takes SIGINT to stop now.
    stop_signal: int = signal.SIGTERM

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.cmd, cwd=self.cwd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        self.started = time.monotonic()
        threading.Thread(target=self._pump, args=(self.proc,), daemon=True,
                         name=f"log-{self.name}").start()

    def _pump(self, proc: subprocess.Popen[bytes]) -> None:
        """Copy the process's output to its log, redacted, line by line."""
        assert proc.stdout is not None
        fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            for raw in proc.stdout:
                out.write(redact(raw.decode("utf-8", "replace").rstrip("\n")) + "\n")
                out.flush()

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


@dataclass
class Services:
    """Processes started together, kept running together and stopped together."""

    servers: dict[str, Server] = field(default_factory=dict)
    stopping: bool = False

    @property
    def procs(self) -> dict[str, subprocess.Popen[bytes]]:
        """The current process of each server (tests signal them by pid)."""
        return {name: s.proc for name, s in self.servers.items() if s.proc is not None}

    def check_alive(self) -> None:
        """Raise if any server has exited (used while waiting for start-up)."""
        for server in self.servers.values():
            if not server.alive:
                code = server.proc.returncode if server.proc else None
                raise RuntimeError(
                    f"{server.name} exited with code {code}; see {server.log_path}"
                )

    def supervise(self) -> None:
        """Restart any server that exited, waiting longer after each quick failure."""
        now = time.monotonic()
        for server in self.servers.values():
            if server.alive or self.stopping:
                continue
            if server.next_start == 0.0:
                if now - server.started > HEALTHY_AFTER:
                    server.restarts = 0
                delay = min(BACKOFF_MAX, 2.0 ** server.restarts)
                server.next_start = now + delay
                code = server.proc.returncode if server.proc else None
                # One line on the console: `triagebot run` configures no logging, so
                # logging's last-resort handler would print a warning a second time.
                print(f"{server.name} exited (code {code}); restarting in {delay:.0f} s",
                      file=sys.stderr, flush=True)
            elif now >= server.next_start:
                server.restarts += 1
                server.next_start = 0.0
                server.start()

    def stop(self, grace: float = STOP_GRACE) -> None:
        """Signal every server to stop (SIGTERM, or its `stop_signal`), SIGKILL those still
        running after `grace` seconds."""
        self.stopping = True
        stopping = [s for s in reversed(list(self.servers.values())) if s.alive]
        running = [s.proc for s in stopping]
        for server in stopping:
            assert server.proc is not None
            server.proc.send_signal(server.stop_signal)
        deadline = time.monotonic() + grace
        for proc in running:
            assert proc is not None
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()  # busy in a long computation: its event loop cannot stop it
                proc.wait()


def _python(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def wait_ready(url: str, services: Services, timeout: float = 180.0) -> None:
    """Poll `url` until it answers 200, failing early if a server died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        services.check_alive()
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} not ready after {timeout:.0f} s")


def start_bot(settings: Settings, model: Path, log_dir: Path | None = None,
              web: bool = False, rasa_ports: Sequence[int] = (),
              services: Services | None = None) -> Services:
    """Start the action server and the Rasa server (REST + socket.io, token-protected API),
    and with `web` the chat page and review console (`python -m bot.web`).

    `rasa_ports` starts one Rasa replica per port (`rasa-1`, `rasa-2`, ...; they need the
    shared stores of TRIAGEBOT_TRACKER_URL and TRIAGEBOT_REDIS_URL) instead of one `rasa`
    on `settings.rasa_port`. The case store is migrated before any server starts. The
    servers join `services` when given, one at a time as they start, so a caller
    interrupted mid-start (Ctrl-C, SIGTERM) can still stop each of them.
    """
    os.umask(0o077)  # tracker and case databases, logs and secrets: owner only
    log_dir = log_dir or settings.var_dir / "logs"
    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    open_store(settings.cases_url)  # runs the schema migrations once, before the servers
    env = {**settings.rasa_env(), SUPERVISOR_ENV: str(os.getpid())}
    services = services if services is not None else Services()
    ports = list(rasa_ports) or [settings.rasa_port]
    commands = {"actions": _python("bot.action_server")}
    for i, port in enumerate(ports, start=1):
        commands["rasa" if not rasa_ports else f"rasa-{i}"] = _python(
            "bot.rasa_server", "--model", str(model), "--enable-api",
            "--interface", settings.host, "--port", str(port),
            "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
        )
    if web:
        commands["web"] = _python("bot.web")
    try:
        for name, cmd in commands.items():
            server = Server(name, cmd, env, log_dir / f"{name}.log", settings.project_dir)
            services.servers[name] = server
            server.start()
        wait_ready(f"http://127.0.0.1:{settings.actions_port}/health", services)
        for port in ports:  # replicas load their models at once, sharing the CPUs
            wait_ready(f"http://127.0.0.1:{port}/status?token={settings.auth_token()}",
                       services, timeout=180.0 * len(ports))
        if web:
            wait_ready(f"http://127.0.0.1:{settings.web_port}/config.js", services)
    except BaseException:
        services.stop()
        raise
    return services
