"""`serve`: a SIGTERM at any moment of a foreground run stops every server it started."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from bot.commands.serving import serve


class Recorder:
    """Counts the calls `serve` makes and sends SIGTERM to this process when asked."""

    def __init__(self, term_in: str) -> None:
        self.term_in = term_in
        self.calls: list[str] = []

    def _maybe_term(self, where: str) -> None:
        self.calls.append(where)
        if where == self.term_in:
            os.kill(os.getpid(), signal.SIGTERM)

    def start(self) -> str:
        self._maybe_term("start")
        return "ready"

    def supervise(self) -> None:
        self._maybe_term("supervise")

    def stop(self) -> None:
        self.calls.append("stop")


@pytest.fixture(autouse=True)
def _restore_handlers() -> Iterator[None]:
    saved = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGTERM, saved[0])
    signal.signal(signal.SIGINT, saved[1])


@pytest.mark.parametrize("term_in", ["start", "supervise"])
def test_sigterm_while_starting_or_running_stops_the_servers(
        term_in: str, capsys: pytest.CaptureFixture[str]) -> None:
    recorder = Recorder(term_in)
    serve(recorder.start, recorder.supervise, recorder.stop)
    assert recorder.calls[-1] == "stop" and recorder.calls.count("stop") == 1
    assert "stopping" in capsys.readouterr().err


def test_a_failed_start_stops_what_it_started_and_raises() -> None:
    calls: list[str] = []

    def start() -> str:
        raise RuntimeError("rasa exited with code 1")

    with pytest.raises(RuntimeError, match="rasa exited"):
        serve(start, lambda: None, lambda: calls.append("stop"))
    assert calls == ["stop"]
    # stopping ignores further signals; the next run installs its own handlers again
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
