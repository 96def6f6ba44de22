"""The per-call record: the caller's words only, context, deadline, fields and missing ones."""

from __future__ import annotations

from typing import Any

from bot.transcripts.model import Call, Turn
from bot.transcripts.speakers import assign_roles
from bot.transcripts.triage import caller_text, dedupe_key, error_record, triage_call
from tests.transcripts.conftest import FakeNlu


def call(*turns: tuple[str | None, str], **meta: Any) -> Call:
    raw = Call("c-1", "vtt", tuple(Turn(text=t, speaker=s, start=float(i))
                                   for i, (s, t) in enumerate(turns)), "ab" * 32, dict(meta))
    return assign_roles(raw)


SUPPORT_CALL = (("Agent", "Support, hello. Is your whole environment down?"),
                ("Caller", "No, um, one backup copy job to tape fails."),
                ("Agent", "Which version are you on?"),
                ("Caller", "Yes, twelve point one."),
                ("Caller", "Thank you."))


def test_triage_reads_the_callers_normalised_words_only(nlu: FakeNlu) -> None:
    record = triage_call(call(*SUPPORT_CALL), nlu.parse, "x.vtt")
    assert nlu.texts == ["No, one backup copy job to tape fails. Yes, version 12.1."]
    assert "whole environment" not in nlu.texts[0]
    assert record["caller_text"] == nlu.texts[0]
    # the agent's words stay in the record for staff
    assert [t["role"] for t in record["turns"]] == ["agent", "caller", "agent", "caller", "caller"]
    assert record["turns"][0]["text"] == "Support, hello. Is your whole environment down?"


def test_japanese_answer_gets_the_questions_cue() -> None:
    got = call(("オペレーター", "バージョンを教えてください。"), ("お客様", "えーと、じゅうにてんいちです"))
    assert caller_text(got, "ja") == "バージョン12.1です。"


def test_record_fields(nlu: FakeNlu) -> None:
    record = triage_call(call(*SUPPORT_CALL), nlu.parse, "x.vtt")
    assert (record["file"], record["id"], record["format"], record["language"]) == (
        "x.vtt", "c-1", "vtt", "en")
    assert (record["severity"], record["severity_confidence"], record["case_type"]) == (3, 0.9,
                                                                                       "technical")
    assert record["criterion"]["id"] == "secondary_backup_failure"
    assert record["needs_review"] is False
    assert record["agent_speakers"] == ["Agent"] and record["agent_found_by"] == "name"
    assert record["fields"]["description"] == record["caller_text"]
    assert "email" in record["missing"] and "description" not in record["missing"]
    assert record["deadline"] is None
    assert record["deadline_note"] == "unknown: start time, country or time zone, program"
    assert record["dedupe_key"] == dedupe_key(call(*SUPPORT_CALL))


def test_deadline_from_metadata_with_the_countrys_time_zone(nlu: FakeNlu) -> None:
    record = triage_call(call(*SUPPORT_CALL, started_at="2026-12-04T19:00:00+09:00",
                              country="jp", program="basic"), nlu.parse, "x.vtt")
    assert (record["country"], record["timezone"]) == ("JP", "Asia/Tokyo")
    # severity 3 on basic: 12 business hours (§4.5), as `triagebot deadline` answers
    assert record["deadline"] == "2026-12-07T19:00:00+09:00"
    assert record["deadline_target"] == "12 business hours"
    assert record["deadline_target"] and record["deadline_section"]


def test_country_from_time_zone_and_metadata_fields(nlu: FakeNlu) -> None:
    record = triage_call(call(*SUPPORT_CALL, started_at="2026-12-04T10:00:00Z",
                              timezone="Europe/London", program="premium", name="Dana",
                              phone="+442079460958"), nlu.parse, "x.vtt")
    assert record["country"] == "GB" and record["deadline"]
    assert record["fields"]["name"] == "Dana" and record["fields"]["phone"] == "+442079460958"
    assert "name" not in record["missing"]


def test_bad_metadata_is_a_warning_not_a_failure(nlu: FakeNlu) -> None:
    record = triage_call(call(*SUPPORT_CALL, started_at="yesterday", country="JP",
                              program="gold"), nlu.parse, "x.vtt")
    assert record["severity"] == 3 and record["deadline"] is None
    assert any("ISO 8601" in w for w in record["warnings"])
    record = triage_call(call(*SUPPORT_CALL, started_at="2026-12-04T10:00:00+00:00",
                              country="JP", program="gold"), nlu.parse, "x.vtt")
    assert "unknown program 'gold'" in record["deadline_note"]


def test_a_call_with_only_the_agent_is_not_parsed(nlu: FakeNlu) -> None:
    raw = Call("c", "vtt", (Turn(text="Hello?", speaker="Agent"),), "0" * 64)
    record = triage_call(assign_roles(raw, ["Agent"]), nlu.parse, "x.vtt")
    assert nlu.texts == [] and record["severity"] is None and record["needs_review"] is True
    assert "the caller says nothing to triage" in record["warnings"]


def test_agent_speaker_naming_nobody_is_a_warning(nlu: FakeNlu) -> None:
    raw = Call("c", "vtt", (Turn(text="a", speaker="spk_0"), Turn(text="b", speaker="spk_1")),
               "0" * 64, {"agent_speaker": "Agent"})
    record = triage_call(assign_roles(raw), nlu.parse, "x.vtt")
    assert nlu.texts == ["a. b."]
    assert "names none of" in record["warnings"][0]


def test_language_from_metadata_wins(nlu: FakeNlu) -> None:
    record = triage_call(call(("Caller", "VBR 12"), language="ja-JP"), nlu.parse, "x.vtt")
    assert record["language"] == "ja" and nlu.texts == ["VBR 12。"]


def test_dedupe_key_is_short_even_for_long_ids() -> None:
    raw = Call("x" * 500, "jsonl", (Turn(text="a"),), "f" * 64)
    assert len(dedupe_key(raw)) <= 128 and dedupe_key(raw).startswith("f" * 40)


def test_error_record() -> None:
    assert error_record("a.jsonl", "malformed", "bad", line=3) == {
        "file": "a.jsonl", "error": "malformed", "message": "bad", "line": 3}


def test_metadata_aliases(nlu: FakeNlu) -> None:
    record = triage_call(call(*SUPPORT_CALL, start_time="2026-12-04T10:00:00+00:00",
                              country_code="US", support_program="basic", language_code="en-US"),
                         nlu.parse, "x.vtt")
    assert (record["country"], record["timezone"], record["program"]) == (
        "US", "America/New_York", "basic")
    assert record["deadline"] and record["started_at"] == "2026-12-04T10:00:00+00:00"


def test_support_id_read_out_in_chunks_after_the_agent_asks(nlu: FakeNlu) -> None:
    spoken = "Sure, zero one two three, four five six seven."
    got = call(("Agent", "Can I have your support ID?"), ("Caller", spoken))
    assert caller_text(got, "en") == "Sure, support ID 01234567."
    got = call(("Agent", "Can I have your support ID?"), ("Caller", "It's 0123 4567."))
    assert caller_text(got, "en") == "It's support ID 01234567."


def test_a_call_with_no_problem_recognised_is_a_severity_4_inquiry_for_review() -> None:
    class Chatty(FakeNlu):
        def parse(self, text: str) -> dict[str, Any]:
            self.texts.append(text)
            return {"text": text, "language": "en", "entities": [], "intent": {"name": "ask_hours"}}

    record = triage_call(call(("Caller", "What are your support hours?")), Chatty().parse, "x.txt")
    assert (record["severity"], record["case_type"], record["needs_review"]) == (
        4, "general_inquiry", True)
    assert record["severity_confidence"] is None and record["criterion"] is None
    assert "no problem recognised" in record["warnings"][0]
