"""Trained-model cache keyed on the files that shape the model.

Rasa's own training cache fingerprints a component's class source but not the helpers it
calls, so changing bot/nlu/ helpers or data tables would not retrain. We hash the files
themselves: the project's training data, domain, config and pinned versions, and the code
and tables of the NLU package as installed. Nothing else in `bot/` is imported by the NLU
components except `bot.policy`, whose formats and product names are read when a message
is parsed, never stored in the model (tests/project/test_model_cache.py keeps it so).
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable, Mapping
from importlib.resources import files
from pathlib import Path

from bot.settings import Settings

# Files and folders of the project directory that shape the model.
PROJECT_INPUTS: tuple[str, ...] = ("config.yml", "domain.yml", "constraints.txt", "data")
# Packages whose code and tables the NLU components of config.yml load.
CODE_INPUTS: tuple[str, ...] = ("bot.nlu", "bot.dialogue_policies")
SUFFIXES = {".yml", ".yaml", ".py", ".txt", ".json"}


def code_dirs() -> dict[str, Path]:
    """Where each package of CODE_INPUTS is installed, by its name as a path (bot/nlu)."""
    return {name.replace(".", "/"): Path(str(files(name))) for name in CODE_INPUTS}


def _files_under(path: Path) -> Iterable[Path]:
    if path.is_file():
        yield path
    elif path.is_dir():
        yield from sorted(
            p for p in path.rglob("*")
            if p.is_file() and p.suffix in SUFFIXES and "__pycache__" not in p.parts
        )


def _inputs(project_dir: Path, code: Mapping[str, Path]) -> Iterable[tuple[str, Path]]:
    """(name in the hash, file) of every model input."""
    for name in PROJECT_INPUTS:
        for path in _files_under(project_dir / name):
            yield path.relative_to(project_dir).as_posix(), path
    for name, folder in sorted(code.items()):
        for path in _files_under(folder):
            yield f"{name}/{path.relative_to(folder).as_posix()}", path


def fingerprint(project_dir: Path, code: Mapping[str, Path] | None = None) -> str:
    """Hash of every model input (name and content), 16 hex digits."""
    digest = hashlib.sha256()
    for name, path in _inputs(project_dir, code_dirs() if code is None else code):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_name(project_dir: Path, code: Mapping[str, Path] | None = None) -> str:
    """The model's file name (without .tar.gz) for the current inputs."""
    return f"triagebot-{fingerprint(project_dir, code)}"


def cached_model(settings: Settings, code: Mapping[str, Path] | None = None) -> Path | None:
    """The model for the current inputs, from models/ or the user-wide cache, if any."""
    name = f"{model_name(settings.project_dir, code)}.tar.gz"
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
