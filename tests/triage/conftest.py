"""Fixtures for the triage tests: the real trained model, loaded once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.triage.model import ModelParser, NoModelError, resolve_model


@pytest.fixture(scope="session")
def trained_model() -> Path:
    try:  # $TRIAGEBOT_MODEL, else the model of the current data and config, never another
        path = resolve_model()
    except NoModelError as err:
        pytest.fail(f"{err}: run `triagebot train` (make test trains first)")
    return path


@pytest.fixture(scope="session")
def trained_parser(trained_model: Path) -> Iterator[ModelParser]:
    parser = ModelParser(trained_model)
    yield parser
    parser.close()
