"""Deferred fits: a classifier or the fact extractor trained with deferral on stores nothing
until `finish`, then the same weights as a fit in place; a failed fit raises at `finish`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from bench.cv import featurize, preprocessor_configs
from bot.nlu import deferred_fits
from bot.nlu.case_type import CaseTypeClassifier
from bot.nlu.facts import FactExtractor
from tests import REPO
from tests.nlu.test_facts import TRAIN as FACT_TRAINING


def _trained(training: list[Message], folder: Path) -> tuple[CaseTypeClassifier, Path]:
    folder.mkdir()
    storage = LocalModelStorage(folder)
    context = ExecutionContext(GraphSchema({}), node_name="case_type")
    classifier = CaseTypeClassifier.create(CaseTypeClassifier.get_default_config(), storage,
                                           Resource("case_type"), context)
    classifier.train(TrainingData(training))
    return classifier, folder


def test_a_deferred_fit_is_stored_at_finish_with_the_same_weights(
        tiny_training: list[Message], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    featurize(preprocessor_configs(REPO / "config.yml"), tiny_training, [], tmp_path / "f")
    in_place, _ = _trained(tiny_training, tmp_path / "in_place")
    monkeypatch.setattr(deferred_fits, "_workers", 0)
    deferred_fits.enable(2)
    assert deferred_fits.enabled()
    deferred, folder = _trained(tiny_training, tmp_path / "deferred")
    assert deferred.model is None and not list(folder.rglob("weights.npz"))
    deferred_fits.finish()
    assert list(folder.rglob("weights.npz"))
    assert deferred.model is not None and in_place.model is not None
    assert list(deferred.model.classes_) == list(in_place.model.classes_)
    np.testing.assert_allclose(deferred.model.coef_, in_place.model.coef_, atol=1e-9)


def test_a_failed_fit_raises_at_finish_and_leaves_nothing_pending(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deferred_fits, "_workers", 0)
    deferred_fits.enable(1)
    stored: list[LogisticRegression] = []
    # one class only: scikit-learn refuses to fit
    deferred_fits.submit(LogisticRegression(), np.zeros((3, 2)), [1, 1, 1], stored.append)
    with pytest.raises(ValueError):
        deferred_fits.finish()
    assert stored == []
    deferred_fits.finish()  # nothing left to wait for


def test_deferred_fact_fits_are_saved_once_all_are_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    training = [Message(data=dict(m.data)) for m in FACT_TRAINING]  # featurized here alone
    featurize(preprocessor_configs(REPO / "config.yml"), training, [], tmp_path / "f")
    context = ExecutionContext(GraphSchema({}), node_name="facts")

    def extractor(folder: Path) -> FactExtractor:
        folder.mkdir()
        return FactExtractor.create(FactExtractor.get_default_config(),
                                    LocalModelStorage(folder), Resource("facts"), context)

    in_place = extractor(tmp_path / "in_place")
    in_place.train(TrainingData(training))
    monkeypatch.setattr(deferred_fits, "_workers", 0)
    deferred_fits.enable(2)
    deferred = extractor(tmp_path / "deferred")
    deferred.train(TrainingData(training))
    assert not list((tmp_path / "deferred").rglob("weights.npz"))
    deferred_fits.finish()
    reloaded = FactExtractor.load(FactExtractor.get_default_config(),
                                  LocalModelStorage(tmp_path / "deferred"), Resource("facts"),
                                  context)
    assert set(reloaded.models) == set(in_place.models) and in_place.models
    for name, model in in_place.models.items():
        np.testing.assert_allclose(reloaded.models[name].coef_, model.coef_, atol=1e-3)
