"""The packaged policy.yml loads, is complete, bilingual, and traces to the Japanese source."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.policy import Policy, load_policy
from bot.policy.loader import DEFAULT_PATH, ENV_VAR
from bot.policy.schema import Interval

PROGRAMS = ("premium", "production", "basic", "evaluation", "free", "vcsp", "kasten-premium",
            "kasten-basic", "kasten-evaluation")

# program -> severity -> English target label (§4.5, Kasten Ex. A, README Decisions)
TARGETS = {
    "premium": ("30 minutes",) * 4,
    "production": ("1 hour", "3 hours", "6 hours", "8 hours"),
    "vcsp": ("1 hour", "3 hours", "6 hours", "8 hours"),
    "basic": ("2 business hours", "8 business hours", "12 business hours", "24 business hours"),
    "evaluation": ("no severity-1 target for evaluation", "8 business hours",
                   "12 business hours", "24 business hours"),
    "free": ("no severity-1 target for free", "best effort", "best effort", "best effort"),
    "kasten-premium": ("1 hour", "2 hours", "6 hours", "1 business day"),
    "kasten-basic": ("2 business hours", "4 business hours", "1 business day",
                     "2 business days"),
    "kasten-evaluation": ("no support for kasten-evaluation",) * 4,
}
MINUTES = {"kasten-premium": (60, 120, 360, 540), "kasten-basic": (120, 240, 540, 1080),
           "basic": (120, 480, 720, 1440), "premium": (30, 30, 30, 30)}


def test_packaged_policy_loads(policy: Policy) -> None:
    assert policy.version >= 1
    assert tuple(policy.programs) == PROGRAMS


@pytest.mark.parametrize("program", PROGRAMS)
def test_targets_by_program_and_severity(policy: Policy, program: str) -> None:
    labels = tuple(policy.programs[program].targets[sev].label.en for sev in (1, 2, 3, 4))
    assert labels == TARGETS[program]


@pytest.mark.parametrize("program", sorted(MINUTES))
def test_target_minutes_use_nine_hour_business_days(policy: Policy, program: str) -> None:
    minutes = tuple(policy.programs[program].targets[sev].minutes for sev in (1, 2, 3, 4))
    assert minutes == MINUTES[program]


def test_decisions_are_data(policy: Policy, raw: dict[str, Any]) -> None:
    assert raw["programs"]["vcsp"]["sla"]["same_as"] == "production"
    assert policy.business_day_hours == 9
    weekdays_8_17 = ((Interval(480, 1020),),) * 5 + ((), ())
    assert policy.programs["evaluation"].targets[2].schedule.week == weekdays_8_17
    assert policy.programs["kasten-premium"].targets[4].schedule.week == weekdays_8_17
    assert policy.programs["basic"].targets[2].schedule.week == ((Interval(480, 1200),),) * 5 + (
        (), ())
    assert not policy.programs["evaluation"].guaranteed
    assert not policy.experimental_sla_guaranteed


def test_us_federal_hours_and_number(policy: Policy) -> None:
    federal = policy.us_federal
    assert federal.phone.number == "+1 240 399 50 82"
    assert federal.schedule.timezone == "America/New_York"
    week = federal.schedule.week
    assert week[0] == (Interval(8 * 60, 21 * 60),) and week[4] == week[0]
    assert week[5] == (Interval(12 * 60, 24 * 60),)
    assert week[6] == (Interval(12 * 60, 20 * 60),)


def test_channels_and_phone(policy: Policy) -> None:
    with_phone = {p.id for p in policy.programs.values() if p.phone}
    assert with_phone == {"premium", "production", "basic", "evaluation", "vcsp"}
    assert policy.programs["kasten-evaluation"].technical_support is False


@pytest.mark.parametrize(("value", "kind", "ok"), [
    ("04219876", "support_id", True), ("0421987", "support_id", False),
    ("042198765", "support_id", False), ("07345612", "case_number", True),
    ("17345612", "case_number", False), ("0734561a", "case_number", False),
])
def test_id_formats(policy: Policy, value: str, kind: str, ok: bool) -> None:
    assert bool(policy.formats[kind].match(value)) is ok


@pytest.mark.parametrize(("name", "product", "policy_kind"), [
    ("VBR", "vbr", "main"), ("veeam backup & replication", "vbr", "main"),
    ("ヴィーム", "vbr", "main"), ("K10", "kasten", "kasten"), ("キャステン", "kasten", "kasten"),
    ("VeeamONE", "one", "other"), ("VB365", "vb365", "other"), ("VSPC", "vspc", "other"),
])
def test_products_from_glossary(policy: Policy, name: str, product: str,
                                policy_kind: str) -> None:
    found = policy.product(name)
    assert found is not None and found.id == product and found.policy == policy_kind


def test_unknown_product_is_none(policy: Policy) -> None:
    assert policy.product("Acme Backup") is None


@pytest.mark.parametrize(("country", "region", "languages"), [
    ("JP", "apac", ("en", "ja", "zh")), ("US", "us", ("en", "es")), ("CA", "ca", ("en", "fr")),
    ("DE", "emea", ("en", "de", "fr", "ru", "es", "it")), ("NO", "emea", None),
    ("BR", "latam", ("en", "es", "pt")), ("mx", "latam", None), ("AU", "apac", None),
])
def test_language_regions(policy: Policy, country: str, region: str,
                          languages: tuple[str, ...] | None) -> None:
    found = policy.region(country)
    assert found is not None and found.id == region
    if languages:
        assert found.languages == languages


def _bilingual_nodes(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        # languages.names is keyed by language code (en, ja ...): a table of texts, not a text
        if ("en" in node or "ja" in node) and not path.endswith("languages.names"):
            yield path, node
        for key, value in node.items():
            yield from _bilingual_nodes(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _bilingual_nodes(value, f"{path}[{i}]")


def test_every_localised_entry_has_en_and_ja(raw: dict[str, Any]) -> None:
    nodes = list(_bilingual_nodes(raw))
    assert len(nodes) > 140
    for path, node in nodes:
        for lang in ("en", "ja"):
            assert isinstance(node.get(lang), str) and node[lang].strip(), f"{path}.{lang}"


def test_messages_differ_by_language(policy: Policy) -> None:
    for code, message in policy.messages.items():
        assert message.text.en != message.text.ja, code
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", message.text.ja), code


def test_cached_per_path(policy: Policy) -> None:
    assert load_policy(DEFAULT_PATH) is policy


def test_env_var_overrides_default(monkeypatch: pytest.MonkeyPatch, write_policy: Any,
                                   raw: dict[str, Any]) -> None:
    raw["version"] = 99
    monkeypatch.setenv(ENV_VAR, str(write_policy(raw)))
    assert load_policy().version == 99
    monkeypatch.delenv(ENV_VAR)
    assert load_policy().version != 99


def test_edit_in_place_reloads(write_policy: Any, raw: dict[str, Any]) -> None:
    path: Path = write_policy(raw)
    assert load_policy(path).programs["basic"].targets[1].minutes == 120
    raw["programs"]["basic"]["sla"]["targets"][1] = "3 business hours"
    write_policy(raw)
    # make sure the mtime differs even on file systems with coarse timestamps
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 10**9))
    assert load_policy(path).programs["basic"].targets[1].minutes == 180

