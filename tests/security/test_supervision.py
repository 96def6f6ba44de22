"""`triagebot run` as an operator runs it: servers restarted, stopped in time, nothing left.

Starts the real command in a process group of its own (so the test can find every process
it started) on free ports with a private var/ folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.sandbox import free_port
from bot.commands.train import ensure_model
from bot.settings import load_settings

pytestmark = pytest.mark.integration
TRIAGEBOT = str(Path(sys.executable).parent / "triagebot")


@dataclass
class Run:
    proc: subprocess.Popen[str]
    env: dict[str, str]
    var_dir: Path

    def servers(self) -> dict[str, int]:
        """pid of each server process, by module name, found through /proc."""
        found = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                args = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"-m" in args and os.getpgid(int(entry.name)) == self.proc.pid:
                module = args[args.index(b"-m") + 1].decode()
                found[module] = int(entry.name)
        return found

    def url(self, port_var: str, path: str) -> str:
        return f"http://127.0.0.1:{self.env[port_var]}{path}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "zombie" not in status.read_text()


def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    """True once `condition()` holds; it is checked at least once, even with no time left."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.3)
    return True


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def _started(tmp_path: Path) -> Iterator[Run]:
    env = {
        **os.environ, "TRIAGEBOT_VAR_DIR": str(tmp_path / "var"),
        "TRIAGEBOT_TRACKER_DB": str(tmp_path / "var" / "tracker.db"),
        "TRIAGEBOT_CASES_URL": f"sqlite:///{tmp_path / 'var' / 'cases.db'}",
        "TRIAGEBOT_RASA_PORT": str(free_port()), "TRIAGEBOT_ACTIONS_PORT": str(free_port()),
        "TRIAGEBOT_WEB_PORT": str(free_port()), "TRIAGEBOT_AUTH_TOKEN": "supervision-token-x1",
    }
    env.pop("TRIAGEBOT_FAKE_NOW", None)
    ensure_model(load_settings())
    proc = subprocess.Popen([TRIAGEBOT, "run", "--no-train"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    started = Run(proc, env, tmp_path / "var")
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "Press Ctrl-C to stop" in line:
                break
        else:
            pytest.fail("triagebot run ended before it was ready")
        yield started
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        for pid in started.servers().values():
            os.kill(pid, signal.SIGKILL)


@pytest.fixture()
def run(tmp_path: Path) -> Iterator[Run]:
    """A run of its own, for tests that end it."""
    with _started(tmp_path) as started:
        yield started


@pytest.fixture(scope="module")
def shared_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """One run for the tests that leave it running."""
    with _started(tmp_path_factory.mktemp("run")) as started:
        yield started


def test_servers_share_the_group_and_hide_the_token(shared_run: Run) -> None:
    run = shared_run
    servers = run.servers()
    assert set(servers) == {"bot.rasa_server", "bot.action_server", "bot.web"}
    for pid in servers.values():
        assert os.getpgid(pid) == run.proc.pid
        assert b"supervision-token-x1" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    for path in [run.var_dir, *run.var_dir.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


def test_a_killed_server_is_restarted(shared_run: Run) -> None:
    run = shared_run
    rasa = run.servers()["bot.rasa_server"]
    os.kill(rasa, signal.SIGKILL)
    status = run.url("TRIAGEBOT_RASA_PORT", "/status?token=supervision-token-x1")
    assert _wait(lambda: run.servers().get("bot.rasa_server") not in (None, rasa), 15)
    assert _wait(lambda: _answers(status), 120)
    assert run.proc.poll() is None


def test_sigterm_stops_everything_in_time_even_when_a_server_hangs(run: Run) -> None:
    servers = run.servers()
    os.kill(servers["bot.rasa_server"], signal.SIGSTOP)  # as if stuck in a long computation
    started = time.monotonic()
    run.proc.send_signal(signal.SIGTERM)
    # 0, not -2: the SIGTERM became an orderly stop, not an uncaught KeyboardInterrupt
    assert run.proc.wait(12) == 0
    assert all(_wait(lambda pid=pid: not _alive(pid), 12 - (time.monotonic() - started))
               for pid in servers.values())
    assert time.monotonic() - started < 10


def test_servers_end_when_the_supervisor_is_killed(run: Run) -> None:
    servers = run.servers()
    os.kill(run.proc.pid, signal.SIGKILL)
    run.proc.wait(5)
    assert all(_wait(lambda pid=pid: not _alive(pid), 10) for pid in servers.values())
