"""Two baselines for severity and case type, trained on data/nlu in the benchmark run.

Both answer `parse(text)` with the keys of a Rasa parse result that the held-out scoring
reads (`severity`, `case_type`, `entities`), so the project's metric code scores them
exactly as it scores the trained pipeline.

- `KeywordBaseline`: the rules in keywords.yml (written from the policy definitions);
  training only picks the fallback label (the most frequent one in the training data).
- `TfidfBaseline`: TF-IDF over character n-grams + logistic regression (scikit-learn).
  `char_wb` n-grams need no tokenizer, so Japanese works as is. Settings fixed in advance,
  never tuned on the held-out set: the bot's `fold` (NFKC, case-folded), n-grams 2-4 (as
  the pipeline's `chars` featurizer), sublinear tf, C=10 and balanced classes (as the
  pipeline's label classifiers).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from bot.nlu.normalize import fold

KEYWORDS = Path(__file__).with_name("keywords.yml")
TASKS = ("severity", "case_type")


class TextClassifier(Protocol):
    """One task's classifier: fitted on texts and labels, predicts one label."""

    def fit(self, texts: Sequence[str], labels: Sequence[Any]) -> None: ...

    def predict(self, text: str) -> Any: ...


class KeywordRules:
    """Most distinct keyword hits wins; ties go to the label listed first."""

    def __init__(self, keywords: dict[Any, dict[str, list[str]]]) -> None:
        self.keywords = {
            label: sorted({fold(w) for words in by_lang.values() for w in words})
            for label, by_lang in keywords.items()
        }
        self.fallback: Any = None

    def fit(self, texts: Sequence[str], labels: Sequence[Any]) -> None:
        """Learn the fallback: the most frequent training label."""
        self.fallback = Counter(labels).most_common(1)[0][0]

    def predict(self, text: str) -> Any:
        folded = fold(text)
        hits = {label: sum(w in folded for w in words) for label, words in self.keywords.items()}
        best = max(hits.values(), default=0)
        if best == 0:
            return self.fallback
        return next(label for label, count in hits.items() if count == best)


class TfidfLogistic:
    """TF-IDF over char_wb 2-4-grams, then multinomial logistic regression."""

    def __init__(self, seed: int = 42) -> None:
        self.model: Pipeline = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), preprocessor=fold,
                            sublinear_tf=True),
            LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000,
                               random_state=seed),
        )

    def fit(self, texts: Sequence[str], labels: Sequence[Any]) -> None:
        self.model.fit(list(texts), list(labels))

    def predict(self, text: str) -> Any:
        return self.model.predict([text])[0]


class Baseline:
    """One classifier per task, answering like a parse result."""

    def __init__(self, name: str, classifiers: dict[str, TextClassifier]) -> None:
        self.name = name
        self.classifiers = classifiers

    def fit(self, training: dict[str, tuple[list[str], list[Any]]]) -> Baseline:
        """Fit each task on its (texts, labels)."""
        for task, (texts, labels) in training.items():
            self.classifiers[task].fit(texts, labels)
        return self

    def parse(self, text: str) -> dict[str, Any]:
        """The parse keys the held-out scoring reads; baselines extract no entities."""
        result: dict[str, Any] = {"text": text, "entities": []}
        for task, classifier in self.classifiers.items():
            result[task] = {"value": classifier.predict(text)}
        return result


def keyword_baseline(path: Path = KEYWORDS) -> Baseline:
    """The rules baseline from keywords.yml (severity labels as int)."""
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    severity = {int(level): words for level, words in table["severity"].items()}
    return Baseline("keyword rules", {"severity": KeywordRules(severity),
                                      "case_type": KeywordRules(table["case_type"])})


def tfidf_baseline() -> Baseline:
    """The TF-IDF + logistic regression baseline."""
    return Baseline("tf-idf + LR", {task: TfidfLogistic() for task in TASKS})


def training_sets(data_dir: Path) -> dict[str, tuple[list[str], list[Any]]]:
    """(texts, labels) per task from the training data's intent metadata."""
    from rasa.shared.nlu.training_data.loading import load_data

    from bench.cv import labelled_examples
    from bot.nlu.label_classifier import example_label

    data = load_data(str(data_dir))
    sets: dict[str, tuple[list[str], list[Any]]] = {}
    for task in TASKS:
        examples = labelled_examples(data, task)
        labels = [example_label(e, task) for e in examples]
        if task == "severity":
            labels = [int(label) for label in labels]
        sets[task] = ([e.get("text") for e in examples], labels)
    return sets
