"""Builders for the other sections of `policy.yml` (products, languages, phones ...)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from bot.policy.reader import PolicyError, field, mapping, no_extra, ref, strings, text
from bot.policy.schema import (
    CaseType,
    FixedSeverity,
    Languages,
    LifecycleState,
    PhoneNumber,
    Product,
    Redirect,
    Region,
    Schedule,
    UsFederal,
)

_COUNTRY = re.compile(r"^[A-Z]{2}$")


def products(items: list[Any], states: Mapping[str, LifecycleState]) -> tuple[Product, ...]:
    """`products:` -> Products; names and aliases must be unique."""
    out: list[Product] = []
    seen: dict[str, str] = {}
    for i, value in enumerate(items):
        path = f"products[{i}]"
        entry = mapping(value, path)
        no_extra(entry, path, ("id", "name", "aliases", "policy", "releases", "support_months",
                               "release_dates"))
        pid = field(entry, path, "id", str)
        names = [pid, field(entry, path, "name", str),
                 *strings(field(entry, path, "aliases", list, []), f"{path}.aliases")]
        for name in names:
            if seen.setdefault(name.casefold(), pid) != pid:
                raise PolicyError("duplicate", f"{path}", f"{name!r} also names {seen[name.casefold()]}",
                                  "give each product its own id, name and aliases")
        releases = mapping(field(entry, path, "releases", dict, {}), f"{path}.releases")
        for prefix, state in releases.items():
            if not isinstance(prefix, str):
                raise PolicyError("wrong-type", f"{path}.releases.{prefix}",
                                  "a version prefix must be text", "quote it, e.g. '12.1': current")
            ref(state, f"{path}.releases.{prefix}", states, "lifecycle state")
        out.append(Product(pid, names[1], tuple(names[2:]),
                           ref(field(entry, path, "policy", str), f"{path}.policy",
                               ("main", "other", "kasten"), "product policy"),  # type: ignore[arg-type]
                           MappingProxyType(dict(releases)),
                           field(entry, path, "support_months", int, None),
                           _release_dates(field(entry, path, "release_dates", dict, {}),
                                          f"{path}.release_dates")))
    return tuple(out)


def _release_dates(node: dict[str, Any], path: str) -> Mapping[str, date]:
    """`release_dates:` {version prefix: ISO date} of a product."""
    dates = mapping(node, path)
    for prefix, day in dates.items():
        if not isinstance(prefix, str) or not isinstance(day, date):
            raise PolicyError("wrong-type", f"{path}.{prefix}", "expected 'VERSION': YYYY-MM-DD",
                              "quote the version and write the date unquoted, e.g. '7.0': 2024-06-18")
    return MappingProxyType(dict(dates))


def languages(node: dict[str, Any], scheds: Mapping[str, Schedule]) -> Languages:
    """`languages:` (§2) -> Languages; a country belongs to at most one region."""
    no_extra(node, "languages", ("section", "hours", "names", "regions"))
    names = {str(code): text(v, f"languages.names.{code}")
             for code, v in field(node, "languages", "names", dict).items()}
    regions: dict[str, Region] = {}
    owner: dict[str, str] = {}
    for rid, value in field(node, "languages", "regions", dict).items():
        path = f"languages.regions.{rid}"
        entry = mapping(value, path)
        no_extra(entry, path, ("name", "languages", "countries"))
        langs = strings(field(entry, path, "languages", list), f"{path}.languages")
        for j, lang in enumerate(langs):
            ref(lang, f"{path}.languages[{j}]", names, "language in languages.names")
        countries = strings(field(entry, path, "countries", list), f"{path}.countries")
        for j, country in enumerate(countries):
            _country(country, f"{path}.countries[{j}]")
            if owner.setdefault(country, rid) != rid:
                raise PolicyError("duplicate", f"{path}.countries[{j}]",
                                  f"{country} is also in region {owner[country]}",
                                  "list each country in one region only")
        regions[str(rid)] = Region(str(rid), text(field(entry, path, "name", dict), f"{path}.name"),
                                   tuple(langs), frozenset(countries))
    hours = scheds[ref(field(node, "languages", "hours", str), "languages.hours", scheds,
                       "schedule")]
    return Languages(field(node, "languages", "section", str), hours,
                     MappingProxyType(names), MappingProxyType(regions))


def phones(node: dict[str, Any]) -> tuple[PhoneNumber, ...]:
    """`phones:` (§12.3) -> PhoneNumbers in file order."""
    no_extra(node, "phones", ("section", "numbers"))
    field(node, "phones", "section", str)
    out = []
    for i, value in enumerate(field(node, "phones", "numbers", list)):
        path = f"phones.numbers[{i}]"
        entry = mapping(value, path)
        no_extra(entry, path, ("country", "name", "number", "kind"))
        out.append(PhoneNumber(
            _country(field(entry, path, "country", str), f"{path}.country"),
            text(field(entry, path, "name", dict), f"{path}.name"),
            _number(field(entry, path, "number", str), f"{path}.number"),
            ref(field(entry, path, "kind", str), f"{path}.kind",
                ("direct", "toll_free", "toll_free_domestic"), "phone kind")))  # type: ignore[arg-type]
    return tuple(out)


def us_federal(node: dict[str, Any], scheds: Mapping[str, Schedule]) -> UsFederal:
    """`us_federal:` (§11)."""
    no_extra(node, "us_federal", ("section", "name", "number", "schedule"))
    phone = PhoneNumber("US", text(field(node, "us_federal", "name", dict), "us_federal.name"),
                        _number(field(node, "us_federal", "number", str), "us_federal.number"),
                        "direct")
    return UsFederal(field(node, "us_federal", "section", str), phone,
                     scheds[ref(field(node, "us_federal", "schedule", str), "us_federal.schedule",
                                scheds, "schedule")])


def case_types(node: dict[str, Any]) -> dict[str, CaseType]:
    """`case_types:` -> CaseType by id."""
    out = {}
    for cid, value in node.items():
        path = f"case_types.{cid}"
        entry = mapping(value, path)
        no_extra(entry, path, ("name", "section", "sla", "phone", "case", "severity"))
        fixed = field(entry, path, "severity", dict, None)
        out[str(cid)] = CaseType(str(cid), text(field(entry, path, "name", dict), f"{path}.name"),
                                 field(entry, path, "section", str),
                                 field(entry, path, "sla", bool), field(entry, path, "phone", bool),
                                 field(entry, path, "case", bool),
                                 None if fixed is None else _fixed_severity(fixed,
                                                                            f"{path}.severity"))
    return out


def _fixed_severity(node: dict[str, Any], path: str) -> FixedSeverity:
    """`severity: {level: 4, en: ..., ja: ...}` of a case type."""
    no_extra(node, path, ("level", "en", "ja"))
    level = field(node, path, "level", int)
    if level not in (1, 2, 3, 4):
        raise PolicyError("bad-value", f"{path}.level", f"severity {level} is not 1-4",
                          "write 1, 2, 3 or 4")
    return FixedSeverity(level, text({k: v for k, v in node.items() if k != "level"}, path))


def redirects(node: dict[str, Any]) -> dict[str, Redirect]:
    """`redirects:` -> Redirect by id."""
    out = {}
    for rid, value in node.items():
        path = f"redirects.{rid}"
        entry = mapping(value, path)
        no_extra(entry, path, ("section", "destination"))
        out[str(rid)] = Redirect(str(rid), field(entry, path, "section", str),
                                 field(entry, path, "destination", str))
    return out


def _country(value: str, path: str) -> str:
    if not _COUNTRY.match(value):
        raise PolicyError("bad-value", path, f"{value!r} is not a country code",
                          'use an upper-case ISO 3166 alpha-2 code such as JP (quote "NO")')
    return value


def _number(value: str, path: str) -> str:
    if not re.fullmatch(r"\+?[0-9][0-9 ]*[0-9]", value):
        raise PolicyError("bad-value", path, f"{value!r} is not a phone number",
                          'write digits and spaces, optionally starting with +, e.g. "+1 240 399 50 82"')
    return value
