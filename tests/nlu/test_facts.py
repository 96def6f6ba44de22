"""Fact annotations, the fact extractor's model round trip, and severity from facts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bench.cv import featurize, preprocessor_configs
from bot.nlu.facts import FactExtractor, fact_labels, fit_fact_models, ranked_facts
from bot.nlu.label_classifier import ISSUE_INTENT
from bot.nlu.severity import cited_rule, combine
from bot.policy import Policy, load_policy
from tests import REPO


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def test_training_annotations_use_the_policys_facts(policy: Policy) -> None:
    facts = policy.severity_rules.facts
    annotated = 0
    for example in load_data(str(REPO / "data" / "nlu")).training_examples:
        for name, value in fact_labels(example).items():
            assert name in facts, f"{example.get('text')!r}: no fact {name!r} in policy.yml"
            assert value in facts[name].values, f"{example.get('text')!r}: {name}={value}"
            annotated += 1
    assert annotated > 1000


def test_example_metadata_overrides_the_blocks() -> None:
    message = Message(data={"text": "x", "metadata": {
        "intent": {"facts": {"production": "down", "scope": "one"}},
        "example": {"facts": {"production": "running"}}}})
    assert fact_labels(message) == {"production": "running", "scope": "one"}
    assert fact_labels(Message(data={"text": "x", "metadata": "odd"})) == {}


def _issue(text: str, facts: dict[str, str] | None = None) -> Message:
    """A training example with its facts, or (no facts) a parsed problem description."""
    if facts:
        return Message(data={"text": text, "intent": ISSUE_INTENT,
                             "metadata": {"intent": {"facts": facts}}})
    message = Message(data={"text": text})
    message.set("intent", {"name": ISSUE_INTENT, "confidence": 1.0})
    return message


TRAIN = [
    *(_issue(f"production is down, {w} everything stopped", {"production": "down"})
      for w in ("the web shop is offline", "the ERP is dead", "nobody can work", "outage")),
    *(_issue(f"{w} backup jobs failed but the servers run fine",
             {"production": "running", "scope": "several"})
      for w in ("several", "eight", "many", "half of our")),
    *(_issue(f"only the {w} job fails in our test lab",
             {"production": "non_production", "scope": "one"})
      for w in ("dev", "staging", "lab", "sandbox")),
]


def test_trained_extractor_reloads_and_reads_production(tmp_path: Path) -> None:
    test = [_issue("our ERP is dead, production is down"),
            _issue("eight backup jobs failed, servers run fine")]
    featurize(preprocessor_configs(REPO / "config.yml"), TRAIN, test, tmp_path / "features")
    storage = LocalModelStorage(tmp_path)
    resource, context = Resource("facts"), ExecutionContext(GraphSchema({}), node_name="facts")
    FactExtractor.create({}, storage, resource, context).train(TrainingData(TRAIN))
    loaded = FactExtractor.load({}, storage, resource, context)
    loaded.process(test)
    readings = [ranked_facts(m.get("facts"))["production"][0][0] for m in test]
    assert readings == ["down", "running"]
    # the stacked product gives what sklearn's predict_proba gives, multi- and two-valued
    matrix = loaded.features(test)
    for name, probabilities in loaded.probabilities(matrix).items():
        assert probabilities == pytest.approx(loaded.models[name].predict_proba(matrix))
    assert len(loaded.models["production"].classes_) == 3
    assert len(loaded.models["scope"].classes_) == 2


def test_tfidf_weights_of_the_facts_are_saved_and_used_after_reload(tmp_path: Path) -> None:
    test = [_issue("our ERP is dead, production is down")]
    train = [Message(data=dict(m.data)) for m in TRAIN]  # unfeaturized copies
    featurize(preprocessor_configs(REPO / "config.yml"), train, test, tmp_path / "features")
    storage = LocalModelStorage(tmp_path)
    resource, context = Resource("facts"), ExecutionContext(GraphSchema({}), node_name="facts")
    config = {"tfidf": ["words", "chars"]}
    trained = FactExtractor.create(config, storage, resource, context)
    trained.train(TrainingData(train))
    loaded = FactExtractor.load(config, storage, resource, context)
    assert sorted(loaded.idf) == ["chars", "words"]
    for origin, idf in trained.idf.items():
        assert loaded.idf[origin] == pytest.approx(idf)
    plain = FactExtractor.create({}, storage, resource, context)
    plain.origins = loaded.origins
    # weighted rows differ from plain counts, and the reloaded model reads them
    assert (loaded.features(test) != plain.features(test)).nnz > 0
    loaded.process(test)
    assert ranked_facts(test[0].get("facts"))["production"][0][0] == "down"


def test_fact_fits_in_worker_processes_equal_the_fits_alone() -> None:
    rng = np.random.default_rng(7)
    matrix = scipy.sparse.csr_matrix(rng.random((40, 12)))
    labels = [{"production": ("down", "running")[i % 2], "scope": ("one", "several")[i % 3 > 0],
               "work": "primary"} for i in range(40)]  # work: one value only, not learned
    config = FactExtractor.get_default_config()
    alone = fit_fact_models(matrix, labels, {**config, "n_jobs": 1})
    side_by_side = fit_fact_models(matrix, labels, {**config, "n_jobs": 2})
    assert sorted(alone) == sorted(side_by_side) == ["production", "scope"]
    for name, model in alone.items():
        assert side_by_side[name].coef_ == pytest.approx(model.coef_)


def test_rules_take_the_mass_they_claim_and_the_rest_goes_to_the_learned(policy: Policy
                                                                        ) -> None:
    rules = policy.severity_rules
    learned = {1: 0.7, 2: 0.2, 3: 0.05, 4: 0.05}
    ranking = dict(combine(learned, {"several_primary_jobs_fail": 0.8, None: 0.2}, rules, 0.0))
    assert ranking[2] == pytest.approx(0.8 + 0.2 * 0.2)
    assert ranking[1] == pytest.approx(0.2 * 0.7)
    assert dict(combine(learned, {"production_down": 1.0}, rules, 1.0)) == pytest.approx(learned)


def test_a_rule_is_cited_only_with_enough_support(policy: Policy) -> None:
    rules = policy.severity_rules
    mass = {"production_down": 0.15, "several_primary_jobs_fail": 0.85}
    assert cited_rule(2, mass, rules, 0.2) == "several_primary_jobs_fail"
    assert cited_rule(1, mass, rules, 0.2) is None


def test_understood_shows_the_values_the_cited_rule_rests_on(policy: Policy) -> None:
    from bot.nlu.severity import understood

    ranked = {"production": [("running", 0.55), ("down", 0.45)], "scope": [("one", 1.0)]}
    facts = understood("production_down", ranked, policy.severity_rules)
    assert [(f["fact"], f["value"], f["confidence"]) for f in facts] == \
        [("production", "down", 0.45)]
    assert facts[0]["en"] == "production is down"
