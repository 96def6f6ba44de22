"""JSON written by speech-to-text services: Whisper and Amazon Transcribe (speaker or channel)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from bot.transcripts.model import TranscriptError, Turn, merge_turns

CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
WHISPER_LANGUAGES = {"english": "en", "japanese": "ja"}
UTTERANCE_GAP = 1.0  # seconds of silence that end an utterance within one channel


def _language(code: Any) -> str | None:
    """"ja-JP" / "japanese" / "en" -> "ja" / "en"."""
    if not isinstance(code, str) or not code:
        return None
    code = code.strip().lower()
    return WHISPER_LANGUAGES.get(code, code.split("-")[0])


def _join(words: list[str]) -> str:
    """Words and punctuation as one text: no space inside Japanese, none before punctuation."""
    text = ""
    for word in words:
        if text and not (CJK.match(word[0]) or CJK.match(text[-1])) and word[0].isalnum():
            text += " "
        text += word
    return text


def read_whisper(doc: Mapping[str, Any]) -> tuple[list[Turn], dict[str, Any]]:
    """Turns of `whisper --output_format json` (segments; a `speaker` key as WhisperX adds)."""
    segments = doc.get("segments")
    meta = {"language": _language(doc.get("language"))}
    if segments is None:
        segments = [{"text": doc.get("text"), "start": 0.0}]
    if not isinstance(segments, list) or not all(isinstance(s, Mapping) for s in segments):
        raise TranscriptError("malformed", 'Whisper JSON: "segments" must be a list of objects')
    turns = [Turn(text=" ".join(str(s.get("text") or "").split()), speaker=s.get("speaker"),
                  start=_seconds(s.get("start"))) for s in segments]
    joiner = "" if meta["language"] == "ja" else " "
    return merge_turns(turns, joiner), meta


def _seconds(value: Any) -> float | None:
    try:
        return round(float(value), 3)
    except (TypeError, ValueError):
        return None


def _content(item: Mapping[str, Any]) -> str:
    alternatives = item.get("alternatives") or [{}]
    return str(alternatives[0].get("content") or "")


def _utterances(items: list[Mapping[str, Any]],
                label_of: Callable[[Mapping[str, Any]], str | None]) -> list[Turn]:
    """Items -> turns: a new turn at each change of speaker or after a silence."""
    turns: list[Turn] = []
    words: list[str] = []
    speaker: str | None = None
    start: float | None = None
    last_end: float | None = None
    for item in items:
        if item.get("type") == "punctuation":
            words.append(_content(item))
            continue
        begin, label = _seconds(item.get("start_time")), label_of(item)
        gap = begin is not None and last_end is not None and begin - last_end > UTTERANCE_GAP
        if words and (label != speaker or gap):
            turns.append(Turn(text=_join(words), speaker=speaker, start=start))
            words = []
        if not words:
            speaker, start = label, begin
        words.append(_content(item))
        last_end = _seconds(item.get("end_time")) or begin
    if words:
        turns.append(Turn(text=_join(words), speaker=speaker, start=start))
    return turns


def _speaker_lookup(results: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], str | None]:
    """item -> speaker label, from the item itself or `speaker_labels.segments`."""
    by_start: dict[str, str] = {}
    for segment in (results.get("speaker_labels") or {}).get("segments") or []:
        for item in segment.get("items") or []:
            by_start[str(item.get("start_time"))] = str(item.get("speaker_label"))
    return lambda item: item.get("speaker_label") or by_start.get(str(item.get("start_time")))


def _channel_turns(channel: Mapping[str, Any]) -> list[Turn]:
    label = str(channel.get("channel_label"))
    return _utterances(list(channel.get("items") or []), lambda _item: label)


def read_transcribe(doc: Mapping[str, Any]) -> tuple[list[Turn], dict[str, Any]]:
    """Turns of an Amazon Transcribe job's JSON: speaker labels, channels or neither."""
    results = doc.get("results")
    if not isinstance(results, Mapping):
        raise TranscriptError("malformed", 'Amazon Transcribe JSON: "results" is not an object')
    meta = {"language": _language(results.get("language_code") or doc.get("language_code")),
            "id": doc.get("jobName")}
    channels = (results.get("channel_labels") or {}).get("channels")
    if channels:
        turns = [t for channel in channels for t in _channel_turns(channel)]
        turns.sort(key=lambda t: t.start if t.start is not None else 0.0)
    elif results.get("items"):
        turns = _utterances(list(results["items"]), _speaker_lookup(results))
    elif results.get("audio_segments"):
        turns = [Turn(text=str(s.get("transcript") or ""),
                      speaker=s.get("speaker_label") or s.get("channel_label"),
                      start=_seconds(s.get("start_time"))) for s in results["audio_segments"]]
    else:
        texts = [str(t.get("transcript") or "") for t in results.get("transcripts") or []]
        turns = [Turn(text=" ".join(texts).strip(), start=0.0)]
    joiner = "" if meta["language"] == "ja" else " "
    return merge_turns(turns, joiner), meta
