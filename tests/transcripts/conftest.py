"""Fixtures for the transcript tests: a stand-in NLU that records what it was given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "transcripts"


class FakeNlu:
    """Answers like /model/parse; keeps every text it was asked to parse."""

    def __init__(self, severity: int = 3, case_type: str = "technical") -> None:
        self.texts: list[str] = []
        self.severity, self.case_type = severity, case_type

    def parse(self, text: str) -> dict[str, Any]:
        self.texts.append(text)
        return {"text": text, "language": "en", "entities": [],
                "severity": {"value": self.severity, "confidence": 0.9},
                "case_type": {"value": self.case_type, "confidence": 0.8},
                "criteria": [{"id": "secondary_backup_failure", "en": "e", "ja": "j"}],
                "needs_review": False}


@pytest.fixture()
def nlu() -> FakeNlu:
    return FakeNlu()


@pytest.fixture()
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def trained_parser() -> Any:
    """The real trained model, loaded once (`make test` trains before pytest)."""
    from bot.triage.model import ModelParser, NoModelError, resolve_model

    try:
        path = resolve_model()
    except NoModelError as err:
        pytest.fail(f"{err}: run `triagebot train` (make test trains first)")
    parser = ModelParser(path)
    yield parser
    parser.close()
