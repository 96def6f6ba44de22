"""The learning loop: agreement page, corrections export (CLI and web) and its format."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.cases import CaseStore
from bot.cases.corrections import FILE_NAME, known_texts, text_key
from bot.cli import main
from bot.nlu.label_classifier import example_label
from bot.settings import Settings
from tests import REPO as ROOT

from .client import ConsoleClient
from .seed import seed_case

Client = Callable[[str | None], ConsoleClient]


def _training_example() -> str:
    """A describe_issue example that is already in data/nlu/en (annotations removed)."""
    for path in sorted((ROOT / "data" / "nlu" / "en").glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if item.get("intent") == "describe_issue":
                line = item["examples"].splitlines()[0].strip()[2:]
                return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    raise AssertionError("data/nlu/en has no describe_issue examples")


@pytest.fixture(scope="module")
def reviewed(client_module: ConsoleClient, store: CaseStore) -> dict[str, str]:
    """Cases reviewed over HTTP: kept, raised, lowered, retyped, one already in training."""
    made = {
        "kept": seed_case(store, "learn-1", "the nightly job for the file server failed",
                          severity=3),
        "raised": seed_case(store, "learn-2", "all production VMs are down since the update",
                            severity=3),
        "ja": seed_case(store, "learn-3", "リストアが途中で止まります", severity=2,
                        language="ja", country="JP", tz="Asia/Tokyo"),
        "retyped": seed_case(store, "learn-4", "how do I move my licence to a new server?",
                             severity=4, case_type="technical"),
        "known": seed_case(store, "learn-5", _training_example(), severity=2),
        "unreviewed": seed_case(store, "learn-6", "never looked at", severity=2),
    }
    labels = {"kept": ("3", "technical"), "raised": ("1", "technical"),
              "ja": ("3", "technical"), "retyped": ("4", "licensing"), "known": ("2", "technical")}
    for name, (severity, case_type) in labels.items():
        number = made[name].case_number
        client_module.get(f"/console/cases/{number}")
        response = client_module.post(f"/console/cases/{number}/review", {
            "severity": severity, "case_type": case_type, "reason": "checked with customer"})
        assert response.status_code == 303
    return {name: str(case.case_number) for name, case in made.items()}


@pytest.fixture(scope="module")
def client_module(web: object) -> ConsoleClient:
    from .seed import PASSWORD

    client = ConsoleClient(web.url)  # type: ignore[attr-defined]
    assert client.login("adam", PASSWORD).status_code == 302
    return client


def test_agreement_page_has_matrix_per_language_and_a_chart(
        client_module: ConsoleClient, reviewed: dict[str, str]) -> None:
    page = client_module.get("/console/agreement").text
    assert "en: 3 of 4 kept (75%)" in page  # kept, retyped (severity kept), known; raised not
    assert "ja: 0 of 1 kept (0%)" in page
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert svg.count("<rect") == 5  # en: staff levels 1-4 all have cases; ja: level 3
    assert "<script" not in svg and "on" not in re.findall(r"<rect ([a-z]+)", svg)


def test_export_cli_writes_one_file_per_language_in_data_nlu_layout(
        tmp_path: Path, settings: Settings, reviewed: dict[str, str],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TRIAGEBOT_CASES_URL", settings.cases_url)
    assert main(["export-corrections", "--output", str(tmp_path)]) == 0
    assert "en: 3 example(s)" in capsys.readouterr().out
    en, ja = tmp_path / "en" / FILE_NAME, tmp_path / "ja" / FILE_NAME
    labels = {}
    for path in (en, ja):
        data = RasaYAMLReader().read(path)
        for message in data.intent_examples:
            assert message.get("intent") == "describe_issue"
            labels[message.get("text")] = (example_label(message, "severity"),
                                           example_label(message, "case_type"))
    assert labels == {
        "the nightly job for the file server failed": (3, "technical"),
        "all production VMs are down since the update": (1, "technical"),
        "how do I move my licence to a new server?": (4, "licensing"),
        "リストアが途中で止まります": (3, "technical"),
    }  # the known example and the unreviewed case are left out
    assert not known_texts([ROOT / "data" / "nlu"]) & {text_key(t) for t in labels}


def test_export_again_into_the_same_folder_keeps_every_example(
        tmp_path: Path, settings: Settings, reviewed: dict[str, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIAGEBOT_CASES_URL", settings.cases_url)
    main(["export-corrections", "--output", str(tmp_path)])
    first = (tmp_path / "en" / FILE_NAME).read_text(encoding="utf-8")
    main(["export-corrections", "--output", str(tmp_path)])
    assert (tmp_path / "en" / FILE_NAME).read_text(encoding="utf-8") == first


def test_admins_download_the_same_export_from_the_web(
        client_module: ConsoleClient, reviewed: dict[str, str]) -> None:
    response = client_module.get("/console/corrections/ja.yml")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/yaml")
    assert "リストアが途中で止まります" in response.text and "severity: 3" in response.text
    assert client_module.get("/console/corrections/fr.yml").status_code == 404


@pytest.mark.integration
def test_exported_file_trains_with_rasa_train_nlu(
        tmp_path: Path, settings: Settings, reviewed: dict[str, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The export next to the training data, as `--output data/nlu` would leave it."""
    monkeypatch.setenv("TRIAGEBOT_CASES_URL", settings.cases_url)
    nlu = tmp_path / "nlu"
    subprocess.run(["cp", "-r", str(ROOT / "data" / "nlu"), str(nlu)], check=True)
    assert main(["export-corrections", "--output", str(nlu)]) == 0
    # `rasa train nlu` through the project's launcher: the same training, without the
    # fingerprints and the CRF fit Rasa throws away (bot/rasa_ext/training.py).
    done = subprocess.run(
        [sys.executable, "-m", "bot.rasa_trainer", "nlu", "--config", str(ROOT / "config.yml"),
         "--nlu", str(nlu),
         "--out", str(tmp_path / "models"), "--fixed-model-name", "corrections"],
        check=False, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert (tmp_path / "models" / "corrections.tar.gz").is_file()
