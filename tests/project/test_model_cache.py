"""The model cache retrains exactly when a file that shapes the model changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import model_cache
from bot.settings import ROOT, load_settings


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for name in ("config.yml", "domain.yml", "constraints.txt"):
        (tmp_path / name).write_text(f"{name}\n", encoding="utf-8")
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "data" / "nlu" / "a.yml").write_text("nlu: []\n", encoding="utf-8")
    (tmp_path / "bot" / "nlu").mkdir(parents=True)
    (tmp_path / "bot" / "nlu" / "helper.py").write_text("X = 1\n", encoding="utf-8")
    return tmp_path


CHANGES = [
    ("data/nlu/a.yml", "nlu: [changed]\n"),
    ("data/nlu/new.yml", "nlu: []\n"),
    ("bot/nlu/helper.py", "X = 2\n"),
    ("config.yml", "other\n"),
    ("domain.yml", "other\n"),
    ("constraints.txt", "rasa==9\n"),
]


@pytest.mark.parametrize(("path", "content"), CHANGES)
def test_fingerprint_changes_with_each_model_input(project: Path, path: str, content: str) -> None:
    before = model_cache.fingerprint(project)
    (project / path).write_text(content, encoding="utf-8")
    assert model_cache.fingerprint(project) != before


def test_fingerprint_ignores_files_that_do_not_shape_the_model(project: Path) -> None:
    before = model_cache.fingerprint(project)
    (project / "README.md").write_text("docs\n", encoding="utf-8")
    (project / "bot" / "nlu" / "__pycache__").mkdir()
    (project / "bot" / "nlu" / "__pycache__" / "helper.pyc").write_bytes(b"\0")
    assert model_cache.fingerprint(project) == before


def test_renaming_a_data_file_changes_the_fingerprint(project: Path) -> None:
    before = model_cache.fingerprint(project)
    shutil.move(project / "data" / "nlu" / "a.yml", project / "data" / "nlu" / "b.yml")
    assert model_cache.fingerprint(project) != before


def test_cached_model_is_found_in_the_shared_cache(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRIAGEBOT_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("TRIAGEBOT_MODEL_CACHE", str(tmp_path / "cache"))
    settings = load_settings()
    assert model_cache.cached_model(settings, project) is None
    model = tmp_path / "built" / f"{model_cache.model_name(project)}.tar.gz"
    model.parent.mkdir()
    model.write_bytes(b"model")
    model_cache.store_in_cache(model, settings)
    found = model_cache.cached_model(settings, project)
    assert found == settings.model_dir / model.name
    assert found.read_bytes() == b"model"


def test_repository_fingerprint_is_stable() -> None:
    assert model_cache.fingerprint(ROOT) == model_cache.fingerprint(ROOT)
