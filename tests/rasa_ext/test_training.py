"""Training through `bot.rasa_trainer`: nothing fingerprinted, no CRF fit that Rasa drops,
and the same model: its CRF, fitted at load from the stored tokens, finds the entities."""

from __future__ import annotations

import asyncio
import json
import tarfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
from rasa.core.agent import Agent
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.training import fingerprinting, graph_trainer
from rasa.model_training import train
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import deferred_fits
from bot.rasa_cli import train_command
from bot.rasa_ext import training
from bot.triage import crf_cache

CONFIG = """\
recipe: default.v1
language: en
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
  - name: LogisticRegressionClassifier
  - name: CRFEntityExtractor
policies:
  - name: RulePolicy
"""
DOMAIN = """\
version: "3.1"
intents: [greet, give_product]
entities: [product]
responses:
  utter_greet:
  - text: hello
"""
PRODUCTS = ["VBR", "Agent", "Console", "Vault", "Mover", "Catalog"]
NLU = "\n".join(
    ['version: "3.1"', "nlu:", "- intent: greet", "  examples: |",
     *(f"    - {w}" for w in ["hi", "hello", "hey there", "good morning", "hi bot"]),
     "- intent: give_product", "  examples: |",
     *(f"    - {lead} [{p}](product) {tail}" for p in PRODUCTS
       for lead, tail in [("we use", "here"), ("the", "fails"), ("it is", "")])])
RULES = """\
version: "3.1"
rules:
- rule: greet
  steps:
  - intent: greet
  - action: utter_greet
"""


def _project(folder: Path) -> dict[str, str]:
    (folder / "data").mkdir(parents=True)
    for name, text in [("config.yml", CONFIG), ("domain.yml", DOMAIN),
                       ("data/nlu.yml", NLU), ("data/rules.yml", RULES)]:
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return {"config": str(folder / "config.yml"), "domain": str(folder / "domain.yml"),
            "training_files": [str(folder / "data")]}


def test_the_training_command_runs_the_launcher_with_every_node_trained() -> None:
    command = train_command(Path("out"), "m")
    assert command[1:3] == ["-m", "bot.rasa_trainer"] and "--force" in command


@pytest.mark.integration
def test_training_fingerprints_nothing_and_the_loaded_crf_finds_entities(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counts = {"fingerprints": 0, "crf fits": 0}
    # What the cache hashes: a node's inputs (its key) and its output (the training data);
    # messages are still hashed where Rasa removes duplicate examples.
    node_key, data_fingerprint = fingerprinting.calculate_fingerprint_key, TrainingData.fingerprint
    fit = CRFEntityExtractor.__dict__["train_model"].__func__

    def counted(name: str, original: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return original(*args, **kwargs)
        return call

    with monkeypatch.context() as patched:  # everything install() replaces is put back
        patched.setattr(graph_trainer, "TrainingHook", graph_trainer.TrainingHook)
        patched.setattr(CRFEntityExtractor, "train_model",
                        classmethod(counted("crf fits", fit)))
        patched.setattr(fingerprinting, "calculate_fingerprint_key",
                        counted("fingerprints", node_key))
        patched.setattr(TrainingData, "fingerprint",
                        counted("fingerprints", data_fingerprint))
        patched.setattr(deferred_fits, "_workers", 0)
        patched.setattr(LocalModelStorage, "create_model_package",
                        LocalModelStorage.create_model_package)
        training.install()
        assert deferred_fits.enabled()
        result = train(**_project(tmp_path), output=str(tmp_path / "models"),
                       force_training=True, fixed_model_name="tiny")
    assert result.code == 0
    assert counts == {"fingerprints": 0, "crf fits": 0}

    model = tmp_path / "models" / "tiny.tar.gz"
    with tarfile.open(model) as archive:
        stored = next(m for m in archive.getmembers() if m.name.endswith("crf_dataset.json"))
        sentences = json.load(archive.extractfile(stored))  # type: ignore[arg-type]
    assert len(sentences) == len(PRODUCTS) * 3 + 5  # every example's tokens, as Rasa keeps

    monkeypatch.setattr(CRFEntityExtractor, "train_model", classmethod(counted("crf fits", fit)))
    # Rasa's own load, not the per-machine CRF cache another test may have installed
    monkeypatch.setattr(CRFEntityExtractor, "load", classmethod(crf_cache.RASA_LOAD))
    agent = Agent.load(str(model))
    parsed = asyncio.new_event_loop().run_until_complete(agent.parse_message("we use Vault"))
    assert counts["crf fits"] == 1  # at load, from the stored tokens
    assert [(e["entity"], e["value"]) for e in parsed["entities"]] == [("product", "Vault")]
