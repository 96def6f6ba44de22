"""BilingualTokenizer: fugashi for Japanese, spaCy for the rest, offsets as typed."""

from __future__ import annotations

import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.segment import clean_lemma
from bot.nlu.tokenizer import BilingualTokenizer


def tokens_of(text: str, **config: object) -> list[tuple[str, str]]:
    tokenizer = BilingualTokenizer({**BilingualTokenizer.get_default_config(), **config})
    message = Message(data={TEXT: text})
    tokens = tokenizer.tokenize(message, TEXT)
    for token in tokens:  # every token's text is exactly what was typed at its offsets
        assert text[token.start : token.end] == token.text
    return [(t.text, t.lemma) for t in tokens]


CASES = [
    ("", []),
    ("   ", []),
    ("\n\n", []),
    ("The jobs failed", [("The", "the"), ("jobs", "job"), ("failed", "fail")]),
    ("  leading   and trailing  ", [("leading", "lead"), ("and", "and"), ("trailing", "trail")]),
    ("line one\nline two", [("line", "line"), ("one", "one"), ("line", "line"), ("two", "two")]),
    # Japanese must keep its words (Rasa's WhitespaceTokenizer would drop them all)
    ("リストアが失敗", [("リストア", "リストア"), ("が", "が"), ("失敗", "失敗")]),
    ("失敗", [("失敗", "失敗")]),
    # full-width letters and digits give half-width lemmas, text stays as typed
    ("ＶＢＲ１２", [("ＶＢＲ１２", "vbr12")]),
    ("ｶﾞｲﾄﾞ", [("ｶﾞｲﾄﾞ", "ガイド")]),
    # mixed scripts: Latin runs go to spaCy, Japanese runs to fugashi
    ("VBRのジョブ", [("VBR", "vbr"), ("の", "の"), ("ジョブ", "ジョブ")]),
    ("サポートID04219876です", [("サポート", "サポート"), ("ID", "id"), ("04219876", "04219876"),
                             ("です", "です")]),
    # emoji and symbols are kept as tokens
    ("help 😀", [("help", "help"), ("😀", "😀")]),
    ("!!!", [("!", "!"), ("!", "!"), ("!", "!")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_tokens(text: str, expected: list[tuple[str, str]]) -> None:
    assert tokens_of(text) == expected


def test_unidic_glosses_are_cut_from_lemmas() -> None:
    lemmas = dict(tokens_of("ジョブのリストアとエラー"))
    assert lemmas["リストア"] == "リストア"
    assert lemmas["ジョブ"] == "ジョブ"
    assert lemmas["エラー"] == "エラー"


@pytest.mark.parametrize(
    ("lemma", "cleaned"),
    [("リストア-restore", "リストア"), ("私-代名詞", "私"), ("失敗", "失敗"), (None, "surface"),
     ("*", "surface"), ("e-mail", "e-mail"), ("-", "-")],
)
def test_clean_lemma(lemma: str | None, cleaned: str) -> None:
    assert clean_lemma(lemma, "surface") == cleaned


@pytest.mark.parametrize(("flag", "expected"), [(False, ["describe_issue"]),
                                                 (True, ["describe", "issue"])])
def test_intent_tokenization_flag(flag: bool, expected: list[str]) -> None:
    tokenizer = BilingualTokenizer({**BilingualTokenizer.get_default_config(),
                                    "intent_tokenization_flag": flag})
    message = Message(data={TEXT: "バックアップ失敗", INTENT: "describe_issue"})
    tokenizer.process_training_data(TrainingData([message]))
    assert [t.text for t in message.get(TOKENS_NAMES[INTENT])] == expected
    assert [t.text for t in message.get(TOKENS_NAMES[TEXT])] == ["バックアップ", "失敗"]


def test_memo_token_fingerprint_is_rasas_and_follows_changes() -> None:
    from rasa.nlu.tokenizers.tokenizer import Token

    from bot.nlu.tokenizer import MemoToken

    memo, plain = MemoToken("jobs", 4, lemma="job"), Token("jobs", 4, lemma="job")
    assert memo.fingerprint() == plain.fingerprint()
    memo.set("pattern", {"x": 1})
    plain.set("pattern", {"x": 1})
    assert memo.fingerprint() == plain.fingerprint()
    before = memo.fingerprint()
    memo.lemma = plain.lemma = "jobs"
    assert memo.fingerprint() == plain.fingerprint() != before
    tokenizer = BilingualTokenizer(BilingualTokenizer.get_default_config())
    assert all(isinstance(t, MemoToken)
               for t in tokenizer.tokenize(Message(data={TEXT: "ジョブが失敗 jobs"}), TEXT))
