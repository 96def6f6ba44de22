"""The bot works from a wheel, not only from an editable install: its data files travel
in the package and are found through it (importlib.resources), never in the repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests import REPO

# Files the product reads at run time, as paths inside the wheel.
PACKAGE_DATA = [
    "bot/policy/policy.yml",
    "bot/nlu/criteria.yml", "bot/nlu/entities.yml", "bot/nlu/language.yml",
    "bot/nlu/products.yml",
    "bot/collect/fields.yml", "bot/dialogue/answers.yml",
    "bot/web/static/chat.html", "bot/web/static/chat.js", "bot/web/static/chat.css",
    "bot/web/static/vendor/socket.io.min.js",
]
# What the installed package loads from its data, run outside the repository.
LOADS = """
import bot
from bot.collect.form import form_spec
from bot.dialogue.answers import parse_country
from bot.dialogue.triage_slot import case_type_label
from bot.nlu.entities.product import find
from bot.nlu.language import detect_language
from bot.policy import load_policy
print(bot.__file__)
print(load_policy().version, len(form_spec().fields), parse_country("日本"),
      case_type_label("licensing", "ja"), detect_language("バックアップ"),
      find("VBR 12")[0].value.replace(" ", "_"))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the sources (the build leaves nothing in the repo)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    for package in ("bot", "actions"):
        shutil.copytree(REPO / package, src / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(out), str(src)], check=True, timeout=300)
    [built] = out.glob("triagebot-*.whl")
    return built


def test_the_wheel_holds_the_policy_the_nlu_tables_and_the_web_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [f for f in PACKAGE_DATA if f not in names] == []


def test_the_wheel_holds_the_product_only(wheel: Path) -> None:
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {"bot", "actions"} <= tops
    assert not tops & {"bench", "tests", "data", "docs"}


def test_the_installed_package_finds_its_data_outside_the_repository(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                    "--target", str(target), str(wheel)], check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run([sys.executable, "-c", LOADS], cwd=elsewhere, capture_output=True,
                          text=True, env={"PYTHONPATH": str(target), "HOME": str(tmp_path)},
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    where, loaded = proc.stdout.strip().splitlines()[-2:]
    assert where.startswith(str(target))  # the wheel's copy, not the repository's
    assert loaded.split()[2:] == ["JP", "ライセンス関連", "ja", "Veeam_Backup_&_Replication"]
