"""The real trained model: what /model/parse returns for English, Japanese and mixed text."""

from __future__ import annotations

import pytest

from bot.triage.model import ModelParser

ISSUES = [
    # (text, language, severity, case type, a criterion the severity must cite)
    ("Production is down: the VBR console won't connect, we must restore SQL now", "en", 1,
     "technical", "production_down"),
    ("本番環境のサーバーが停止しています。至急リストアが必要ですが、コンソールに接続できません。", "ja", 1,
     "technical", "production_down"),
    ("VBR 12.1 のテープジョブが昨夜失敗しました。プライマリのバックアップは正常です。", "ja", 3,
     "technical", "secondary_backup_failure"),
    # a rule over facts names the question (the rules have no "not urgent" fact)
    ("How do I change the retention of a backup job? Not urgent.", "en", 4, "technical",
     "howto_question"),
    # A renewal question (an expired licence that stopped the jobs would be 1 or 2).
    ("Our license expires next month and nothing has stopped yet, how do we renew it?", "en",
     4, "licensing", "howto_question"),
    ("Please add support for a new hypervisor in the next release", "en", 4,
     "feature_request", None),
]


@pytest.mark.parametrize(("text", "language", "severity", "case_type", "criterion"), ISSUES)
def test_issue_parse_has_triage_fields(trained_parser: ModelParser, text: str, language: str,
                                       severity: int, case_type: str,
                                       criterion: str | None) -> None:
    parse = trained_parser.parse(text)
    assert parse["language"] == language
    assert parse["severity"]["value"] == severity
    ranking = parse["severity"]["ranking"]
    assert sorted(r["value"] for r in ranking) == [1, 2, 3, 4]
    assert ranking[0] == {"value": severity, "confidence": parse["severity"]["confidence"]}
    assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking),
                                                        reverse=True)
    assert parse["case_type"]["value"] == case_type
    assert parse["criteria"] and all({"id", "en", "ja"} <= set(c) for c in parse["criteria"])
    if criterion:
        assert criterion in [c["id"] for c in parse["criteria"]]
    assert parse["needs_review"] is False  # clear messages: no close call between levels
    assert {"entity": "language", "value": language} in [
        {"entity": e["entity"], "value": e["value"]} for e in parse["entities"]]


def test_entities_through_the_model(trained_parser: ModelParser) -> None:
    text = "サポートID ０４２１９８７６、ケース番号 07345612、VBR 12.1.2.172、連絡先 t.yamada@example.jp"
    parse = trained_parser.parse(text)
    values = {e["entity"]: e["value"] for e in parse["entities"]}
    assert values["support_id"] == "04219876"
    assert values["case_number"] == "07345612"
    assert values["version"] == "12.1.2.172"
    assert values["email"] == "t.yamada@example.jp"
    assert values["product"] == "Veeam Backup & Replication"
    support = next(e for e in parse["entities"] if e["entity"] == "support_id")
    assert text[support["start"] : support["end"]] == "０４２１９８７６"  # offsets as typed


@pytest.mark.parametrize("text", ["OK", "04219876", "t.yamada@example.jp"])
def test_neutral_input_sets_no_language(trained_parser: ModelParser, text: str) -> None:
    parse = trained_parser.parse(text)
    assert "language" not in parse
    assert all(e["entity"] != "language" for e in parse["entities"])


# Urgent words, production running: the facts decide, not the tone (issue 11).
URGENT_NOT_DOWN = [
    ("URGENT!!! 9 backup jobs failed tonight but all the servers are running fine", "en"),
    ("至急!! 複数のバックアップジョブが失敗していますが、本番は正常に稼働しています", "ja"),
]


@pytest.mark.parametrize(("text", "language"), URGENT_NOT_DOWN)
def test_urgent_wording_with_production_running_is_severity_2(
        trained_parser: ModelParser, text: str, language: str) -> None:
    parse = trained_parser.parse(text)
    assert parse["severity"]["value"] == 2
    assert [c["id"] for c in parse["criteria"]] == ["several_primary_jobs_fail"]
    assert parse["criteria"][0]["section"] == "§4.4"
    understood = {f["fact"]: f["value"] for f in parse["understood"]}
    assert understood["scope"] == "several" and understood["work"] in ("primary", "replication")
    assert set(parse["facts"]) == {"production", "scope", "work", "restore_need", "problem"}
    assert parse["facts"]["production"]["value"] == "running"


def test_a_question_about_support_gets_a_case_type(trained_parser: ModelParser) -> None:
    parse = trained_parser.parse("what are your support hours in Japan?")
    assert parse["intent"]["name"] == "ask_hours"  # the dialogue still answers it
    assert parse["case_type"]["value"] == "general_inquiry"
    assert parse["severity"]["value"] == 4
