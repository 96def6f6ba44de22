"""triage_from_parse: a parse result becomes a typed TriageResult."""

from __future__ import annotations

from bot.triage import CriterionRef, TriageResult, triage_from_parse

PARSE = {
    "text": "VBR tape job failed, support ID 04219876",
    "language": "en",
    "severity": {"value": 3, "confidence": 0.81234, "ranking": []},
    "case_type": {"value": "technical", "confidence": 0.9, "ranking": []},
    "criteria": [{"id": "secondary_backup_failure", "en": "secondary", "ja": "セカンダリ"}],
    "needs_review": False,
    "entities": [
        {"entity": "language", "value": "en", "start": 0, "end": 40},
        {"entity": "support_id", "value": "04219876", "start": 32, "end": 40},
        {"entity": "product", "value": "Veeam Backup & Replication", "start": 0, "end": 3},
        {"entity": "product", "value": "Veeam Backup & Replication", "start": 5, "end": 8},
    ],
}


def test_full_parse() -> None:
    result = triage_from_parse(PARSE)
    assert result.lang == "en"
    assert (result.severity, result.severity_confidence) == (3, 0.8123)
    assert (result.case_type, result.case_type_confidence) == ("technical", 0.9)
    assert result.criteria == (CriterionRef("secondary_backup_failure", "secondary", "セカンダリ"),)
    assert result.criteria[0].text("ja") == "セカンダリ"
    assert result.needs_review is False
    # language is not a case entity; values in order of appearance, without repeats
    assert result.entities == {"product": ("Veeam Backup & Replication",),
                               "support_id": ("04219876",)}
    assert result.text == PARSE["text"] and result.rejected is False
    assert list(result.as_dict()) == ["lang", "severity", "severity_confidence", "case_type",
                                      "case_type_confidence", "criteria", "needs_review",
                                      "entities", "text", "rejected"]


def test_the_dict_form_reads_back_to_the_same_result() -> None:
    result = triage_from_parse(PARSE)
    assert TriageResult.from_dict(result.as_dict()) == result
    rejected = result.reject()
    assert TriageResult.from_dict(rejected.as_dict()) == rejected and rejected.rejected
    assert TriageResult.from_dict(None) is None and TriageResult.from_dict({}) is None


def test_criteria_joined_in_the_customer_language() -> None:
    result = triage_from_parse({**PARSE, "criteria": [
        {"id": "a", "en": "one", "ja": "一"}, {"id": "b", "en": "two", "ja": ""}]})
    assert result.criterion_text("en") == "one; two"
    assert result.criterion_text("ja") == "一、two"  # no Japanese text: the English one


def test_a_further_description_keeps_the_earlier_words() -> None:
    first = triage_from_parse(PARSE)
    later = triage_from_parse({**PARSE, "text": "and now the restore fails too"})
    assert later.following(first).text == f"{PARSE['text']}\nand now the restore fails too"
    assert later.following(None) == later


def test_parse_without_triage_needs_review() -> None:
    result = triage_from_parse({"text": "hi", "intent": {"name": "greet"}, "entities": []})
    assert result.severity is None and result.case_type is None
    assert result.needs_review is True
    assert result.lang is None and result.criteria == () and result.entities == {}


def test_review_flag_passes_through() -> None:
    assert triage_from_parse({**PARSE, "needs_review": True}).needs_review is True
