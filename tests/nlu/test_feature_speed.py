"""The NLU's per-message shortcuts give the numbers of the long way round."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.criteria import find_cues
from bot.nlu.label_classifier import make_estimator, sentence_features, serving_layout


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
