"""`SentenceCountVectorsFeaturizer`: Rasa's `CountVectorsFeaturizer` without the per-token
rows nothing here reads.

Rasa's featurizer gives every message a sequence matrix (one row per token, one
`CountVectorizer.transform` over the tokens) and a sentence row (a second transform over
the joined tokens). The sequence rows are for DIET and TED; this pipeline's classifiers
read sentence features only, and the CRF reads dense features only (there are none), so
the first transform is work thrown away at every parse and on every training example.
The sentence row is Rasa's own, unchanged: the same vocabulary, the same counts, the
same model file.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.constants import TEXT


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceCountVectorsFeaturizer(CountVectorsFeaturizer):
    """Sentence features of the text as Rasa computes them; no sequence features."""

    def _create_features(self, attribute: str, all_tokens: list[list[str]]
                         ) -> tuple[list[Any], list[Any]]:
        """(no sequence features, Rasa's sentence row) per message of the text; any other
        attribute is featurised by Rasa's own method, sequence rows included."""
        if attribute != TEXT or not self.vectorizers.get(attribute):
            return super()._create_features(attribute, all_tokens)
        sentences: list[Any] = []
        for tokens in all_tokens:
            if not tokens:
                sentences.append(None)
                continue
            row = self.vectorizers[attribute].transform([" ".join(tokens)])
            row.sort_indices()
            sentences.append(row.tocoo())
        return [None] * len(all_tokens), sentences
