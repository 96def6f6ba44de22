"""Read a transcript file in any supported format into calls, by extension and content."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from bot.transcripts.asr_json import read_transcribe, read_whisper
from bot.transcripts.model import Call, TranscriptError, Turn
from bot.transcripts.speakers import split_labelled
from bot.transcripts.subtitles import read_srt, read_vtt

EXTENSIONS = {".txt": "text", ".jsonl": "jsonl", ".vtt": "vtt", ".srt": "srt", ".json": "json"}
SIDE_SUFFIX = ".meta.json"
# JSON Lines keys that are the call itself; every other key is metadata.
LINE_KEYS = {"id", "text", "turns"}


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is a clear error."""
    if not data.strip():
        raise TranscriptError("empty", "the file is empty")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16").lstrip("\ufeff")
    if b"\x00" in data:
        raise TranscriptError("binary", "the file is binary (NUL bytes), not a transcript")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise TranscriptError(
            "encoding", f"not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}): "
                        "save the transcript as UTF-8") from err


def sniff(name: str, text: str) -> str:
    """The format of a file: its content decides when it is unmistakable, else its extension."""
    head = text.lstrip()
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("{"):
        first_line = head.split("\n", 1)[0].strip()
        one_object_per_line = first_line.endswith("}") and "\n{" in head
        return "jsonl" if one_object_per_line or name.endswith(".jsonl") else "json"
    if _looks_like_srt(head):
        return "srt"
    return EXTENSIONS.get(Path(name).suffix.lower(), "text")


def _looks_like_srt(head: str) -> bool:
    lines = head.splitlines()[:2]
    return len(lines) == 2 and lines[0].strip().isdigit() and "-->" in lines[1]


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        hint = " (the file looks truncated)" if err.pos >= len(text.rstrip()) else ""
        raise TranscriptError("malformed", f"invalid JSON: {err.msg} at line {err.lineno} "
                                           f"column {err.colno}{hint}") from err


def _text_turns(text: str) -> list[Turn]:
    return split_labelled(text) or [Turn(text=" ".join(text.split()), start=0.0)]


def _json_call(doc: Any, stem: str, digest: str) -> Call:
    if not isinstance(doc, Mapping):
        raise TranscriptError("malformed", "the JSON file is not an object")
    if "results" in doc:
        turns, meta, fmt = *read_transcribe(doc), "transcribe"
    elif "segments" in doc or isinstance(doc.get("text"), str):
        turns, meta, fmt = *read_whisper(doc), "whisper"
    else:
        raise TranscriptError("malformed", 'JSON with neither "results" (Amazon Transcribe) '
                                           'nor "segments"/"text" (Whisper)')
    call_id = str(meta.pop("id", None) or stem)
    return Call(call_id, fmt, tuple(turns), digest, {k: v for k, v in meta.items() if v})


def _line_call(line: str, number: int, stem: str) -> Call:
    record = _json(line)
    if not isinstance(record, Mapping):
        raise TranscriptError("malformed", 'a line must be a JSON object {"id": ..., "text": ...}')
    call_id = str(record.get("id") if record.get("id") is not None else f"{stem}:{number}")
    turns_in = record.get("turns")
    if isinstance(turns_in, list) and turns_in:
        turns = [Turn(text=str(t.get("text") or ""), speaker=t.get("speaker"),
                      start=t.get("start")) for t in turns_in if isinstance(t, Mapping)]
    elif isinstance(record.get("text"), str) and record["text"].strip():
        turns = _text_turns(record["text"])
    else:
        raise TranscriptError("malformed", '"text" is missing, empty or not a string')
    meta = {k: v for k, v in record.items() if k not in LINE_KEYS}
    return Call(call_id, "jsonl", tuple(t for t in turns if t.text.strip()),
                _hash(line.encode("utf-8")), meta)


def read_calls(data: bytes, name: str) -> Iterator[Call | TranscriptError]:
    """Every call in one file's bytes (`name` gives the extension and the default call id).

    A file that cannot be read at all raises TranscriptError; in JSON Lines each bad line is
    yielded as a TranscriptError (with `line` set) and the other lines still are read.
    """
    text = decode(data)
    fmt, stem = sniff(name, text), Path(name).stem
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield _line_call(line, number, stem)
            except TranscriptError as err:
                yield TranscriptError(err.code, str(err), line=number)
        return
    digest = _hash(data)
    if fmt == "json":
        yield _json_call(_json(text), stem, digest)
        return
    reader = {"vtt": read_vtt, "srt": read_srt}.get(fmt, _text_turns)
    turns = tuple(reader(text))
    if not turns:
        raise TranscriptError("empty", "the file has no speech")
    yield Call(stem, "text" if fmt == "text" else fmt, turns, digest)


def side_metadata(path: Path, call_id: str) -> dict[str, Any]:
    """What `NAME.meta.json` (or `NAME.EXT.meta.json`) next to `path` says about a call.

    Top-level keys apply to every call of the file; `calls: {id: {...}}` to one call.
    """
    for side in (path.with_name(path.stem + SIDE_SUFFIX), path.with_name(path.name + SIDE_SUFFIX)):
        if side.is_file():
            doc = _json(decode(side.read_bytes()))
            if not isinstance(doc, Mapping):
                raise TranscriptError("malformed", f"{side.name}: metadata must be a JSON object")
            calls = doc.get("calls")
            one = calls.get(call_id) if isinstance(calls, Mapping) else None
            shared = {k: v for k, v in doc.items() if k != "calls"}
            return {**shared, **(one if isinstance(one, Mapping) else {})}
    return {}
