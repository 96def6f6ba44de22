"""The real trained model: what /model/parse returns for English, Japanese and mixed text."""

from __future__ import annotations

import pytest

from bot.triage.model import ModelParser

ISSUES = [
    # (text, language, most likely severity band)
    ("Production is down: the VBR console won't connect, we must restore SQL now", "en", {1}),
    ("本番環境のサーバーが停止しています。至急リストアが必要ですが、コンソールに接続できません。", "ja", {1}),
    ("VBR 12.1 のテープジョブが昨夜失敗しました。プライマリのバックアップは正常です。", "ja", {3}),
    ("How do I change the retention of a backup job? Not urgent.", "en", {4}),
]


@pytest.mark.parametrize(("text", "language", "severities"), ISSUES)
def test_issue_parse_has_triage_fields(trained_parser: ModelParser, text: str, language: str,
                                       severities: set[int]) -> None:
    parse = trained_parser.parse(text)
    assert parse["language"] == language
    assert parse["severity"]["value"] in severities
    assert 0.0 < parse["severity"]["confidence"] <= 1.0
    assert len(parse["severity"]["ranking"]) == 4
    assert parse["case_type"]["value"] in {"technical", "licensing", "general_inquiry",
                                           "feature_request", "out_of_scope"}
    assert parse["criteria"] and all({"id", "en", "ja"} <= set(c) for c in parse["criteria"])
    assert isinstance(parse["needs_review"], bool)
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
