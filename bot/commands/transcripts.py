"""`triagebot transcripts`: triage recorded support calls (txt, JSONL, WebVTT, SRT, Whisper,
Amazon Transcribe) and store each call as a case for review; docs/transcripts.md."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

PROGRESS_FROM = 5  # files; fewer get no progress bar
CSV_COLUMNS = ("file", "id", "line", "format", "language", "severity", "severity_confidence",
               "criterion", "needs_review", "case_type", "case_type_confidence", "support_id",
               "product", "version", "email", "phone", "missing", "started_at", "country",
               "timezone", "program", "deadline", "deadline_target", "agent_speakers",
               "case_number", "warnings", "error", "message", "caller_text")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `triagebot transcripts`."""
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="transcript files or folders (read recursively)")
    parser.add_argument("--output", metavar="FILE", help="where to write (default: stdout)")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                        help="output format (default: jsonl)")
    parser.add_argument("--agent-speaker", action="append", default=[], metavar="NAME",
                        help="speaker label of the agent (repeatable); default: found by name, "
                             "else the call's first speaker")
    parser.add_argument("--model", help="model .tar.gz (default: the model for the current data)")
    parser.add_argument("--no-store", action="store_true",
                        help="do not write cases to the case store (TRIAGEBOT_CASES_URL)")
    parser.epilog = ("One record per call; an unreadable file or line gives an error record and "
                     "the batch goes on. Exit status 1 only when nothing could be read.")


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """One flat CSV row of a record (lists joined with "; ")."""
    fields = record.get("fields") or {}
    criterion = record.get("criterion") or {}
    row = {**{k: fields.get(k) for k in ("support_id", "product", "version", "email", "phone")},
           **{k: record.get(k) for k in CSV_COLUMNS if k in record}}
    row["criterion"] = criterion.get("id") if criterion else None
    for key in ("missing", "agent_speakers", "warnings"):
        row[key] = "; ".join(str(v) for v in record.get(key) or [])
    return {k: row.get(k) for k in CSV_COLUMNS}


def write_records(records: Iterable[dict[str, Any]], sink: TextIO, fmt: str) -> tuple[int, int]:
    """Write records as they come; (calls triaged, error records)."""
    good = bad = 0
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(sink, fieldnames=CSV_COLUMNS)
        writer.writeheader()
    for record in records:
        bad, good = bad + ("error" in record), good + ("error" not in record)
        if writer:
            writer.writerow(csv_row(record))
        else:
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        sink.flush()
    return good, bad


def run(args: argparse.Namespace) -> int:
    """Triage every call under the given paths; 1 when no call could be read."""
    from tqdm import tqdm

    from bot.cases import open_store
    from bot.settings import load_settings
    from bot.transcripts.batch import discover, triage_file
    from bot.transcripts.cases import store_call
    from bot.triage.model import ModelParser, NoModelError, resolve_model

    files, errors = discover(args.paths)
    try:
        parser = ModelParser(resolve_model(args.model))
    except NoModelError as err:
        print(f"triagebot transcripts: {err}", file=sys.stderr)
        return 2
    store = None if args.no_store else open_store(load_settings().cases_url)

    def records() -> Iterable[dict[str, Any]]:
        yield from errors
        bar = tqdm(files, file=sys.stderr, unit="file", disable=len(files) <= PROGRESS_FROM)
        for path in bar:
            for record in triage_file(Path(path), parser.parse, agent_speaker=args.agent_speaker):
                yield store_call(store, record) if store and "error" not in record else record

    with ExitStack() as stack:
        sink: TextIO = (stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
                        if args.output else sys.stdout)
        good, bad = write_records(records(), sink, args.format)
    parser.close()
    print(f"triaged {good} calls from {len(files)} files, {bad} errors"
          + (f" -> {args.output}" if args.output else ""), file=sys.stderr)
    return 0 if good else 1
