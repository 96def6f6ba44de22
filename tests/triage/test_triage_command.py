"""`triagebot triage`: one output line per input line, errors reported per line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from bot.commands import triage as command


class FakeParser:
    """Stands in for the model where only the line handling is under test."""

    def parse(self, text: str) -> dict[str, Any]:
        return {"text": text, "language": "en", "entities": [],
                "severity": {"value": 4, "confidence": 0.9},
                "case_type": {"value": "technical", "confidence": 0.8},
                "criteria": [], "needs_review": False}


BAD_LINES = [
    ("not json", None, "not valid JSON"),
    ("[1, 2]", None, "JSON object"),
    ('{"id": 7}', 7, '"text" is missing'),
    ('{"id": "a", "text": 5}', "a", "not a string"),
    ('{"id": "b", "text": "   "}', "b", "empty"),
]


@pytest.mark.parametrize(("line", "record_id", "message"), BAD_LINES)
def test_bad_line_yields_error_and_run_continues(line: str, record_id: Any, message: str) -> None:
    good = json.dumps({"id": "ok", "text": "how do I renew"})
    out = list(command.triage_lines([line, good], FakeParser()))  # type: ignore[arg-type]
    assert out[0]["id"] == record_id and message in out[0]["error"]
    assert out[1]["id"] == "ok" and out[1]["severity"] == 4


def test_run_with_real_model(trained_model: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    target = tmp_path / "out.jsonl"
    lines = [
        {"id": 1, "text": "Production is down, every backup job failed and the console is dead"},
        {"id": 2, "text": "テープへのバックアップコピーが失敗しています。本番には影響ありません。"},
        "this line is broken",
        {"id": 4, "text": "VBR 12.1 の使い方を教えてください、サポートID 04219876"},
    ]
    source.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)
                                for x in lines) + "\n", encoding="utf-8")
    args = argparse.Namespace(input=str(source), output=str(target), model=str(trained_model))
    assert command.run(args) == 0
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in out] == [1, 2, None, 4]
    assert "error" in out[2]
    for record in (out[0], out[1], out[3]):
        assert set(record) == {"id", "lang", "severity", "severity_confidence", "case_type",
                               "case_type_confidence", "criteria", "needs_review", "entities",
                               "text", "rejected", "understood", "ask"}
        assert record["rejected"] is False  # only the dialogue turns a proposal down
    assert [out[i]["text"] for i in (0, 1, 3)] == [lines[i]["text"] for i in (0, 1, 3)]
    assert out[0]["lang"] == "en" and out[1]["lang"] == "ja"
    assert out[0]["severity"] in (1, 2)
    assert out[3]["entities"]["support_id"] == ["04219876"]
