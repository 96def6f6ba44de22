"""Files and folders of transcripts -> one record per call (or per unreadable file or line)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bot.policy import Policy, load_policy
from bot.transcripts.model import TranscriptError
from bot.transcripts.readers import EXTENSIONS, SIDE_SUFFIX, read_calls, side_metadata
from bot.transcripts.speakers import assign_roles
from bot.transcripts.triage import Parse, error_record, triage_call

SideMeta = Callable[[str], dict[str, Any]]  # call id -> metadata from a side file


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[dict[str, Any]]]:
    """The transcript files under `paths` (folders recursively), and records for bad paths.

    In folders only files with a transcript extension are read (never `*.meta.json` side
    files); a file named on the command line is read whatever its name.
    """
    files: list[Path] = []
    errors: list[dict[str, Any]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in EXTENSIONS
                and not p.name.endswith(SIDE_SUFFIX) and not p.name.startswith(".")))
        elif path.is_file():
            files.append(path)
        else:
            errors.append(error_record(str(path), "not_found", "no such file or folder"))
    return files, errors


def triage_bytes(data: bytes, name: str, parse: Parse, *, agent_speaker: Sequence[str] = (),
                 side_meta: SideMeta | None = None, extra_meta: dict[str, Any] | None = None,
                 policy: Policy | None = None) -> Iterator[dict[str, Any]]:
    """Records for every call in one file's content (`name` is reported as `file`)."""
    policy = policy or load_policy()
    try:
        for item in read_calls(data, name):
            if isinstance(item, TranscriptError):
                yield error_record(name, item.code, str(item), line=item.line)
                continue
            call = item.with_metadata({**(side_meta(item.call_id) if side_meta else {}),
                                       **(extra_meta or {})})
            yield triage_call(assign_roles(call, agent_speaker), parse, name, policy)
    except TranscriptError as err:
        yield error_record(name, err.code, str(err), line=err.line)


def triage_file(path: Path, parse: Parse, *, agent_speaker: Sequence[str] = (),
                policy: Policy | None = None) -> Iterator[dict[str, Any]]:
    """Records for one file, with metadata from its side file `NAME.meta.json`, if any."""
    try:
        data = path.read_bytes()
    except OSError as err:
        yield error_record(str(path), "unreadable", err.strerror or str(err))
        return
    cache: dict[str, Any] = {}

    def side(call_id: str) -> dict[str, Any]:
        if "error" in cache:
            return {}
        try:
            return side_metadata(path, call_id)
        except (TranscriptError, OSError) as err:
            cache["error"] = err
            return {}

    records = list(triage_bytes(data, str(path), parse, agent_speaker=agent_speaker,
                                side_meta=side, policy=policy))
    if "error" in cache:  # the calls are triaged anyway; the record says what was ignored
        note = f"side file ignored: {cache['error']}"
        records = [{**r, "warnings": [*r.get("warnings", []), note]} if "error" not in r else r
                   for r in records]
    yield from records
