"""The model cache retrains exactly when a file that shapes the model changes."""

from __future__ import annotations

import ast
import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from bot import model_cache
from bot.settings import load_settings
from tests import REPO


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for name in ("config.yml", "domain.yml", "constraints.txt"):
        (tmp_path / name).write_text(f"{name}\n", encoding="utf-8")
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "data" / "nlu" / "a.yml").write_text("nlu: []\n", encoding="utf-8")
    (tmp_path / "code" / "nlu").mkdir(parents=True)
    (tmp_path / "code" / "nlu" / "helper.py").write_text("X = 1\n", encoding="utf-8")
    return tmp_path


def _fingerprint(project: Path) -> str:
    return model_cache.fingerprint(project, {"bot/nlu": project / "code" / "nlu"})


CHANGES = [
    ("data/nlu/a.yml", "nlu: [changed]\n"),
    ("data/nlu/new.yml", "nlu: []\n"),
    ("code/nlu/helper.py", "X = 2\n"),
    ("code/nlu/table.yml", "cues: []\n"),
    ("config.yml", "other\n"),
    ("domain.yml", "other\n"),
    ("constraints.txt", "rasa==9\n"),
]


@pytest.mark.parametrize(("path", "content"), CHANGES)
def test_fingerprint_changes_with_each_model_input(project: Path, path: str, content: str) -> None:
    before = _fingerprint(project)
    (project / path).write_text(content, encoding="utf-8")
    assert _fingerprint(project) != before


def test_fingerprint_ignores_files_that_do_not_shape_the_model(project: Path) -> None:
    before = _fingerprint(project)
    (project / "README.md").write_text("docs\n", encoding="utf-8")
    (project / "bench").mkdir()
    (project / "bench" / "metrics.py").write_text("F1 = 0\n", encoding="utf-8")
    (project / "code" / "nlu" / "__pycache__").mkdir()
    (project / "code" / "nlu" / "__pycache__" / "helper.pyc").write_bytes(b"\0")
    assert _fingerprint(project) == before


def test_renaming_a_data_file_changes_the_fingerprint(project: Path) -> None:
    before = _fingerprint(project)
    shutil.move(project / "data" / "nlu" / "a.yml", project / "data" / "nlu" / "b.yml")
    assert _fingerprint(project) != before


def test_the_installed_packages_are_hashed_under_their_package_paths() -> None:
    assert model_cache.code_dirs() == {name.replace(".", "/"): REPO.joinpath(*name.split("."))
                                       for name in model_cache.CODE_INPUTS}


def test_cached_model_is_found_in_the_shared_cache(project: Path, tmp_path: Path) -> None:
    settings = dataclasses.replace(load_settings(), project_dir=project,
                                   model_dir=tmp_path / "models", model_cache=tmp_path / "cache")
    code = {"bot/nlu": project / "code" / "nlu"}
    assert model_cache.cached_model(settings, code) is None
    model = tmp_path / "built" / f"{model_cache.model_name(project, code)}.tar.gz"
    model.parent.mkdir()
    model.write_bytes(b"model")
    model_cache.store_in_cache(model, settings)
    found = model_cache.cached_model(settings, code)
    assert found == settings.model_dir / model.name
    assert found.read_bytes() == b"model"


def _bot_imports(module: Path) -> set[str]:
    """The `bot.*` modules a file imports (absolute imports, at any depth in the file)."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
        found |= {n for n in names if n.startswith("bot.")}
    return found


def _module_file(name: str) -> Path:
    path = REPO.joinpath(*name.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def test_everything_the_components_import_is_hashed() -> None:
    """Follow the imports of each component of ours in config.yml: every `bot` module
    reached is hashed, except bot.policy, read when a message is parsed, not in training."""
    config = yaml.safe_load((REPO / "config.yml").read_text(encoding="utf-8"))
    entries = [*config["pipeline"], *config.get("policies", [])]
    todo = [e["name"].rsplit(".", 1)[0] for e in entries if e["name"].startswith("bot.")]
    assert todo, "config.yml names no component of bot/"
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or name.startswith("bot.policy"):
            continue
        seen.add(name)
        file = _module_file(name)
        if not file.exists():  # `from bot.nlu.entities import Span` names a package member
            continue
        todo += sorted(_bot_imports(file))
    # A hashed package's own name (`from bot.nlu import deferred_fits`) is inside it too.
    hashed = tuple(f"{p}." for p in model_cache.CODE_INPUTS)
    assert {n for n in seen
            if not n.startswith(hashed) and n not in model_cache.CODE_INPUTS} == set()
