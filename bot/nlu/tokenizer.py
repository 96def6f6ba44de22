"""`BilingualTokenizer`: fugashi for Japanese, spaCy for English, offsets as typed."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.normalize import normalize
from bot.nlu.segment import segment


class MemoToken(Token):
    """A `Token` that computes its fingerprint once, until it is changed.

    Rasa's training cache fingerprints every training message again after each featurizer
    (adding features drops the message's memo), and `Token.fingerprint` JSON-encodes the
    token each time: 19 s of a 145 s training went there (docs/performance.md). The
    project's own trainer (`bot.rasa_trainer`) no longer fingerprints at all; this keeps a
    plain `rasa train` of the project (Rasa's documented command) from paying it. Any
    attribute set, or `set`, drops the memo.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, "_fingerprint", None)
        object.__setattr__(self, name, value)

    def set(self, prop: str, info: Any) -> None:
        """Set a property (and forget the fingerprint)."""
        super().set(prop, info)
        self._fingerprint = None

    def fingerprint(self) -> str:
        """`Token.fingerprint`, computed on first use."""
        if self._fingerprint is None:
            object.__setattr__(self, "_fingerprint", super().fingerprint())
        return self._fingerprint  # type: ignore[return-value]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class BilingualTokenizer(Tokenizer):
    """Tokenizes English and Japanese (and mixed) text.

    Words are cut on the NFKC form of the text, so full-width letters and digits give the
    same lemmas as half-width ones; each token's `text`, `start` and `end` refer to the
    text as the user typed it (what entity annotations and the CRF's entity values use),
    while its `lemma` is the normalised, lemmatised form that the featurizers count.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Same switches as Rasa's own tokenizers."""
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
            # Only this many leading characters become tokens, so the cost of the
            # featurizers, classifiers and CRF is bounded whatever a message's length
            # (docs/security.md); the problem is stated at the start of a long message.
            "max_chars": 2000,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """fugashi with the unidic-lite dictionary, and spaCy with its lookup tables."""
        return ["fugashi", "unidic_lite", "spacy", "spacy_lookups_data"]

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokenize the attribute's text; a text with no words becomes one token."""
        original = (message.get(attribute) or "")[: self._config["max_chars"]]
        norm = normalize(original)
        tokens = []
        for start, end, _, lemma in segment(norm.text):
            o_start, o_end = norm.to_original(start, end)
            tokens.append(MemoToken(original[o_start:o_end], o_start, o_end, lemma=lemma))
        if not tokens and original.strip():
            # Like Rasa's tokenizers: keep something to featurize (e.g. only symbols).
            tokens = [MemoToken(original, 0, len(original))]
        return self._apply_token_pattern(tokens)
