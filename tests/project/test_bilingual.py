"""Every reply exists in both languages and every intent is trained in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.policy.schema import LANGS as LANGUAGES
from tests import REPO as ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def _language_of(variation: dict) -> str | None:
    for condition in variation.get("condition") or []:
        if condition.get("type") == "slot" and condition.get("name") == "language":
            return str(condition.get("value"))
    return None


def _intents_in(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in folder.rglob("*.yml"):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in block:
                found.add(block["intent"])
    return found


@pytest.mark.parametrize("response", sorted(DOMAIN["responses"]))
def test_every_response_has_one_variation_per_language(response: str) -> None:
    languages = [_language_of(v) for v in DOMAIN["responses"][response]]
    assert sorted(lang for lang in languages if lang) == sorted(set(languages) - {None})
    assert set(languages) >= set(LANGUAGES), f"{response} lacks {set(LANGUAGES) - set(languages)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_domain_intent_has_training_examples(language: str) -> None:
    missing = set(DOMAIN["intents"]) - _intents_in(ROOT / "data" / "nlu" / language)
    assert not missing, f"intents without {language} examples: {sorted(missing)}"


def test_language_slot_defaults_to_a_language_with_responses() -> None:
    slot = DOMAIN["slots"]["language"]
    assert slot["initial_value"] in LANGUAGES
    assert set(slot["values"]) == set(LANGUAGES)
