"""Rasa's CRF entity extractor trained once per machine, not at every model load.

Rasa 3.6's `CRFEntityExtractor` keeps its training tokens in the model, not the trained
CRF, and trains the CRF again whenever the model is loaded: 8.7 of the 9.4 s a model takes
to load (every Rasa server start or restart, every batch worker, every test session;
docs/performance.md). Here its `train_model` keeps the files crfsuite writes, under a hash
of everything the training reads (the tokens, the tag order, the component's settings,
the crfsuite versions), in the model cache (`crf/` under TRIAGEBOT_MODEL_CACHE); a later
load with the same inputs opens those files instead of training again. The files are
crfsuite's own format, written to a temporary name and renamed into place, so a reader
never sees half a file. `install()` is called by `bot.rasa_server` and `ModelParser`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections import OrderedDict
from importlib.metadata import version
from pathlib import Path
from typing import Any

from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor, CRFToken

log = logging.getLogger("bot.triage.crf_cache")
_train = CRFEntityExtractor.train_model.__func__  # type: ignore[attr-defined]
_folder: Path | None = None


def inputs_key(tokens: list[list[CRFToken]], config: dict[str, Any], order: list[str]) -> str:
    """Hash of what a CRF training reads: same key, same training."""
    digest = hashlib.sha256()
    for package in ("sklearn-crfsuite", "python-crfsuite"):
        digest.update(f"{package} {version(package)}\n".encode())
    digest.update(json.dumps([config, order], sort_keys=True, default=str).encode())
    for sentence in tokens:
        digest.update(json.dumps([t.to_dict() for t in sentence], sort_keys=True).encode())
    return digest.hexdigest()[:24]


def _crf(config: dict[str, Any], model_file: str | None = None) -> Any:
    """An untrained CRF as Rasa configures it, or one reading `model_file`."""
    import sklearn_crfsuite

    return sklearn_crfsuite.CRF(algorithm="lbfgs", c1=config["L1_c"], c2=config["L2_c"],
                                max_iterations=config["max_iterations"],
                                all_possible_transitions=True, model_filename=model_file)


def _keep(source: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(fd)
    shutil.copyfile(source, name)
    os.replace(name, target)


def train_model(cls: type[CRFEntityExtractor], df_train: list[list[CRFToken]],
                config: dict[str, Any], crf_order: list[str]) -> OrderedDict[str, Any]:
    """`CRFEntityExtractor.train_model`, from the kept files when the inputs are known."""
    assert _folder is not None, "install() first"
    key = inputs_key(df_train, config, crf_order)
    files = [_folder / f"{key}-{index}.crfsuite" for index in range(len(crf_order))]
    if all(path.is_file() for path in files):
        return OrderedDict((tag, _crf(config, str(path))) for tag, path in zip(crf_order, files))
    taggers = _train(cls, df_train, config, crf_order)
    try:
        for tagger, path in zip(taggers.values(), files):
            _keep(tagger.modelfile.name, path)
    except OSError as err:  # the next load trains again; this one is served as Rasa's
        log.warning("could not keep the trained CRF in %s: %s", _folder, err)
    return taggers


def install(folder: Path | None = None) -> None:
    """Keep trained CRFs in `folder` (default: crf/ in the model cache) (idempotent)."""
    global _folder
    if folder is None:
        from bot.settings import load_settings

        folder = load_settings().model_cache / "crf"
    _folder = folder
    CRFEntityExtractor.train_model = classmethod(train_model)  # type: ignore[method-assign,assignment]
