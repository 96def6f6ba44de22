"""The CRF entity extractor is trained once per set of inputs, then read from its files
without parsing the stored tokens again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor, CRFToken

from bot.triage import crf_cache

CONFIG = {**CRFEntityExtractor.get_default_config(), "max_iterations": 20}
CONTEXT = ExecutionContext(GraphSchema({}), node_name="crf")


def _sentence(words: list[tuple[str, str]]) -> list[CRFToken]:
    return [CRFToken(text=w, pos_tag="", pattern={}, dense_features=np.array([]),
                     entity_tag=tag, entity_role_tag="O", entity_group_tag="O")
            for w, tag in words]


DATA = [_sentence([("version", "O"), ("12.1", "U-version"), ("fails", "O")]),
        _sentence([("on", "O"), ("11", "U-version"), ("now", "O")]),
        _sentence([("support", "O"), ("id", "O"), ("01234567", "U-support_id")])]


def _stored(tmp_path: Path, data: list[list[CRFToken]], name: str = "crf"
            ) -> tuple[LocalModelStorage, Resource]:
    """A model storage holding what Rasa's training stores for a CRF: the tokens and order."""
    (tmp_path / "model").mkdir(exist_ok=True)
    storage, resource = LocalModelStorage(tmp_path / "model"), Resource(name)
    extractor = CRFEntityExtractor.create(CONFIG, storage, resource, CONTEXT)
    extractor.crf_order = ["entity"]
    extractor.persist(data)
    return storage, resource


def _load(storage: LocalModelStorage, resource: Resource,
          config: dict[str, Any] = CONFIG) -> CRFEntityExtractor:
    return CRFEntityExtractor.load(config, storage, resource, CONTEXT)


@pytest.fixture()
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(CRFEntityExtractor, "load", CRFEntityExtractor.__dict__["load"])
    monkeypatch.setattr(CRFEntityExtractor, "train_model",
                        CRFEntityExtractor.__dict__["train_model"])  # both undone after
    crf_cache.install(tmp_path / "crf")
    return tmp_path / "crf"


def _tags(extractor: CRFEntityExtractor) -> list[list[str]]:
    features = [CRFEntityExtractor._crf_tokens_to_features(s, CONFIG) for s in DATA]
    return [extractor.entity_taggers["entity"].predict_single(f) for f in features]


def test_trained_once_then_read(tmp_path: Path, installed: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    storage, resource = _stored(tmp_path, DATA)
    first = _load(storage, resource)
    [kept] = list(installed.glob("*.crfsuite"))

    def refused(*args: Any) -> Any:
        raise AssertionError("trained or parsed again")

    monkeypatch.setattr(CRFEntityExtractor, "train_model", classmethod(refused))
    monkeypatch.setattr(CRFToken, "create_from_dict", staticmethod(refused))
    again = _load(storage, resource)
    assert again.entity_taggers["entity"].modelfile.name == str(kept)
    assert again.crf_order == ["entity"]
    assert _tags(again) == _tags(first) == [["O", "U-version", "O"], ["O", "U-version", "O"],
                                            ["O", "O", "U-support_id"]]


def test_other_inputs_train_again(tmp_path: Path, installed: Path) -> None:
    storage, resource = _stored(tmp_path, DATA)
    _load(storage, resource)
    _load(storage, resource, {**CONFIG, "L2_c": 0.5})
    _load(*_stored(tmp_path, DATA[:2], "fewer"))
    assert len(list(installed.glob("*.crfsuite"))) == 3


def test_an_unwritable_cache_still_trains(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(CRFEntityExtractor, "load", CRFEntityExtractor.__dict__["load"])
    crf_cache.install(blocked / "crf")
    assert _tags(_load(*_stored(tmp_path, DATA)))[0] == ["O", "U-version", "O"]


def test_a_model_without_the_crf_loads_as_rasa_loads_it(tmp_path: Path, installed: Path) -> None:
    extractor = _load(LocalModelStorage(tmp_path), Resource("missing"))
    assert extractor.entity_taggers is None and not list(installed.glob("*"))
