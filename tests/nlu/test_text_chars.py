"""The whole-text character featurizer and the case type's character view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.case_type import (
    CHARACTER_CASE_OPINION,
    CaseTypeClassifier,
    CharacterCaseTypeView,
    mix_rankings,
)
from bot.nlu.text_chars import TextCharacterFeaturizer
from bot.nlu.tokenizer import BilingualTokenizer
from tests.nlu.test_label_classifiers import incoming, train_and_reload


def _featurizer(storage: Path, load: bool = False, **settings: Any) -> TextCharacterFeaturizer:
    model_storage = LocalModelStorage(storage)
    resource = Resource("text_chars")
    context = ExecutionContext(GraphSchema({}), node_name="text_chars")
    config = {**TextCharacterFeaturizer.get_default_config(), "alias": "text_chars", **settings}
    make = TextCharacterFeaturizer.load if load else TextCharacterFeaturizer.create
    return make(config, model_storage, resource, context)


def _tokenized(*texts: str) -> list[Message]:
    tokenizer = BilingualTokenizer(BilingualTokenizer.get_default_config())
    messages = [Message(data={TEXT: t}) for t in texts]
    tokenizer.process(messages)
    return messages


def _grams(featurizer: TextCharacterFeaturizer, message: Message) -> set[str]:
    names = {i: g for g, i in featurizer.vectorizer.vocabulary_.items()}
    (feature,) = [f for f in message.features if f.origin == "text_chars"]
    assert feature.type == FEATURE_TYPE_SENTENCE and feature.attribute == TEXT
    return {names[c] for c in feature.features.col}


def test_japanese_ngrams_cross_morphemes_and_survive_a_reload(tmp_path: Path) -> None:
    training = _tokenized("設定方法を教えてください", "Ｔａｐｅ job failed")
    featurizer = _featurizer(tmp_path)
    featurizer.train(TrainingData(training))
    reloaded = _featurizer(tmp_path, load=True)
    (message,) = _tokenized("設定方法")
    reloaded.process([message])
    assert reloaded.vectorizer.vocabulary_ == featurizer.vectorizer.vocabulary_
    assert {"定方", "設定方法"} <= _grams(reloaded, message)  # across 設定|方法
    (folded,) = _tokenized("TAPE")
    reloaded.process([folded])
    assert "tape" in _grams(reloaded, folded)  # NFKC and case-folded, as trained


def test_min_df_leaves_out_ngrams_of_one_text(tmp_path: Path) -> None:
    training = _tokenized("tape job failed", "tape drive offline", "テープ")
    featurizer = _featurizer(tmp_path, min_df=2)
    featurizer.train(TrainingData(training))
    vocabulary = featurizer.vectorizer.vocabulary_
    assert "tape" in vocabulary  # in two texts
    assert "fail" not in vocabulary and "テー" not in vocabulary  # in one text each
    reloaded = _featurizer(tmp_path, load=True, min_df=2)
    assert reloaded.vectorizer.vocabulary == vocabulary
    with pytest.raises(ValueError, match="min_df"):
        _featurizer(tmp_path / "bad", min_df=0)


def test_only_the_text_the_tokenizer_read_is_counted(tmp_path: Path) -> None:
    featurizer = _featurizer(tmp_path)
    featurizer.train(TrainingData(_tokenized("abc xyz")))
    message = _tokenized("abc")[0]
    message.set(TEXT, "abc xyz")  # text beyond the last token is not read
    featurizer.process([message])
    assert "xy" not in _grams(featurizer, message)
    empty = Message(data={TEXT: ""})
    featurizer.process([empty])
    assert not empty.features


def test_the_character_view_is_mixed_into_the_case_type(tiny_training: list[Message],
                                                        tmp_path: Path) -> None:
    test = [incoming("ライセンスの更新方法を教えてください")]
    view = train_and_reload(CharacterCaseTypeView, tiny_training, test, tmp_path / "view")
    view.process(test)
    opinion = test[0].get(CHARACTER_CASE_OPINION)
    assert max(opinion, key=opinion.get) == "licensing"
    assert "case_type" not in test[0].as_dict(only_output_properties=True)
    classifier = train_and_reload(CaseTypeClassifier, tiny_training, test, tmp_path / "main")
    classifier.config["character_weight"] = 0.5
    classifier.process(test)
    ranking = test[0].as_dict(only_output_properties=True)["case_type"]["ranking"]
    assert ranking[0]["value"] == "licensing"
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_mix_rankings() -> None:
    own = [("technical", 0.6), ("out_of_scope", 0.4)]
    assert mix_rankings(own, None, 0.5) == own
    assert mix_rankings(own, {"out_of_scope": 1.0}, 0.0) == own
    mixed = mix_rankings(own, {"out_of_scope": 0.9, "technical": 0.1}, 0.5)
    assert mixed[0][0] == "out_of_scope" and abs(mixed[0][1] - 0.65) < 1e-9
