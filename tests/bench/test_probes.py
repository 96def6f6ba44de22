"""`python -m bench profile`'s timers: they time Rasa's functions and leave them as found."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

from bench.probes import Probes, proc_cpu_seconds
from bench.profiling import story_turns

PROJECT = Path(__file__).resolve().parents[2]


def test_timers_record_calls_and_are_removed_again() -> None:
    before = (inspect.getattr_static(MessageProcessor, "parse_message"),
              inspect.getattr_static(DialogueStateTracker, "from_dict"))
    probes = Probes()
    with probes.installed():
        assert inspect.getattr_static(MessageProcessor, "parse_message") is not before[0]
        tracker = DialogueStateTracker.from_dict("someone", [], [])  # a wrapped classmethod
    assert tracker.sender_id == "someone"
    assert (inspect.getattr_static(MessageProcessor, "parse_message"),
            inspect.getattr_static(DialogueStateTracker, "from_dict")) == before
    [row] = probes.table(1)
    assert row["step"] == "tracker rebuilt from stored events" and row["calls_per_unit"] == 1


def test_cpu_seconds_of_this_process_and_of_none() -> None:
    assert proc_cpu_seconds(os.getpid()) > 0
    assert proc_cpu_seconds(2**22 + 7) == 0.0  # above pid_max: no such process


def test_the_long_conversation_comes_from_a_conversation_test() -> None:
    turns = story_turns(PROJECT)
    assert len(turns) >= 5 and all(isinstance(t, str) and t for t in turns)
