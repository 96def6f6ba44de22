"""Fixtures for the NLU tests: a tiny labelled training set, and the trained model."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.triage.model import ModelParser, NoModelError, resolve_model

# (text, intent, severity, case_type); None labels = a conversation intent without metadata
TINY = [
    ("production is down, all jobs failed, restore needed now", "describe_issue", 1, "technical"),
    ("the whole environment is down and nothing is backed up", "describe_issue", 1, "technical"),
    ("本番環境が停止、すべてのジョブが失敗しています", "describe_issue", 1, "technical"),
    ("本番データを至急リストアしたい、コンソールに接続できない", "describe_issue", 1, "technical"),
    ("several backup jobs failed but production is up", "describe_issue", 2, "technical"),
    ("many jobs fail and restores are extremely slow", "describe_issue", 2, "technical"),
    ("複数のバックアップジョブが失敗、本番は稼働中", "describe_issue", 2, "technical"),
    ("バックアップが極端に遅い、複数のジョブでエラー", "describe_issue", 2, "technical"),
    ("the tape job failed last night", "describe_issue", 3, "technical"),
    ("backup copy to object storage fails", "describe_issue", 3, "technical"),
    ("テープへのコピーが失敗します", "describe_issue", 3, "technical"),
    ("検証環境のジョブが1本だけ失敗", "describe_issue", 3, "technical"),
    ("how do I renew my license?", "describe_issue", 4, "licensing"),
    ("when does my license expire", "describe_issue", 4, "licensing"),
    ("ライセンスの更新方法を教えてください", "describe_issue", 4, "licensing"),
    ("ライセンスの有効期限を確認したい", "describe_issue", 4, "licensing"),
    ("hello", "greet", None, None),
    ("こんにちは", "greet", None, None),
    ("thanks a lot", "thank", None, None),
]


def tiny_message(text: str, intent: str, severity: int | None, case_type: str | None) -> Message:
    data: dict = {"text": text, "intent": intent}
    if severity is not None:
        data["metadata"] = {"intent": {"severity": severity, "case_type": case_type}}
    return Message(data=data)


@pytest.fixture()
def tiny_training() -> list[Message]:
    return [tiny_message(*row) for row in TINY]


@pytest.fixture(scope="session")
def trained_parser() -> Iterator[ModelParser]:
    """The real trained model, loaded once; fails when none was trained (make test trains)."""
    try:  # $TRIAGEBOT_MODEL, else the model of the current data and config, never another
        path = resolve_model()
    except NoModelError as err:
        pytest.fail(f"{err}: run `triagebot train` (make test trains first)")
    parser = ModelParser(path)
    yield parser
    parser.close()
