"""`SentenceCountVectorsFeaturizer`: Rasa's sentence rows, no sequence rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.count_vectors import SentenceCountVectorsFeaturizer
from bot.nlu.tokenizer import BilingualTokenizer

TRAINING = ["all backup jobs failed tonight", "テープへのコピーが失敗しています",
            "the console will not open", "ライセンスの更新方法を教えてください"]


def _tokenized(*texts: str) -> list[Message]:
    tokenizer = BilingualTokenizer(BilingualTokenizer.get_default_config())
    messages = [Message(data={TEXT: t}) for t in texts]
    tokenizer.process(messages)
    return messages


@pytest.mark.parametrize("settings", [{}, {"analyzer": "char_wb", "min_ngram": 2,
                                           "max_ngram": 4}])
def test_sentence_rows_are_rasas_and_no_sequence_rows(tmp_path: Path,
                                                       settings: dict[str, object]) -> None:
    rows = {}
    for cls in (CountVectorsFeaturizer, SentenceCountVectorsFeaturizer):
        (tmp_path / cls.__name__).mkdir()
        featurizer = cls.create({**cls.get_default_config(), **settings},
                                LocalModelStorage(tmp_path / cls.__name__), Resource("cv"),
                                ExecutionContext(GraphSchema({}), node_name="cv"))
        featurizer.train(TrainingData(_tokenized(*TRAINING)))
        messages = _tokenized("the backup jobs failed", "コピーが失敗")
        featurizer.process(messages)
        rows[cls] = [[(f.type, f.features.toarray().tolist()) for f in m.features]
                     for m in messages]
    ours, rasas = rows[SentenceCountVectorsFeaturizer], rows[CountVectorsFeaturizer]
    for own, reference in zip(ours, rasas):
        assert [t for t, _ in own] == [FEATURE_TYPE_SENTENCE]
        assert own == [(t, f) for t, f in reference if t == FEATURE_TYPE_SENTENCE]
        assert any(t == FEATURE_TYPE_SEQUENCE for t, _ in reference)  # what is left out
