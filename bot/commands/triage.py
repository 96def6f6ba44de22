"""`triagebot triage`: severity, case type, criteria and entities for a JSONL file of messages."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import Any, TextIO

from bot.triage import triage_from_parse
from bot.triage.model import ModelParser, NoModelError, resolve_model
from bot.triage.pool import ParserPool, worker_count

PROGRESS_FROM = 50  # lines; shorter inputs get no progress bar
# Lines per worker process before another one pays off: a worker spends seconds loading
# the model, time in which one process triages a few hundred messages.
LINES_PER_WORKER = 400
CHUNK = 16  # lines whose messages are parsed in one run of the model


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", required=True, help='JSONL, one {"id": ..., "text": ...} a line')
    parser.add_argument("--output", required=True, help="JSONL written in the same order")
    parser.add_argument("--model", help="model .tar.gz (default: $TRIAGEBOT_MODEL, else the model "
                        "trained for the current data and config)")
    parser.add_argument("--workers", type=int, default=0, metavar="N",
                        help="processes, each with the model loaded once (default 0: one per "
                        f"CPU, fewer for inputs under {LINES_PER_WORKER} lines per process)")


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


def triage_chunk(parser: ModelParser, lines: list[str]) -> list[dict[str, Any]]:
    """The output records of a few lines (error records for bad ones), in order; their
    messages are parsed in one run of the model when the parser can (`parse_many`)."""
    records: list[dict[str, Any] | None] = []
    wanted: list[tuple[int, Any, str]] = []
    for line in lines:
        try:
            record_id, text = read_request(line)
        except (ValueError, TypeError) as err:
            records.append({"id": _line_id(line), "error": str(err)})
            continue
        wanted.append((len(records), record_id, text))
        records.append(None)
    texts = [text for _, _, text in wanted]
    many = getattr(parser, "parse_many", None)
    parses = many(texts) if many else [parser.parse(text) for text in texts]
    for (index, record_id, _), parse in zip(wanted, parses):
        records[index] = {"id": record_id, **triage_from_parse(parse).as_dict()}
    return [record for record in records if record is not None]


def chunks(lines: list[str], size: int = CHUNK) -> list[list[str]]:
    """`lines` cut into runs of `size`."""
    return [lines[start:start + size] for start in range(0, len(lines), size)]


def triage_lines(lines: Iterable[str], parser: ModelParser) -> Iterator[dict[str, Any]]:
    """One output record per non-blank input line, in order."""
    for chunk in chunks(list(lines)):
        yield from triage_chunk(parser, chunk)


def _progress(records: Iterable[dict[str, Any]], total: int, stream: TextIO) -> Any:
    from tqdm import tqdm

    return tqdm(records, total=total, file=stream, unit="msg", disable=total < PROGRESS_FROM)


def run(args: argparse.Namespace) -> int:
    with open(args.input, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
    try:
        model = resolve_model(args.model)
        # Namespaces built by callers other than the argument parser may lack the option.
        workers = worker_count(getattr(args, "workers", 0), len(lines), LINES_PER_WORKER)
    except (NoModelError, ValueError) as err:
        print(f"triagebot triage: {err}", file=sys.stderr)
        return 2
    closing: Any = ParserPool(model, workers) if workers > 1 else ModelParser(model)
    records = (chain.from_iterable(closing.map(triage_chunk, chunks(lines), chunksize=1))
               if workers > 1 else triage_lines(lines, closing))
    errors = 0
    try:
        with open(args.output, "w", encoding="utf-8") as out:
            for record in _progress(records, len(lines), sys.stderr):
                errors += "error" in record
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except BrokenProcessPool as err:
        print(f"triagebot triage: a worker process died ({err}); {args.output} is incomplete",
              file=sys.stderr)
        return 1
    finally:
        closing.close()
    print(f"triaged {len(lines) - errors} messages, {errors} bad lines -> {args.output}",
          file=sys.stderr)
    return 0
