"""The NLU's per-message shortcuts give the numbers of the long way round."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.criteria import find_cues
from bot.nlu.label_classifier import (
    inverse_document_frequency,
    make_estimator,
    sentence_features,
    serving_layout,
)


def _message(seed: int) -> Message:
    rng = np.random.default_rng(seed)
    message = Message({TEXT: f"message {seed}"})
    for origin, width, count in (("words", 7, 1), ("chars", 11, 2), ("criteria", 3, 1)):
        for _ in range(count):  # "chars" gives two sentence matrices, combined side by side
            dense = rng.integers(0, 3, size=(1, width)).astype(float)
            message.add_features(Features(scipy.sparse.coo_matrix(dense),
                                          FEATURE_TYPE_SENTENCE, TEXT, origin))
        message.add_features(Features(scipy.sparse.coo_matrix(np.ones((4, width))),
                                      FEATURE_TYPE_SEQUENCE, TEXT, origin))
    return message


def _rasas_way(messages: list[Message], origins: list[str]) -> scipy.sparse.csr_matrix:
    from sklearn.preprocessing import normalize

    blocks = []
    for origin in origins:
        rows = [scipy.sparse.csr_matrix(m.get_sparse_features(TEXT, [origin])[1].features)
                for m in messages]
        blocks.append(normalize(scipy.sparse.vstack(rows).tocsr()))
    return scipy.sparse.hstack(blocks).tocsr()


def test_sentence_features_as_rasa_combines_them() -> None:
    messages = [_message(seed) for seed in range(5)]
    origins = ["chars", "criteria", "words"]
    found = sentence_features(messages, origins, per_block=True)
    assert found.shape == (5, 11 * 2 + 3 + 7)
    assert np.array_equal(found.toarray(), _rasas_way(messages, origins).toarray())


def test_a_featurizer_without_features_is_named() -> None:
    with pytest.raises(ValueError, match="no sparse text features from 'other'"):
        sentence_features([_message(0)], ["other"], per_block=True)


@pytest.mark.parametrize("classes", [2, 4])  # binary (sigmoid) and multinomial (softmax)
def test_serving_layout_keeps_the_probabilities(classes: int) -> None:
    rng = np.random.default_rng(classes)
    features = scipy.sparse.random(60, 40, density=0.2, format="csr", random_state=1)
    labels = rng.integers(0, classes, size=60)
    model = make_estimator({"C": 10.0, "balanced": True, "max_iter": 500, "random_state": 0})
    model.fit(features, labels)
    before = model.predict_proba(features)
    assert np.allclose(serving_layout(model).predict_proba(features), before, rtol=0, atol=1e-12)
    assert model.coef_.T.flags["C_CONTIGUOUS"]  # what SciPy's product reads without a copy


def test_cues_are_found_once_per_text() -> None:
    text = "production is down and every backup job fails"
    first = find_cues(text)
    assert first and find_cues(text) is first  # the second look is the cached answer
    assert isinstance(first, tuple)  # callers share it: it cannot be changed


def test_tfidf_rows_as_scikit_learn_weighs_them() -> None:
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.preprocessing import normalize

    messages = [_message(seed) for seed in range(6)]
    idf = {"chars": inverse_document_frequency(messages, "chars")}
    counts = scipy.sparse.vstack([
        scipy.sparse.csr_matrix(m.get_sparse_features(TEXT, ["chars"])[1].features)
        for m in messages]).tocsr()
    # The idf of scikit-learn's smoothed TfidfTransformer, fitted on the same counts.
    assert np.allclose(idf["chars"], TfidfTransformer(smooth_idf=True).fit(counts).idf_)
    weighted = counts.astype(float)
    weighted.data = np.log1p(weighted.data) * idf["chars"][weighted.indices]
    found = sentence_features(messages, ["chars", "words"], per_block=True, idf=idf)
    expected = scipy.sparse.hstack([normalize(weighted), _rasas_way(messages, ["words"])])
    assert np.allclose(found.toarray(), expected.toarray(), rtol=0, atol=1e-12)


def test_a_repeated_cell_adds_up_as_in_a_sparse_matrix() -> None:
    message = Message({TEXT: "x"})
    repeated = scipy.sparse.coo_matrix(([1.0, 2.0, 3.0], ([0, 0, 0], [1, 1, 4])), shape=(1, 5))
    message.add_features(Features(repeated, FEATURE_TYPE_SENTENCE, TEXT, "words"))
    row = sentence_features([message], ["words"], per_block=False)
    assert row.toarray().tolist() == [[0.0, 3.0, 0.0, 0.0, 3.0]]


def test_classifiers_with_different_idf_do_not_share_cached_rows() -> None:
    from bot.nlu.label_classifier import MetadataLabelClassifier

    training = [_message(seed) for seed in range(6)]
    config = {**MetadataLabelClassifier.get_default_config(), "tfidf": ["chars"]}
    first = MetadataLabelClassifier(config, None, None)  # type: ignore[arg-type]
    second = MetadataLabelClassifier(config, None, None)  # type: ignore[arg-type]
    first.fit_weights(training[:3])  # same featurizers, idf fitted on other examples
    second.fit_weights(training[3:])
    message = _message(42)
    rows = first.inference_features([message]), second.inference_features([message])
    assert np.allclose(rows[0].toarray(), first.features([message]).toarray())
    assert np.allclose(rows[1].toarray(), second.features([message]).toarray())
    assert not np.allclose(rows[0].toarray(), rows[1].toarray())
