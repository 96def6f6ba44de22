"""Trained-model cache keyed on the files that shape the model.

Rasa's own training cache fingerprints a component's class source but not the helpers it
calls, so changing bot/nlu/ helpers or data tables would not retrain. We hash the files
themselves: training data, domain, config, our NLU code and data, and the pinned versions.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from pathlib import Path

from bot.settings import ROOT, Settings

MODEL_INPUTS: tuple[str, ...] = ("config.yml", "domain.yml", "constraints.txt", "data", "bot/nlu")
SUFFIXES = {".yml", ".yaml", ".py", ".txt", ".json"}


def _input_files(root: Path) -> Iterable[Path]:
    for name in MODEL_INPUTS:
        path = root / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix in SUFFIXES and "__pycache__" not in p.parts
            )


def fingerprint(root: Path = ROOT) -> str:
    """Hash of every model input (path and content), 16 hex digits."""
    digest = hashlib.sha256()
    for path in _input_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_name(root: Path = ROOT) -> str:
    return f"triagebot-{fingerprint(root)}"


def cached_model(settings: Settings, root: Path = ROOT) -> Path | None:
    """The model for the current inputs, from models/ or the user-wide cache, if any."""
    name = f"{model_name(root)}.tar.gz"
    local = settings.model_dir / name
    if local.exists():
        return local
    shared = settings.model_cache / name
    if shared.exists():
        settings.model_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(shared, local)
        return local
    return None


def store_in_cache(model: Path, settings: Settings) -> None:
    """Copy a freshly trained model into the user-wide cache (shared across clones)."""
    settings.model_cache.mkdir(parents=True, exist_ok=True)
    tmp = settings.model_cache / f".{model.name}.tmp"
    shutil.copy2(model, tmp)
    tmp.replace(settings.model_cache / model.name)
