"""Product names from the glossary aliases in products.yml, returned by canonical name."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.nlu.entities import Span
from bot.nlu.resources import load_table

ENTITY = "product"


def _bounded(alias: str) -> str:
    # Latin aliases need word edges ("VAL" must not match "VALUE"); an alias ending in a
    # letter may be followed by digits, so "VBR12" yields the product and leaves "12".
    # Katakana aliases must not sit inside a longer katakana word (ワン in ワンクリック).
    body = re.escape(alias)
    before = r"(?<![A-Za-z0-9])" if alias[0].isascii() else r"(?<![ァ-ヿ])"
    if not alias[-1].isascii():
        after = r"(?![ァ-ヿ])"
    elif alias[-1].isdigit():
        after = r"(?![A-Za-z0-9])"
    else:
        after = r"(?![A-Za-z])"
    return before + body + after


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """alias (lower-cased unless case-sensitive) -> canonical name from the policy."""
    from bot.policy.loader import load_policy

    extra = load_table("products")
    exact = set(extra.get("case_sensitive", []))
    table: dict[str, str] = {}
    for product in load_policy().products:
        names = (product.name, *product.aliases, *extra["extra_aliases"].get(product.id, []))
        for alias in names:
            table[alias if alias in exact else alias.lower()] = product.name
    return table


@lru_cache(maxsize=1)
def alias_pattern() -> re.Pattern[str]:
    """One regex for every alias, longest first so "Veeam ONE" beats "Veeam"."""
    exact = set(load_table("products").get("case_sensitive", []))
    parts = [
        _bounded(alias) if alias in exact else f"(?i:{_bounded(alias)})"
        for alias in sorted(_aliases(), key=len, reverse=True)
    ]
    return re.compile("|".join(parts))


def find(text: str) -> list[Span]:
    """All product mentions in normalised text."""
    table = _aliases()
    spans = []
    for match in alias_pattern().finditer(text):
        alias = match.group(0)
        name = table.get(alias) or table[alias.lower()]
        spans.append(Span(ENTITY, match.start(), match.end(), name))
    return spans
