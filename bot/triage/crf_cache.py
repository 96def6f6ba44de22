"""Rasa's CRF entity extractor trained once per machine, not at every model load.

Rasa 3.6's `CRFEntityExtractor` keeps its training tokens in the model, not the trained
CRF, and trains the CRF again whenever the model is loaded: 8.7 of the 9.4 s a model takes
to load (every Rasa server start or restart, every batch worker, every test session;
docs/performance.md). Here its `load` keeps the files crfsuite writes, under a hash of
everything the training reads (the stored tokens' file, the tag order, the component's
settings, the crfsuite versions), in the model cache (`crf/` under TRIAGEBOT_MODEL_CACHE);
a later load with the same inputs opens those files instead of training again, and never
parses the tokens: their JSON (the model's largest file) took 258 MB of memory while
parsed, a quarter of a server's peak (docs/performance.md). The files are crfsuite's own
format, written to a temporary name and renamed into place, so a reader never sees half a
file. `install()` is called by `bot.rasa_server` and `ModelParser`.
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

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor, CRFToken

log = logging.getLogger("bot.triage.crf_cache")
RASA_LOAD = CRFEntityExtractor.load.__func__  # type: ignore[attr-defined]
DATASET, ORDER = "crf_dataset.json", "crf_order.json"  # the files Rasa's `persist` writes
_folder: Path | None = None


def inputs_key(dataset: bytes, config: dict[str, Any], order: list[str]) -> str:
    """Hash of what a CRF training reads (the stored tokens as bytes): same key, same
    training."""
    digest = hashlib.sha256()
    for package in ("sklearn-crfsuite", "python-crfsuite"):
        digest.update(f"{package} {version(package)}\n".encode())
    digest.update(json.dumps([config, order], sort_keys=True, default=str).encode())
    digest.update(dataset)
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


def _fit(cls: type[CRFEntityExtractor], dataset: bytes, config: dict[str, Any],
         order: list[str], files: list[Path]) -> OrderedDict[str, Any]:
    """Train the taggers from the stored tokens as Rasa's `load` does, and keep their files."""
    tokens = [[CRFToken.create_from_dict(t) for t in sentence] for sentence in json.loads(dataset)]
    taggers = cls.train_model(tokens, config, order)
    try:
        for tagger, path in zip(taggers.values(), files):
            _keep(tagger.modelfile.name, path)
    except OSError as err:  # the next load trains again; this one is served as Rasa's
        log.warning("could not keep the trained CRF in %s: %s", _folder, err)
    return taggers


def load(cls: type[CRFEntityExtractor], config: dict[str, Any], model_storage: ModelStorage,
         resource: Resource, execution_context: ExecutionContext,
         **kwargs: Any) -> CRFEntityExtractor:
    """`CRFEntityExtractor.load`, from the kept files when the stored tokens are known."""
    assert _folder is not None, "install() first"
    try:
        with model_storage.read_from(resource) as directory:
            dataset = (directory / DATASET).read_bytes()
            order = json.loads((directory / ORDER).read_text(encoding="utf-8"))
    except ValueError:  # no such resource: Rasa's own load warns and returns an empty one
        return RASA_LOAD(cls, config, model_storage, resource, execution_context, **kwargs)
    key = inputs_key(dataset, config, order)
    files = [_folder / f"{key}-{index}.crfsuite" for index in range(len(order))]
    if all(path.is_file() for path in files):
        taggers = OrderedDict((tag, _crf(config, str(path))) for tag, path in zip(order, files))
    else:
        taggers = _fit(cls, dataset, config, order, files)
    extractor = cls(config, model_storage, resource, taggers)
    extractor.crf_order = order
    return extractor


def install(folder: Path | None = None) -> None:
    """Keep trained CRFs in `folder` (default: crf/ in the model cache) (idempotent)."""
    global _folder
    if folder is None:
        from bot.settings import load_settings

        folder = load_settings().model_cache / "crf"
    _folder = folder
    CRFEntityExtractor.load = classmethod(load)  # type: ignore[method-assign,assignment]
