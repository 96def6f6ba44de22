"""The one clock: real time by default, TRIAGEBOT_FAKE_NOW for tests, refused unless asked."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

from bot import clock
from bot.settings import Settings, SettingsError, load_settings, parse_fake_now
from tests import REPO

PINNED = "2026-12-31T19:59:00+09:00"


def _fake(value: str = PINNED, allowed: bool = False) -> Settings:
    return dataclasses.replace(load_settings(), fake_now=parse_fake_now(value),
                               allow_fake_clock=allowed)


def test_without_a_fake_time_the_clock_is_the_real_one() -> None:
    settings = dataclasses.replace(load_settings(), fake_now=None)
    before = datetime.now(timezone.utc)
    assert before <= clock.now(settings) <= datetime.now(timezone.utc)


def test_a_fake_clock_starts_at_the_pinned_time_and_runs_on() -> None:
    settings = _fake("2026-12-30T08:00:00+09:00")  # a value no other test pins
    first = clock.now(settings)
    assert timedelta(0) <= first - parse_fake_now("2026-12-30T08:00:00+09:00") < timedelta(
        seconds=1)
    assert first.tzinfo == timezone.utc
    time.sleep(0.05)
    assert clock.now(settings) - first >= timedelta(seconds=0.05)


def test_the_fake_clock_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIAGEBOT_FAKE_NOW", "2027-01-01T00:00:00+00:00")
    assert clock.now().date().isoformat() == "2027-01-01"


@pytest.mark.parametrize(("value", "problem"), [
    ("tomorrow", "not an ISO time"),
    ("2026-12-31T19:59:00", "no UTC offset"),
])
def test_a_bad_fake_time_is_refused_with_an_example(value: str, problem: str) -> None:
    with pytest.raises(SettingsError, match=problem) as refused:
        parse_fake_now(value)
    assert PINNED in str(refused.value)


def test_an_unasked_fake_clock_is_refused() -> None:
    with pytest.raises(clock.FakeClockRefused, match="--allow-fake-clock"):
        clock.refuse_unasked_fake_clock(_fake())
    clock.refuse_unasked_fake_clock(_fake(), asked=True)
    clock.refuse_unasked_fake_clock(_fake(allowed=True))
    clock.refuse_unasked_fake_clock(dataclasses.replace(load_settings(), fake_now=None))


def test_servers_inherit_the_fake_clock_and_its_permission() -> None:
    env = _fake(allowed=True).rasa_env()
    assert parse_fake_now(env["TRIAGEBOT_FAKE_NOW"]) == parse_fake_now(PINNED)
    assert env["TRIAGEBOT_ALLOW_FAKE_CLOCK"] == "1"
    real = dataclasses.replace(load_settings(), fake_now=None).rasa_env()
    assert "TRIAGEBOT_FAKE_NOW" not in real and real["TRIAGEBOT_ALLOW_FAKE_CLOCK"] == "0"


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("TRIAGEBOT_FAKE_NOW", "TRIAGEBOT_ALLOW_FAKE_CLOCK")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, env={**clean, **env}, timeout=120, check=False)


def test_triagebot_run_refuses_a_fake_clock_nobody_asked_for() -> None:
    proc = _run("import sys\nfrom bot.cli import main\nsys.exit(main(['run', '--no-train']))",
                TRIAGEBOT_FAKE_NOW=PINNED)
    assert proc.returncode == 2
    assert "TRIAGEBOT_FAKE_NOW" in proc.stderr and "--allow-fake-clock" in proc.stderr


def test_a_bad_fake_time_stops_the_cli_with_a_clear_error() -> None:
    proc = _run("import sys\nfrom bot.cli import main\nsys.exit(main(['run', '--no-train']))",
                TRIAGEBOT_FAKE_NOW="soon")
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith(f"write e.g. {PINNED}")


def test_the_action_server_refuses_an_unasked_fake_clock() -> None:
    refused = _run("import actions", TRIAGEBOT_FAKE_NOW=PINNED)
    assert refused.returncode != 0 and "FakeClockRefused" in refused.stderr
    asked = _run("import actions", TRIAGEBOT_FAKE_NOW=PINNED, TRIAGEBOT_ALLOW_FAKE_CLOCK="1")
    assert asked.returncode == 0, asked.stderr
