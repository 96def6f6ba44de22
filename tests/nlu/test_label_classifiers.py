"""Severity and case-type classifiers, trained and reloaded through Rasa's model storage."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bench.cv import featurize, preprocessor_configs
from bot.nlu.case_type import CaseTypeClassifier
from bot.nlu.label_classifier import ISSUE_INTENT as ISSUE
from bot.nlu.label_classifier import MetadataLabelClassifier
from bot.nlu.severity import CHARACTER_OPINION, CharacterSeverityView, SeverityClassifier
from tests import REPO as ROOT


def train_and_reload(cls: type[MetadataLabelClassifier], training: list[Message],
                     test: list[Message], tmp_path: Path) -> MetadataLabelClassifier:
    featurize(preprocessor_configs(ROOT / "config.yml"), training, test, tmp_path / "features")
    (tmp_path / "model").mkdir()
    storage = LocalModelStorage(tmp_path / "model")
    resource = Resource(cls.__name__)
    context = ExecutionContext(GraphSchema({}), node_name=cls.__name__)
    config = {**cls.get_default_config(), "review_margin": 0.0} if cls is SeverityClassifier \
        else cls.get_default_config()
    cls.create(config, storage, resource, context).train(TrainingData(training))
    return cls.load(config, storage, resource, context)


def incoming(text: str, intent: str = ISSUE, confidence: float = 0.9) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    return message


def test_severity_after_reload(tiny_training: list[Message], tmp_path: Path) -> None:
    test = [incoming("production is down and all jobs failed"),
            incoming("テープへのコピーが失敗しています")]
    classifier = train_and_reload(SeverityClassifier, tiny_training, test, tmp_path)
    classifier.process(test)
    english, japanese = (m.as_dict(only_output_properties=True) for m in test)
    assert english["severity"]["value"] == 1
    assert japanese["severity"]["value"] == 3
    assert {c["id"] for c in english["criteria"]} >= {"production_down"}
    assert japanese["criteria"][0]["ja"]
    ranking = english["severity"]["ranking"]
    assert [r["value"] for r in ranking] and sum(r["confidence"] for r in ranking) == \
        pytest.approx(1.0)
    assert english["needs_review"] is False  # margin 0 in this test


def test_case_type_and_unlabelled_examples_unused(tiny_training: list[Message],
                                                  tmp_path: Path) -> None:
    test = [incoming("ライセンスの更新方法を教えてください")]
    classifier = train_and_reload(CaseTypeClassifier, tiny_training, test, tmp_path)
    assert classifier.model is not None
    assert sorted(classifier.model.classes_) == ["licensing", "technical"]  # no greet/thank
    classifier.process(test)
    assert test[0].as_dict(only_output_properties=True)["case_type"]["value"] == "licensing"


def test_gate_keeps_labels_off_small_talk(tiny_training: list[Message], tmp_path: Path) -> None:
    test = [incoming("hello", "greet", 0.95), incoming("all jobs failed", "inform", 0.9)]
    classifier = train_and_reload(SeverityClassifier, tiny_training, test, tmp_path)
    classifier.process(test)
    greeting, inform = (m.as_dict(only_output_properties=True) for m in test)
    assert "severity" not in greeting and "criteria" not in greeting
    assert "severity" in inform  # a problem cue opens the gate whatever the intent


def test_requests_the_bot_answers_still_get_a_case_type(tiny_training: list[Message],
                                                        tmp_path: Path) -> None:
    split = incoming("who do I talk to about our renewal?", "inform", 0.6)
    split.set("intent_ranking", [{"name": "inform", "confidence": 0.6},
                                 {"name": "ask_sla", "confidence": 0.2},
                                 {"name": ISSUE, "confidence": 0.15}])
    test = [incoming("what are your support hours?", "ask_hours", 0.9), split,
            incoming("Japan", "inform", 0.95)]
    classifier = train_and_reload(CaseTypeClassifier, tiny_training, test, tmp_path)
    classifier.process(test)
    hours, renewal, answer = (m.as_dict(only_output_properties=True) for m in test)
    assert "case_type" in hours and "case_type" in renewal  # 0.2 + 0.15 >= 0.3
    assert "case_type" not in answer  # a form answer is not a request


def test_tfidf_weights_are_fitted_saved_and_used_after_reload(tiny_training: list[Message],
                                                              tmp_path: Path) -> None:
    test = [incoming("production is down and all jobs failed")]
    featurize(preprocessor_configs(ROOT / "config.yml"), tiny_training, test, tmp_path / "f")
    (tmp_path / "model").mkdir()
    storage, resource = LocalModelStorage(tmp_path / "model"), Resource("severity")
    context = ExecutionContext(GraphSchema({}), node_name="severity")
    config = {**SeverityClassifier.get_default_config(), "tfidf": ["words", "chars"]}
    trained = SeverityClassifier.create(config, storage, resource, context)
    trained.train(TrainingData(tiny_training))
    assert set(trained.idf) == {"words", "chars"}
    # A term in every example weighs least: idf is 1 there and larger elsewhere.
    assert all(idf.min() >= 1.0 and idf.max() > idf.min() for idf in trained.idf.values())
    reloaded = SeverityClassifier.load(config, storage, resource, context)
    assert {k: v.tolist() for k, v in reloaded.idf.items()} == \
        {k: v.tolist() for k, v in trained.idf.items()}
    weighted = reloaded.features(test).toarray()
    plain = SeverityClassifier({**config, "tfidf": []}, storage, resource,
                               origins=reloaded.origins).features(test).toarray()
    assert weighted.shape == plain.shape and not (weighted == plain).all()


def test_character_view_reads_characters_only_and_is_mixed_in(tiny_training: list[Message],
                                                               tmp_path: Path) -> None:
    text = "production is down and all jobs failed"
    test = [incoming(text)]
    view = train_and_reload(CharacterSeverityView, tiny_training, test, tmp_path)
    assert view.origins == ["text_chars"] and set(view.idf) == {"text_chars"}
    view.process(test)
    opinion = test[0].get(CHARACTER_OPINION)
    assert set(opinion) <= {1, 2, 3, 4} and sum(opinion.values()) == pytest.approx(1.0)
    assert "severity_characters" not in test[0].as_dict(only_output_properties=True)
    # The severity classifier mixes the view in only with a weight above zero.
    outputs = []
    for weight in (0.0, 1.0):
        config = {**SeverityClassifier.get_default_config(), "character_weight": weight,
                  "learned_weight": 1.0, "review_margin": 0.0}
        severity = SeverityClassifier(config, None, None)  # type: ignore[arg-type]
        message = incoming(text)
        message.set(CHARACTER_OPINION, {4: 1.0})  # a view sure of the opposite
        severity.annotate(message, [(1, 0.9), (2, 0.1)])
        outputs.append(message.get("severity")["value"])
    assert outputs == [1, 4]


def test_severity_cites_the_case_type_that_fixes_it() -> None:
    """Read as out of scope, an outage-sounding message is severity 4 citing the case
    type (policy.yml `case_types.out_of_scope.severity`); read as technical it is not."""
    config = {**SeverityClassifier.get_default_config(), "learned_weight": 1.0,
              "review_margin": 0.0}
    severity = SeverityClassifier(config, None, None)  # type: ignore[arg-type]
    outputs = {}
    for top, other in (("out_of_scope", "technical"), ("technical", "out_of_scope")):
        message = incoming("the office printer is down since the network change")
        message.set("case_type", {"value": top, "confidence": 0.8, "ranking": [
            {"value": top, "confidence": 0.8}, {"value": other, "confidence": 0.2}]})
        severity.annotate(message, [(1, 0.9), (4, 0.1)])
        outputs[top] = (message.get("severity")["value"],
                        [c["id"] for c in message.get("criteria")], message.get("understood"))
    assert outputs["out_of_scope"] == (4, ["case_type_out_of_scope"], [])
    assert outputs["technical"][0] == 1
    assert outputs["technical"][1] != ["case_type_out_of_scope"]
