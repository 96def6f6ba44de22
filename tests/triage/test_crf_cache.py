"""The CRF entity extractor is trained once per set of inputs, then read from its files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor, CRFToken

from bot.triage import crf_cache

CONFIG = {**CRFEntityExtractor.get_default_config(), "max_iterations": 20}
ORDER = ["entity"]


def _sentence(words: list[tuple[str, str]]) -> list[CRFToken]:
    return [CRFToken(text=w, pos_tag="", pattern={}, dense_features=np.array([]),
                     entity_tag=tag, entity_role_tag="O", entity_group_tag="O")
            for w, tag in words]


DATA = [_sentence([("version", "O"), ("12.1", "U-version"), ("fails", "O")]),
        _sentence([("on", "O"), ("11", "U-version"), ("now", "O")]),
        _sentence([("support", "O"), ("id", "O"), ("01234567", "U-support_id")])]


@pytest.fixture()
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(CRFEntityExtractor, "train_model",
                        CRFEntityExtractor.__dict__["train_model"])  # undone after the test
    crf_cache.install(tmp_path)
    return tmp_path


def _tags(taggers: Any, config: dict[str, Any] = CONFIG) -> list[list[str]]:
    features = [CRFEntityExtractor._crf_tokens_to_features(s, config) for s in DATA]
    return [taggers["entity"].predict_single(f) for f in features]


def test_trained_once_then_read(installed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = CRFEntityExtractor.train_model(DATA, CONFIG, ORDER)
    [kept] = list(installed.glob("*.crfsuite"))

    def no_training(*args: Any) -> Any:
        raise AssertionError("trained again")

    monkeypatch.setattr(crf_cache, "_train", no_training)
    again = CRFEntityExtractor.train_model(DATA, CONFIG, ORDER)
    assert again["entity"].modelfile.name == str(kept)
    assert _tags(again) == _tags(first) == [["O", "U-version", "O"], ["O", "U-version", "O"],
                                            ["O", "O", "U-support_id"]]


def test_other_inputs_train_again(installed: Path) -> None:
    CRFEntityExtractor.train_model(DATA, CONFIG, ORDER)
    CRFEntityExtractor.train_model(DATA, {**CONFIG, "L2_c": 0.5}, ORDER)
    CRFEntityExtractor.train_model(DATA[:2], CONFIG, ORDER)
    assert len(list(installed.glob("*.crfsuite"))) == 3


def test_an_unwritable_cache_still_trains(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(CRFEntityExtractor, "train_model",
                        CRFEntityExtractor.__dict__["train_model"])
    crf_cache.install(blocked / "crf")
    taggers = CRFEntityExtractor.train_model(DATA, CONFIG, ORDER)
    assert _tags(taggers)[0] == ["O", "U-version", "O"]
