"""WebVTT (voice spans) and SRT (speaker prefixes) transcripts, read with webvtt-py and srt."""

from __future__ import annotations

import html
import io
import re

import srt
import webvtt
from webvtt.errors import MalformedFileError

from bot.transcripts.model import TranscriptError, Turn, merge_turns
from bot.transcripts.speakers import label_turns

# <v Agent>text</v>, <v.loud Dana Whitfield>text (the closing tag is optional)
VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
TAG = re.compile(r"</?[a-z][^>]*>|<\d[\d:.]*>", re.IGNORECASE)  # <i>, </v>, <00:01.500>


def _clean(text: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", text)).split())


def voice_spans(raw: str, start: float) -> list[Turn]:
    """The turns of one cue: text before the first voice span has no speaker."""
    parts = VOICE.split(raw)
    turns = [Turn(text=_clean(parts[0]), start=start)]
    for speaker, text in zip(parts[1::2], parts[2::2]):
        turns.append(Turn(text=_clean(text), speaker=" ".join(speaker.split()), start=start))
    return [t for t in turns if t.text]


def read_vtt(text: str) -> list[Turn]:
    """Turns of a WebVTT file; speakers from `<v Name>` spans."""
    try:
        captions = webvtt.from_buffer(io.StringIO(text))
    except MalformedFileError as err:
        raise TranscriptError("malformed", f"not a valid WebVTT file: {err}") from err
    turns = [t for c in captions.captions
             for t in voice_spans(c.raw_text, c.start_time.in_milliseconds() / 1000)]
    if not turns:
        raise TranscriptError("empty", "the WebVTT file has no cue with text")
    if all(t.speaker is None for t in turns):  # some tools write "Name: text" instead of <v>
        turns = label_turns([(t.text, t.start) for t in turns]) or turns
    return merge_turns(turns)


def read_srt(text: str) -> list[Turn]:
    """Turns of an SRT file; speakers from "Name:" or "[Name]" at the start of a cue."""
    try:
        subtitles = list(srt.parse(text, ignore_errors=False))
    except srt.SRTParseError as err:
        raise TranscriptError("malformed", f"not a valid SRT file: {err}") from err
    entries = [(_clean(s.content.replace("\n", " ")), s.start.total_seconds()) for s in subtitles]
    turns = label_turns(entries) or [Turn(text=text, start=start) for text, start in entries]
    if not any(t.text for t in turns):
        raise TranscriptError("empty", "the SRT file has no subtitle with text")
    return merge_turns(turns)
