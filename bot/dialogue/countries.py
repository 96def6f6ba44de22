"""Every country a customer may name: CLDR names in English and Japanese (Babel), ISO codes.

Only countries the holiday calendar knows are offered, because the SLA clock needs their
public holidays; `answers.yml` adds the names customers also type ("USA", "英国") and the
time zone of countries that span several.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.core import get_global

from bot.nlu.normalize import fold
from bot.sla.calendar import supported_countries

ALPHA2 = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class CountryTable:
    """Names (folded) of each country and its default time zone."""

    ascii_pattern: re.Pattern[str]  # every Latin-script name, longest first, whole words
    ascii_codes: dict[str, str]  # folded Latin name -> code
    other_names: tuple[tuple[str, str], ...]  # (folded non-Latin name, code), longest first
    timezones: dict[str, str]

    def codes(self) -> frozenset[str]:
        """The ISO 3166 alpha-2 codes of every country in the table."""
        return frozenset(self.timezones)


def _variants(name: str) -> set[str]:
    """A name as customers type it: folded, without accents, '&' also as 'and'."""
    folded = fold(name).replace("’", "'")
    plain = "".join(c for c in unicodedata.normalize("NFD", folded)
                    if not unicodedata.combining(c))
    names = {folded, plain}
    return names | {n.replace(" & ", " and ") for n in names}


def build_table(overrides: dict[str, Any]) -> CountryTable:
    """The table from Babel's data plus `overrides` ({code: {names, timezone}})."""
    zones = get_global("territory_zones")
    names: dict[str, str] = {}
    timezones: dict[str, str] = {}
    for code in supported_countries():
        spec = overrides.get(code) or {}
        zone = spec.get("timezone") or next(iter(zones.get(code) or ()), None)
        if not ALPHA2.fullmatch(code) or zone is None or code not in Locale("en").territories:
            continue  # no country (EU, Antarctica) or one without a zone of its own
        timezones[code] = zone
        given = [Locale(lang).territories[code] for lang in ("en", "ja")] + spec.get("names", [])
        for name in given:
            names.update(dict.fromkeys(_variants(name), code))
    latin = {n: c for n, c in names.items() if n.isascii()}
    alternation = "|".join(re.escape(n) for n in sorted(latin, key=len, reverse=True))
    return CountryTable(
        ascii_pattern=re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])"),
        ascii_codes=latin,
        other_names=tuple(sorted(((n, c) for n, c in names.items() if not n.isascii()),
                                 key=lambda pair: -len(pair[0]))),
        timezones=timezones,
    )


def find_country(table: CountryTable, text: str) -> str | None:
    """The code of a country named in `text`: an ISO code alone, else the longest name."""
    folded = fold(text)
    code = folded.strip(" .。!").upper()
    if ALPHA2.fullmatch(code) and code in table.timezones:
        return code
    found = [(len(n), c) for n, c in table.other_names if n in folded]
    match = table.ascii_pattern.search(folded)
    if match:
        found.append((len(match.group(0)), table.ascii_codes[match.group(0)]))
    return max(found)[1] if found else None


@lru_cache(maxsize=8)
def country_name(code: str, lang: str) -> str:
    """How the bot names a country to the customer (CLDR), the code when unknown."""
    return str(Locale(lang if lang == "ja" else "en").territories.get(code, code))
