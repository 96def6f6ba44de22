"""Read the customer's answers to the triage questions: severity, role, program, country."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from bot.dialogue.countries import CountryTable, build_table, find_country
from bot.nlu.normalize import fold, normalize


@dataclass(frozen=True)
class AnswerTables:
    """Phrases customers use, longest first, for each canonical value."""

    roles: tuple[tuple[str, str], ...]
    programs: tuple[tuple[str, str], ...]
    countries: CountryTable
    us_federal: tuple[tuple[str, str], ...]
    experimental: tuple[tuple[str, str], ...]
    max_tries: int  # failed answers to a triage question before the bot offers a way on

    @property
    def timezones(self) -> dict[str, str]:
        """Each known country's default time zone."""
        return self.countries.timezones


def _phrases(table: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
    pairs = [(fold(p), value) for value, phrases in table.items() for p in phrases]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=1)
def tables() -> AnswerTables:
    """Load the packaged answers.yml once."""
    raw = yaml.safe_load(files("bot.dialogue").joinpath("answers.yml").read_text(encoding="utf-8"))
    return AnswerTables(
        roles=_phrases(raw["roles"]), programs=_phrases(raw["programs"]),
        countries=build_table({str(code): spec for code, spec in raw["countries"].items()}),
        us_federal=_phrases({"yes": raw["us_federal"]}),
        experimental=_phrases({"yes": raw["experimental"]}), max_tries=int(raw["max_tries"]),
    )


def _find(text: str, pairs: tuple[tuple[str, str], ...]) -> str | None:
    """The value of the longest phrase found in `text` (whole words for Latin phrases)."""
    folded = fold(text)
    for phrase, value in pairs:
        if phrase.isascii():
            if re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", folded):
                return value
        elif phrase in folded:
            return value
    return None


def parse_role(text: str, entity: str | None = None) -> str | None:
    """Canonical role id (case_administrator, ..., other) from a button value or free text."""
    known = {value for _, value in tables().roles}
    return entity if entity in known else _find(text, tables().roles)


def parse_program(text: str, entity: str | None = None) -> str | None:
    """Canonical program id from a button value, an NLU `program` entity or free text."""
    known = {value for _, value in tables().programs}
    if entity in known:
        return entity
    return _find(entity or "", tables().programs) or _find(text, tables().programs)


def parse_country(text: str, entity: str | None = None) -> str | None:
    """ISO 3166 alpha-2 code from a country name (English or Japanese), a code, or an NLU
    `country` entity."""
    for candidate in (entity or "", text):
        found = find_country(tables().countries, candidate)
        if found:
            return found
    return None


def says_us_federal(text: str) -> bool:
    """True when the customer says they are a US federal agency (§11)."""
    return _find(text, tables().us_federal) is not None


def says_experimental(text: str) -> bool:
    """True when the customer says the problem concerns an experimental feature (§8)."""
    return _find(text, tables().experimental) is not None


def timezone_for(country: str, browser_timezone: str | None = None) -> str:
    """The customer's time zone: the browser's when valid, else the country's default."""
    if browser_timezone:
        try:
            ZoneInfo(browser_timezone)
            return browser_timezone
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return tables().countries.timezones.get(country, "UTC")


SEVERITY_NAMED = re.compile(r"(?:sev(?:erity)?|重大度|深刻度|レベル|level|p)\s*(?:は|を|:)?\s*([1-4])(?!\d)",
                            re.IGNORECASE)
SEVERITY_ALONE = re.compile(r"\s*([1-4])\s*(?:で|です|でお願いします|please)?[.。!!]?\s*", re.IGNORECASE)


def parse_severity(text: str, entity: str | None = None) -> int | None:
    """A severity 1-4 named in a button value or in text ("sev 2", "重大度２", "3")."""
    if entity and entity.strip() in {"1", "2", "3", "4"}:
        return int(entity)
    text = normalize(text).text.strip()
    found = SEVERITY_NAMED.search(text) or SEVERITY_ALONE.fullmatch(text)
    return int(found.group(1)) if found else None
