"""triage_from_parse: a parse result becomes a typed TriageResult."""

from __future__ import annotations

from bot.triage import CriterionRef, FactRef, TriageResult, triage_from_parse

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
                                      "entities", "text", "rejected", "understood", "ask"]


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


FACT_PARSE = {
    **PARSE,
    "severity": {"value": 2, "confidence": 0.7, "ranking": []},
    "criteria": [{"id": "several_primary_jobs_fail", "en": "several primary jobs fail",
                  "ja": "複数のジョブが失敗", "section": "§4.4"}],
    "understood": [{"fact": "scope", "value": "several", "confidence": 0.9,
                    "en": "several jobs fail", "ja": "複数のジョブが失敗している"},
                   {"fact": "production", "value": "running", "confidence": 0.8,
                    "en": "production keeps running", "ja": "本番環境は稼働している"}],
    "needs_review": True,
    "ask": "production",
}


def test_facts_and_the_question_survive_the_slot_round_trip() -> None:
    result = triage_from_parse(FACT_PARSE)
    assert result.ask == "production"
    assert result.understood[0] == FactRef("scope", "several", 0.9, "several jobs fail",
                                           "複数のジョブが失敗している")
    assert result.criteria[0].section == "§4.4"
    assert TriageResult.from_dict(result.as_dict()) == result


def test_explanation_says_what_was_understood_and_the_section() -> None:
    result = triage_from_parse(FACT_PARSE)
    assert result.explanation("en") == ("several jobs fail; production keeps running → "
                                        "several primary jobs fail (policy §4.4)")
    assert result.explanation("ja") == ("複数のジョブが失敗している、本番環境は稼働している → "
                                        "複数のジョブが失敗(サポートポリシー§4.4)")
    # no facts cited: the criterion alone
    assert triage_from_parse(PARSE).explanation("en") == "secondary"
