"""LanguageDetector, DeterministicEntityExtractor and CriteriaFeaturizer as Rasa components."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.criteria import cue_criteria
from bot.nlu.criteria_featurizer import CriteriaFeaturizer
from bot.nlu.extractor import DeterministicEntityExtractor
from bot.nlu.language_detector import LanguageDetector
from bot.nlu.tokenizer import BilingualTokenizer

CONTEXT = ExecutionContext(GraphSchema({}), node_name="test")


@pytest.mark.parametrize(
    ("text", "language"),
    [("hello there", "en"), ("バックアップが失敗", "ja"), ("VBRのジョブ", "ja"), ("OK", None),
     ("04219876", None), ("", None), ("  \n ", None), ("😀", None)],
)
def test_language_detector(text: str, language: str | None) -> None:
    message = Message(data={TEXT: text})
    LanguageDetector().process([message])
    output = message.as_dict(only_output_properties=True)
    assert output.get("language") == language
    entities = [e for e in message.get(ENTITIES, []) if e["entity"] == "language"]
    assert [e["value"] for e in entities] == ([language] if language else [])


def test_extractor_replaces_learned_owned_types_and_keeps_the_rest() -> None:
    text = 'Premium customer, case 07345612, fails with "Access is denied"'
    learned = [
        {"entity": "program", "start": 0, "end": 7, "value": "Premium", "extractor": "CRF"},
        {"entity": "case_number", "start": 23, "end": 31, "value": "07345612", "extractor": "CRF"},
        {"entity": "error_message", "start": 45, "end": 51, "value": "Access", "extractor": "CRF"},
        {"entity": "language", "start": 0, "end": len(text), "value": "en",
         "extractor": "LanguageDetector"},
    ]
    message = Message(data={TEXT: text, ENTITIES: learned})
    DeterministicEntityExtractor().process([message])
    found = {(e["entity"], e["extractor"]) for e in message.get(ENTITIES)}
    assert found == {
        ("program", "CRF"),  # learned-only type, no overlap: kept
        ("language", "LanguageDetector"),  # spans the text but is never dropped
        ("case_number", "DeterministicEntityExtractor"),
        ("error_message", "DeterministicEntityExtractor"),  # overlapping learned one dropped
    }


def test_criteria_featurizer_marks_tokens_and_keeps_its_layout(tmp_path: Path) -> None:
    tokenizer = BilingualTokenizer(BilingualTokenizer.get_default_config())
    messages = [Message(data={TEXT: "hello, the tape job failed"}),
                Message(data={TEXT: "ｔａｐｅ　ｊｏｂ　ｆａｉｌｅｄ"})]
    tokenizer.process(messages)
    storage = LocalModelStorage(tmp_path)
    resource = Resource("criteria")
    config = {**CriteriaFeaturizer.get_default_config(), "alias": "criteria"}
    CriteriaFeaturizer.create(config, storage, resource, CONTEXT).train(TrainingData([]))
    featurizer = CriteriaFeaturizer.load(config, storage, resource, CONTEXT)
    assert featurizer.criterion_ids == [c.id for c in cue_criteria()]
    featurizer.process(messages)
    column = featurizer.criterion_ids.index("secondary_backup_failure")
    marked = []
    for message in messages:
        sequence, sentence = message.get_sparse_features(TEXT, ["criteria"])
        assert sentence.features.toarray()[0, column] == 1.0
        tokens = message.get(TOKENS_NAMES[TEXT])
        flags = sequence.features.toarray()[:, column]
        marked.append([t.text for t, flag in zip(tokens, flags) if flag])
    assert marked == [["tape", "job", "failed"], ["ｔａｐｅ", "ｊｏｂ", "ｆａｉｌｅｄ"]]
