"""Each format's reader, on the documented examples in tests/data/transcripts and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.transcripts.model import Call, TranscriptError
from bot.transcripts.readers import read_calls, side_metadata, sniff


def calls_of(path: Path) -> list[Call]:
    items = list(read_calls(path.read_bytes(), path.name))
    assert all(isinstance(i, Call) for i in items), items
    return [i for i in items if isinstance(i, Call)]


# file, format, call id, speakers in order, first words of the first turn
EXAMPLES = [
    ("plain.txt", "text", "plain", (), "Hi, um, this is Dana"),
    ("teams.vtt", "vtt", "teams", ("Agent", "Dana Whitfield"), "Thank you for calling"),
    ("call.srt", "srt", "call", ("Operator", "Caller"), "Support desk, how can I help?"),
    ("whisper.json", "whisper", "whisper", (), "あのー、VBRの管理コンソールに"),
    ("transcribe.json", "transcribe", "call-7f3a", ("spk_0", "spk_1"), "Thank you for calling"),
    ("transcribe-channels.json", "transcribe", "call-ja-0042", ("ch_0", "ch_1"), "はい、サポート"),
]


@pytest.mark.parametrize(("name", "fmt", "call_id", "speakers", "start"), EXAMPLES)
def test_example_of_each_format(data_dir: Path, name: str, fmt: str, call_id: str,
                                speakers: tuple[str, ...], start: str) -> None:
    [call] = calls_of(data_dir / name)
    assert (call.format, call.call_id, call.speakers) == (fmt, call_id, speakers)
    assert call.turns[0].text.startswith(start)
    assert len(call.content_hash) == 64


def test_vtt_cues_of_one_speaker_become_one_turn_with_its_start(data_dir: Path) -> None:
    [call] = calls_of(data_dir / "teams.vtt")
    assert [t.speaker for t in call.turns] == ["Agent", "Dana Whitfield"] * 2
    assert call.turns[3].text == "Twelve point one. The primary backups are fine."
    assert call.turns[1].start == 3.2


def test_vtt_cue_with_two_voices_and_tags() -> None:
    vtt = (b"WEBVTT\n\n00:00.000 --> 00:04.000\n<v.loud Agent>Hello <i>there</i></v>\n"
           b"<v Caller>Hi &amp; thanks</v>\n")
    [call] = list(read_calls(vtt, "x.vtt"))
    assert isinstance(call, Call)
    assert [(t.speaker, t.text) for t in call.turns] == [("Agent", "Hello there"),
                                                         ("Caller", "Hi & thanks")]


def test_transcribe_speakers_come_from_segments_when_items_lack_them(data_dir: Path) -> None:
    [call] = calls_of(data_dir / "transcribe.json")
    assert [t.speaker for t in call.turns] == ["spk_0", "spk_1", "spk_0", "spk_1"]
    assert call.turns[1].text.startswith("Hi. Um, our whole production environment is down")
    assert call.metadata == {"language": "en"}


def test_transcribe_channels_are_interleaved_by_time_and_japanese_has_no_spaces(
        data_dir: Path) -> None:
    [call] = calls_of(data_dir / "transcribe-channels.json")
    assert [t.speaker for t in call.turns] == ["ch_0", "ch_1", "ch_0", "ch_1"]
    assert call.turns[1].text == "えーと、バックアップジョブが複数失敗していて、本番のサーバーが保護されていません。"
    assert call.turns[3].text == "メールはtanakaアットexampleドットcoドットjpです。"
    assert call.metadata["language"] == "ja"


def test_whisper_segments_and_whisperx_speakers() -> None:
    doc = {"text": "a b", "language": "english", "segments": [
        {"start": 0.0, "text": " Hello, support.", "speaker": "SPEAKER_00"},
        {"start": 1.5, "text": " My jobs fail.", "speaker": "SPEAKER_01"},
        {"start": 3.0, "text": " Every night.", "speaker": "SPEAKER_01"}]}
    [call] = list(read_calls(json.dumps(doc).encode(), "w.json"))
    assert isinstance(call, Call)
    assert [(t.speaker, t.text, t.start) for t in call.turns] == [
        ("SPEAKER_00", "Hello, support.", 0.0), ("SPEAKER_01", "My jobs fail. Every night.", 1.5)]
    assert call.metadata["language"] == "en"


def test_jsonl_lines_are_calls_with_metadata_and_labelled_text(data_dir: Path) -> None:
    first, second = calls_of(data_dir / "calls.jsonl")
    assert (first.call_id, first.speakers) == ("call-0001", ())
    assert first.metadata == {"started_at": "2026-12-03T10:15:00-05:00", "country": "US",
                              "program": "basic"}
    assert second.speakers == ("Agent", "Caller")
    assert first.content_hash != second.content_hash  # one line's edit re-keys one call only


def test_srt_error_lines_are_not_speakers() -> None:
    srt_text = ("1\n00:00:00,000 --> 00:00:02,000\nError: access denied\n\n"
                "2\n00:00:02,000 --> 00:00:04,000\nit says that every night\n")
    [call] = list(read_calls(srt_text.encode(), "e.srt"))
    assert isinstance(call, Call)
    assert call.speakers == ()
    assert call.turns[0].text == "Error: access denied it says that every night"


@pytest.mark.parametrize(("name", "text", "fmt"), [
    ("a.txt", "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n", "vtt"),
    ("a.txt", "1\n00:00:00,000 --> 00:00:01,000\nhi\n", "srt"),
    ("a.data", '{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n', "jsonl"),
    ("a.data", '{"results": {}}', "json"),
    ("a.vtt", "just words", "vtt"),
    ("a", "just words", "text"),
])
def test_format_by_content_then_extension(name: str, text: str, fmt: str) -> None:
    assert sniff(name, text) == fmt


BAD_FILES = [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("empty.vtt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("truncated.json", b'{"results": {"transcripts": [{"transcript": "hel', "malformed"),
    ("sjis.txt", "バックアップが失敗しました".encode("shift_jis"), "encoding"),
    ("latin1.srt", "caf\xe9 backup".encode("latin-1"), "encoding"),
    ("bad.vtt", b"WEBVTT\n\nnot a timing line\n", "empty"),
    ("other.json", b'{"hello": "world"}', "malformed"),
    ("list.json", b"[1, 2]", "malformed"),
    ("notimes.srt", b"1\nno timing here\nhello\n", "malformed"),
]


@pytest.mark.parametrize(("name", "data", "code"), BAD_FILES)
def test_bad_files_raise_a_coded_error(name: str, data: bytes, code: str) -> None:
    with pytest.raises(TranscriptError) as caught:
        list(read_calls(data, name))
    assert caught.value.code == code
    assert str(caught.value)


def test_truncated_json_says_so() -> None:
    with pytest.raises(TranscriptError, match="truncated"):
        list(read_calls(b'{"segments": [{"text": "a"', "w.json"))


def test_utf16_with_bom_is_read() -> None:
    [call] = list(read_calls("\ufeffバックアップが失敗".encode("utf-16-le"), "a.txt"))
    assert isinstance(call, Call) and call.turns[0].text == "バックアップが失敗"


def test_bad_jsonl_line_is_an_error_and_the_others_are_read() -> None:
    data = b'{"id": "a", "text": "one"}\nnot json\n{"id": "c"}\n[1]\n{"id": "e", "text": "two"}\n'
    items = list(read_calls(data, "x.jsonl"))
    assert [type(i).__name__ for i in items] == ["Call", "TranscriptError", "TranscriptError",
                                                 "TranscriptError", "Call"]
    assert [getattr(i, "line", None) for i in items if isinstance(i, TranscriptError)] == [2, 3, 4]


def test_side_file_metadata_shared_and_per_call(tmp_path: Path) -> None:
    path = tmp_path / "day.jsonl"
    (tmp_path / "day.meta.json").write_text(json.dumps(
        {"program": "basic", "calls": {"b": {"program": "premium", "country": "JP"}}}))
    assert side_metadata(path, "a") == {"program": "basic"}
    assert side_metadata(path, "b") == {"program": "premium", "country": "JP"}
    assert side_metadata(tmp_path / "none.vtt", "x") == {}


def test_broken_side_file_is_a_coded_error(tmp_path: Path) -> None:
    (tmp_path / "c.vtt.meta.json").write_text("{oops")
    with pytest.raises(TranscriptError) as caught:
        side_metadata(tmp_path / "c.vtt", "c")
    assert caught.value.code == "malformed"


def test_vtt_without_voice_spans_takes_name_prefixes() -> None:
    vtt = (b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nSam Lee: Support, hello.\n\n"
           b"2\n00:00:02.000 --> 00:00:05.000\nDana: Our jobs fail.\n")
    [call] = list(read_calls(vtt, "zoom.vtt"))
    assert isinstance(call, Call)
    assert [(t.speaker, t.text) for t in call.turns] == [("Sam Lee", "Support, hello."),
                                                         ("Dana", "Our jobs fail.")]


def test_transcribe_audio_segments_without_items() -> None:
    doc = {"results": {"transcripts": [{"transcript": "x"}], "audio_segments": [
        {"transcript": "Support, hello.", "speaker_label": "spk_0", "start_time": "0.1"},
        {"transcript": "My jobs fail.", "speaker_label": "spk_1", "start_time": "2.0"}]}}
    [call] = list(read_calls(json.dumps(doc).encode(), "a.json"))
    assert isinstance(call, Call)
    assert [(t.speaker, t.start) for t in call.turns] == [("spk_0", 0.1), ("spk_1", 2.0)]
