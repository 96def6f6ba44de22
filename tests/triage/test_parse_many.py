"""Messages parsed together give what each parses to alone, and batch lines keep their order."""

from __future__ import annotations

import json
from typing import Any

from bot.commands.triage import triage_chunk
from bot.triage.model import ModelParser

TEXTS = [
    "Production is down, every backup job failed and the console is dead",
    "テープへのバックアップコピーが失敗しています。本番には影響ありません。",
    "VBR 12.1 の使い方を教えてください、サポートID 04219876",
    "hello",
    "!!!",
    "our licence expired yesterday, support id 01234567, please call +44 20 7946 0000",
]


def test_parse_many_is_parse_for_each(trained_parser: ModelParser) -> None:
    alone = [trained_parser.parse(text) for text in TEXTS]
    assert trained_parser.parse_many(TEXTS) == alone
    assert trained_parser.parse_many([]) == []


class BatchParser:
    """Counts the runs of the model a chunk of lines takes."""

    def __init__(self) -> None:
        self.runs: list[list[str]] = []

    def parse_many(self, texts: list[str]) -> list[dict[str, Any]]:
        self.runs.append(list(texts))
        return [{"text": t, "language": "en", "entities": [], "criteria": [],
                 "severity": {"value": 3, "confidence": 0.8},
                 "case_type": {"value": "technical", "confidence": 0.9},
                 "needs_review": False} for t in texts]


def test_a_chunk_is_one_run_and_bad_lines_keep_their_place() -> None:
    lines = [json.dumps({"id": 1, "text": "backup fails"}), "not json",
             json.dumps({"id": 3, "text": "tape job fails"}), json.dumps({"id": 4})]
    parser = BatchParser()
    records = triage_chunk(parser, lines)  # type: ignore[arg-type]
    assert parser.runs == [["backup fails", "tape job fails"]]
    assert [r["id"] for r in records] == [1, None, 3, 4]
    assert ["error" in r for r in records] == [False, True, False, True]
    assert records[2]["severity"] == 3
