"""`python -m bench gate`: the triage gate's trade-off, out of fold on the TRAINING data.

Each fold fits the featurizers and an intent classifier configured as config.yml's
`LinearIntentClassifier` on the other folds; each test message then goes through the
gate's own rule (`bot.nlu.label_classifier.opens_gate`) at several thresholds. Printed per
language: problem descriptions (and the request intents) the gate would leave unlabelled,
and other messages (small talk, form answers) it would label, by intent. The held-out sets
are never read.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from bench import cv
from bench.evaluate import _component_config
from bot.nlu.label_classifier import (
    ISSUE_INTENT,
    MetadataLabelClassifier,
    make_estimator,
    opens_gate,
    sentence_features,
    sentence_origins,
)
from bot.settings import load_settings

THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Folds."""
    parser.add_argument("--folds", type=int, default=5)


def out_of_fold_rankings(data: Any, config: Path,
                         folds: int) -> tuple[list[Any], list[list[dict]]]:
    """All training examples with words, and each one's out-of-fold intent ranking."""
    from rasa.shared.nlu.constants import INTENT, TEXT
    from sklearn.model_selection import StratifiedKFold

    from bot.nlu.language import detect_language

    examples = [m for m in data.training_examples if m.get(TEXT)]
    intents = [m.get(INTENT) for m in examples]
    strata = [f"{detect_language(m.get(TEXT))}-{i}" for m, i in zip(examples, intents)]
    settings = {**MetadataLabelClassifier.get_default_config(),
                **_component_config(config, "LinearIntentClassifier")}
    configs = cv.preprocessor_configs(config)
    rankings: list[list[dict]] = [[] for _ in examples]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=42)
    for train_index, test_index in splitter.split(np.zeros(len(examples)), strata):
        train = [cv.copy_message(examples[i]) for i in train_index]
        test = [cv.copy_message(examples[i]) for i in test_index]
        with tempfile.TemporaryDirectory() as storage:
            cv.featurize(configs, train, test, Path(storage))
        origins = settings["featurizers"] or sentence_origins(train)
        per_block = settings["normalize"] == "featurizer"
        model = make_estimator(settings).fit(sentence_features(train, origins, per_block),
                                             [intents[i] for i in train_index])
        probabilities = model.predict_proba(sentence_features(test, origins, per_block))
        for row, index in zip(probabilities, test_index):
            order = np.argsort(-row)
            rankings[index] = [{"name": str(model.classes_[k]), "confidence": float(row[k])}
                               for k in order]
    return examples, rankings


def trade_off(intents: list[str], rankings: list[list[dict]], texts: list[str],
              threshold: float, request_intents: list[str]) -> dict[str, Any]:
    """Problems left unlabelled and other messages labelled at one threshold."""
    wanted = {ISSUE_INTENT, *request_intents}
    missed, opened = 0, Counter[str]()
    for intent, ranking, text in zip(intents, rankings, texts):
        top = ranking[0]["name"] if ranking else None
        labelled = opens_gate(top, ranking, text, threshold, request_intents)
        if intent in wanted and not labelled:
            missed += 1
        elif intent not in wanted and labelled:
            opened[intent] += 1
    return {"problems": sum(i in wanted for i in intents), "unlabelled": missed,
            "others": sum(i not in wanted for i in intents),
            "labelled": sum(opened.values()), "labelled_by_intent": dict(opened)}


def run(args: argparse.Namespace) -> int:
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.nlu.language import detect_language

    project = load_settings().project_dir
    config = project / "config.yml"
    request_intents = {**MetadataLabelClassifier.get_default_config(),
                       **_component_config(config, "CaseTypeClassifier")}["request_intents"]
    examples, rankings = out_of_fold_rankings(load_data(str(project / "data" / "nlu")),
                                              config, args.folds)
    for lang in ("en", "ja"):
        idx = [i for i, m in enumerate(examples) if (detect_language(m.get(TEXT)) or "en") == lang]
        print(f"{lang}:")
        for threshold in THRESHOLDS:
            row = trade_off([examples[i].get(INTENT) for i in idx], [rankings[i] for i in idx],
                            [examples[i].get(TEXT) for i in idx], threshold, request_intents)
            print(f"  min_issue_confidence {threshold:.2f}: {row['unlabelled']} of "
                  f"{row['problems']} problems unlabelled, {row['labelled']} of {row['others']} "
                  f"other messages labelled {row['labelled_by_intent']}")
    return 0
