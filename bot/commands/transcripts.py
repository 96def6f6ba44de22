"""`triagebot transcripts`: triage recorded support calls (txt, JSONL, WebVTT, SRT, Whisper,
Amazon Transcribe) and store each call as a case for review; docs/transcripts.md."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

PROGRESS_FROM = 5  # files; fewer get no progress bar
# Files per worker process before another one pays off (a worker loads the model first).
FILES_PER_WORKER = 100
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
    parser.add_argument("--workers", type=int, default=0, metavar="N",
                        help="processes, each with the model loaded once (default 0: one per "
                        f"CPU, fewer for under {FILES_PER_WORKER} files per process)")
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


def triage_path(parser: Any, job: tuple[Path, list[str]]) -> list[dict[str, Any]]:
    """The records of one file (`job` = path, agent speaker labels), in a worker or here."""
    from bot.transcripts.batch import triage_file

    path, agent_speaker = job
    return list(triage_file(path, parser.parse, agent_speaker=agent_speaker))


def run(args: argparse.Namespace) -> int:
    """Triage every call under the given paths; 1 when no call could be read."""
    from tqdm import tqdm

    from bot.cases import open_store
    from bot.settings import load_settings
    from bot.transcripts.batch import discover
    from bot.transcripts.cases import store_call
    from bot.triage.model import ModelParser, NoModelError, resolve_model
    from bot.triage.pool import ParserPool, worker_count

    files, errors = discover(args.paths)
    try:
        model = resolve_model(args.model)
        # Namespaces built by callers other than the argument parser may lack the option.
        workers = worker_count(getattr(args, "workers", 0), len(files), FILES_PER_WORKER)
    except (NoModelError, ValueError) as err:
        print(f"triagebot transcripts: {err}", file=sys.stderr)
        return 2
    parser: Any = ParserPool(model, workers) if workers > 1 else ModelParser(model)
    store = None if args.no_store else open_store(load_settings().cases_url)
    jobs = [(Path(path), list(args.agent_speaker)) for path in files]

    def records() -> Iterable[dict[str, Any]]:
        yield from errors
        per_file = (parser.map(triage_path, jobs, chunksize=4) if workers > 1
                    else (triage_path(parser, job) for job in jobs))
        bar = tqdm(per_file, total=len(jobs), file=sys.stderr, unit="file",
                   disable=len(files) <= PROGRESS_FROM)
        for found in bar:
            for record in found:  # cases are written here, one process, in input order
                yield store_call(store, record) if store and "error" not in record else record

    try:
        with ExitStack() as stack:
            sink: TextIO = (stack.enter_context(open(args.output, "w", encoding="utf-8",
                                                     newline=""))
                            if args.output else sys.stdout)
            good, bad = write_records(records(), sink, args.format)
    except BrokenProcessPool as err:
        print(f"triagebot transcripts: a worker process died ({err}); the output is incomplete",
              file=sys.stderr)
        return 1
    finally:
        parser.close()
    print(f"triaged {good} calls from {len(files)} files, {bad} errors"
          + (f" -> {args.output}" if args.output else ""), file=sys.stderr)
    return 0 if good else 1
