"""Fact cues (bot/nlu/fact_cues.yml): which cue each wording shows, and their featurizer."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.criteria_featurizer import FactCueFeaturizer
from bot.nlu.fact_cues import find_fact_cues, load_fact_cues
from bot.nlu.normalize import normalize
from bot.nlu.tokenizer import BilingualTokenizer
from bot.policy.loader import load_policy

CASES = [
    ("Seven VMs on our Hyper-V host keep failing", {"scope_several"}),
    ("a third of our jobs end in Failed", {"scope_several"}),
    ("ホスト２台分のVMのバックアップが失敗しています", {"scope_several"}),
    ("複数のジョブが失敗しています", {"scope_several"}),
    ("none of our 18 backup jobs has completed", set()),  # the whole estate, not several
    ("120台すべてのVMのバックアップが取れていません", set()),
    # Two or more, counted against the rest or named one by one, are several too.
    ("jobs for 3 of our 9 branch offices fail", {"scope_several"}),
    ("backups of SRV01, SRV02 fail with VSS errors", {"scope_several"}),
    ("some of our laptops stopped backing up", {"scope_several"}),
    ("１０台中３台のVMが失敗します", {"scope_several"}),
    ("本番VM数台だけバックアップできません", {"scope_several"}),
    ("一部のジョブが失敗しています", {"scope_several"}),
    ("全ポリシーが失敗しています", set()),  # every policy: the whole environment
    ("only one job fails", {"scope_one"}),
    ("not a single job ran last night", set()),  # nothing at all, not one
    ("0 of 212 jobs succeeded", set()),  # the whole estate, not several
    ("VMが1台だけ失敗します", {"scope_one"}),
    ("1台のサーバーだけ失敗します", {"scope_one"}),
    # "but ... is fine": production runs, and nothing needs restoring in a hurry.
    ("the jobs fail but production is fine", {"production_running", "restore_routine"}),
    ("本番には影響ありません", {"production_running"}),
    ("our lab server is broken", {"production_non_production"}),
    ("検証環境のジョブが失敗します", {"production_non_production"}),
    ("負荷試験環境のVMがエラーになる", {"production_non_production"}),
    ("jobs on our UAT servers fail", {"production_non_production"}),
    # An English word inside Japanese has no word boundary before the next kana or kanji.
    ("PoC中のサーバーでジョブが失敗します", {"production_non_production"}),
    ("the tape restore fails. No rush, she has a newer version", {"restore_routine"}),
    ("VM全体のリストアなら問題なくできます", {"restore_routine"}),
    ("please add a global pause switch", {"problem_feedback"}),
    ("文字サイズを変えられるようにしてください", {"problem_feedback"}),
    ("How do I exclude a folder from backups?", {"problem_question"}),
    ("通知メールの件名をカスタマイズできますか。", {"problem_question"}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_wording_shows_its_cues(text: str, expected: set[str]) -> None:
    assert {cue.id for cue, _, _ in find_fact_cues(normalize(text).text)} == expected


def test_every_cue_names_a_fact_and_value_of_the_policy() -> None:
    facts = load_policy().severity_rules.facts
    for cue in load_fact_cues():
        assert cue.value in facts[cue.fact].values, cue.id


def test_the_featurizer_marks_the_message_and_keeps_its_layout(tmp_path: Path) -> None:
    context = ExecutionContext(GraphSchema({}), node_name="fact_cues")
    messages = [Message(data={TEXT: "Seven VMs fail, production is fine"})]
    BilingualTokenizer(BilingualTokenizer.get_default_config()).process(messages)
    storage, resource = LocalModelStorage(tmp_path), Resource("fact_cues")
    config = {**FactCueFeaturizer.get_default_config(), "alias": "fact_cues"}
    FactCueFeaturizer.create(config, storage, resource, context).train(TrainingData([]))
    featurizer = FactCueFeaturizer.load(config, storage, resource, context)
    assert featurizer.criterion_ids == [c.id for c in load_fact_cues()]
    featurizer.process(messages)
    _, sentence = messages[0].get_sparse_features(TEXT, ["fact_cues"])
    row = sentence.features.toarray()[0]
    on = {featurizer.criterion_ids[i] for i, v in enumerate(row) if v}
    assert on == {"scope_several", "production_running"}
