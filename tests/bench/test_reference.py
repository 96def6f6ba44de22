"""The starter-bot reference: interleaved rounds, ratios, the cached starter project."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from bench.reference import interleaved, ratios
from bench.starter import ensure_starter, inputs_hash


def test_rounds_alternate_and_go_on_through_the_texts() -> None:
    calls: list[tuple[str, list[str], int, int]] = []

    def measure(name: str):  # type: ignore[no-untyped-def]
        def run(texts: Sequence[str], samples: int, warmup: int) -> tuple[list[float], int]:
            calls.append((name, list(texts[:samples]), samples, warmup))
            return [float(len(calls))] * samples, 1

        return run

    texts = ["a", "b", "c"]
    found = interleaved({"ours": (measure("ours"), texts), "theirs": (measure("theirs"), texts)},
                        samples=5, warmup=2, rounds=3)
    timed = [c for c in calls if c[2]]
    assert [c[0] for c in calls] == ["ours"] * 2 + ["theirs"] * 2 + ["ours", "theirs"] * 2
    assert [(c[2], c[3]) for c in calls[:2]] == [(0, 2), (2, 0)]  # warm-up first, apart
    assert [c[2] for c in timed] == [2, 2, 2, 2, 1, 1]  # 5 samples in slices of 2, 2, 1
    assert [c[3] for c in timed] == [0] * 6  # warm-up only before the first round
    assert [c[1] for c in timed[::2]] == [["a", "b"], ["c", "a"], ["b"]]  # no restart at "a"
    assert (found["ours"].seconds, found["ours"].skipped) == ([2.0, 2.0, 5.0, 5.0, 7.0], 3)
    assert found["ours"].calls == 5  # timed calls only


def test_server_cpu_is_charged_to_its_measurement() -> None:
    def busy(texts: Sequence[str], samples: int, warmup: int) -> tuple[list[float], int]:
        end = time.process_time() + 0.05 * (samples + warmup)
        while time.process_time() < end:
            pass
        return [0.0] * samples, 0

    def idle(texts: Sequence[str], samples: int, warmup: int) -> tuple[list[float], int]:
        return [0.0] * samples, 0

    found = interleaved({"busy": (busy, ["a"]), "idle": (idle, ["a"])}, samples=4, warmup=0,
                        rounds=2, servers={"busy": [os.getpid()], "idle": [os.getpid()]})
    assert found["busy"].cpu_ms_per_call() == pytest.approx(50, abs=15)
    assert found["idle"].cpu_ms_per_call() is None  # nothing measurable


def test_ratios_divide_ours_by_the_starters_p95() -> None:
    ours = {"parse_http": {"p95_ms": 15.0}, "turn_rest": {"p95_ms": 90.0},
            "turn_greeting": {"p95_ms": 24.0}}
    starter = {"parse_http": {"p95_ms": 10.0}, "turn_rest": {"p95_ms": 30.0}}
    assert ratios(ours, starter) == pytest.approx(
        {"parse_p95": 1.5, "turn_p95": 3.0, "greeting_p95": 0.8})


def test_inputs_hash_is_stable() -> None:
    first = inputs_hash()
    assert first == inputs_hash() and len(first) == 16 and int(first, 16) >= 0


def test_a_trained_starter_is_reused(tmp_path: Path) -> None:
    project = tmp_path / inputs_hash()
    (project / "models").mkdir(parents=True)
    model = project / "models" / "20260101-000000-cached.tar.gz"
    model.write_bytes(b"model")
    found = ensure_starter(tmp_path)  # would run `rasa init` (minutes) if not reused
    assert (found.project, found.model, found.trained_s) == (project, model, None)
