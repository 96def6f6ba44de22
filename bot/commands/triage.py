"""`triagebot triage`: severity, case type, criteria and entities for a JSONL file of messages."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from bot.triage import triage_from_parse
from bot.triage.model import ModelParser, NoModelError, resolve_model

PROGRESS_FROM = 50  # lines; shorter inputs get no progress bar


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", required=True, help='JSONL, one {"id": ..., "text": ...} a line')
    parser.add_argument("--output", required=True, help="JSONL written in the same order")
    parser.add_argument("--model", help="model .tar.gz (default: $TRIAGEBOT_MODEL, else the model "
                        "trained for the current data and config)")


def read_request(line: str) -> tuple[Any, str]:
    """(id, text) of one input line; raises ValueError or TypeError naming what is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise ValueError(f"not valid JSON ({err.msg})") from err
    if not isinstance(record, dict):
        raise TypeError('a line must be a JSON object {"id": ..., "text": ...}')
    text = record.get("text")
    if not isinstance(text, str):
        raise TypeError('"text" is missing or not a string')
    if not text.strip():
        raise ValueError('"text" is empty')
    return record.get("id"), text


def _line_id(line: str) -> Any:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    return record.get("id") if isinstance(record, dict) else None


def triage_lines(lines: list[str], parser: ModelParser) -> Iterator[dict[str, Any]]:
    """One output record per non-blank input line, in order."""
    for line in lines:
        try:
            record_id, text = read_request(line)
        except (ValueError, TypeError) as err:
            yield {"id": _line_id(line), "error": str(err)}
            continue
        yield {"id": record_id, **triage_from_parse(parser.parse(text)).as_dict()}


def _progress(lines: list[str], stream: TextIO) -> Any:
    from tqdm import tqdm

    return tqdm(lines, file=stream, unit="msg", disable=len(lines) < PROGRESS_FROM)


def run(args: argparse.Namespace) -> int:
    with open(args.input, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
    try:
        parser = ModelParser(resolve_model(args.model))
    except NoModelError as err:
        print(f"triagebot triage: {err}", file=sys.stderr)
        return 2
    errors = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for record in triage_lines(_progress(lines, sys.stderr), parser):
            errors += "error" in record
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    parser.close()
    print(f"triaged {len(lines) - errors} messages, {errors} bad lines -> {args.output}",
          file=sys.stderr)
    return 0
