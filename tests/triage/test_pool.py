"""Worker processes for batches: how many, one model load each, input order, dead workers."""

from __future__ import annotations

import json
import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.triage.pool import ParserPool, usable_cpus, worker_count

CPUS = usable_cpus()
COUNTS = [  # (requested, items, per_worker, expected)
    (0, 10, 400, 1),  # a short batch stays in this process
    (0, 400 * CPUS, 400, CPUS),  # a long one gets every core
    (0, 400 * 64, 400, CPUS),  # never more than the cores
    (3, 10, 400, 3),  # asked for: as many as asked ...
    (3, 2, 400, 2),  # ... but not more than there are items
    (1, 10_000, 400, 1),
    (0, 0, 400, 1),
]


@pytest.mark.parametrize(("requested", "items", "per_worker", "expected"), COUNTS)
def test_worker_count(requested: int, items: int, per_worker: int, expected: int) -> None:
    assert worker_count(requested, items, per_worker) == expected


def test_negative_worker_count_is_refused() -> None:
    with pytest.raises(ValueError, match="--workers must be 0"):
        worker_count(-1, 10, 400)


class CountingParser:
    """Stands in for a model; counts how often a process built one."""

    loads = 0

    def __init__(self, model: Path) -> None:
        CountingParser.loads += 1
        self.model = model

    def parse(self, text: str) -> dict[str, Any]:
        return {"text": text.upper(), "pid": os.getpid(), "loads": CountingParser.loads}


def shout(parser: CountingParser, text: str) -> dict[str, Any]:
    return parser.parse(text)


def die(parser: CountingParser, text: str) -> None:
    os._exit(3)


def test_results_in_input_order_with_one_load_per_worker() -> None:
    pool = ParserPool(Path("some-model.tar.gz"), 2, loader=CountingParser)
    try:
        pool.warm_up()
        texts = [f"message {i}" for i in range(60)]
        out = list(pool.map(shout, texts, chunksize=4))
    finally:
        pool.close()
    assert [r["text"] for r in out] == [t.upper() for t in texts]
    assert {r["loads"] for r in out} == {1}  # the model was loaded once per process
    pids = {r["pid"] for r in out}  # how the chunks spread over the two is up to the pool
    assert len(pool.pids) == 2 and pids <= set(pool.pids) and os.getpid() not in pids


def test_a_dead_worker_stops_the_batch() -> None:
    pool = ParserPool(Path("some-model.tar.gz"), 2, loader=CountingParser)
    try:
        with pytest.raises(BrokenProcessPool):
            list(pool.map(die, ["a", "b", "c"], chunksize=1))
    finally:
        pool.close()


def test_triage_command_refuses_negative_workers(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": "backup fails"}) + "\n", encoding="utf-8")
    code = main(["triage", "--input", str(source), "--output", str(tmp_path / "out.jsonl"),
                 "--workers", "-2", "--model", str(source)])
    assert code == 2 and "--workers must be 0" in capsys.readouterr().err


def test_two_workers_write_what_one_process_writes(trained_model: Path, tmp_path: Path) -> None:
    texts = ["Production is down, every backup job failed", "how do I renew my licence",
             "テープへのバックアップコピーが失敗しています。", "not json", "VBR 12.1 の使い方"]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(t if t == "not json" else json.dumps({"id": i, "text": t})
                                for i, t in enumerate(texts * 4)) + "\n", encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        target = tmp_path / f"out-{workers}.jsonl"
        assert main(["triage", "--input", str(source), "--output", str(target),
                     "--model", str(trained_model), "--workers", workers]) == 0
        outputs.append(target.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] and len(outputs[0].splitlines()) == len(texts) * 4
