"""The web app as its own process (`python -m bot.web`), started and stopped by its id."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

from bot.settings import Settings


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def web_env(settings: Settings) -> dict[str, str]:
    """Environment under which `load_settings()` in the child equals `settings`."""
    env = settings.rasa_env()
    env.update(
        TRIAGEBOT_HOST=settings.host, TRIAGEBOT_RASA_PORT=str(settings.rasa_port),
        TRIAGEBOT_ACTIONS_PORT=str(settings.actions_port),
        TRIAGEBOT_WEB_PORT=str(settings.web_port), TRIAGEBOT_VAR_DIR=str(settings.var_dir),
        TRIAGEBOT_CASES_URL=settings.cases_url, TRIAGEBOT_TRACKER_DB=str(settings.tracker_db),
    )
    return env


class WebProcess:
    """`python -m bot.web` on `settings.web_port` (0 picks a free port)."""

    def __init__(self, settings: Settings, log_path: Path | None = None) -> None:
        self.port = settings.web_port or free_port()
        self.settings = settings
        self.log_path = log_path or settings.var_dir / "logs" / "web.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, timeout: float = 30.0) -> WebProcess:
        """Start the process and wait until it answers; raise if it dies first."""
        env = web_env(replace(self.settings, web_port=self.port))
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot.web"], env=env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"web server exited with code {self.proc.returncode}; "
                                   f"see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}config.js", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"web server not ready after {timeout:.0f} s; see {self.log_path}")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the process group by its id (SIGTERM, then SIGKILL)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
