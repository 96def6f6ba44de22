"""Start, watch and stop the bot's processes: action server and Rasa server.

Used by `triagebot run`, the integration tests and the benchmarks, so all three start the
bot the same way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.rasa_cli import rasa_bin
from bot.settings import Settings


@dataclass
class Services:
    """Processes started together and stopped together."""

    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop every process (its whole process group), newest first."""
        for proc in reversed(list(self.procs.values())):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in self.procs.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def check_alive(self) -> None:
        """Raise if any process has exited."""
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with code {proc.returncode}; see its log in var/")


def _spawn(name: str, cmd: list[str], settings: Settings, log_dir: Path) -> subprocess.Popen[bytes]:
    log_dir.mkdir(parents=True, exist_ok=True)
    log = open(log_dir / f"{name}.log", "ab")  # noqa: SIM115 - owned by the child process
    return subprocess.Popen(
        cmd, cwd=settings.project_dir, env=settings.rasa_env(), stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True,
    )


def wait_ready(url: str, services: Services, timeout: float = 180.0) -> None:
    """Poll `url` until it answers 200, failing early if a process died."""
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


def start_bot(settings: Settings, model: Path, log_dir: Path | None = None) -> Services:
    """Start the action server and the Rasa server (REST + socket.io, token-protected API)."""
    log_dir = log_dir or settings.var_dir / "logs"
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    services = Services()
    try:
        services.procs["actions"] = _spawn(
            "actions",
            [rasa_bin(), "run", "actions", "--actions", "actions", "--port", str(settings.actions_port)],
            settings, log_dir,
        )
        services.procs["rasa"] = _spawn(
            "rasa",
            [
                rasa_bin(), "run", "--model", str(model), "--enable-api",
                "--auth-token", settings.auth_token(), "--cors", "*",
                "--interface", settings.host, "--port", str(settings.rasa_port),
                "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
            ],
            settings, log_dir,
        )
        wait_ready(f"http://127.0.0.1:{settings.actions_port}/health", services)
        wait_ready(
            f"http://127.0.0.1:{settings.rasa_port}/status?token={settings.auth_token()}", services
        )
    except BaseException:
        services.stop()
        raise
    return services
