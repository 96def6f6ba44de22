"""Which case fields to ask next and whether an answer is acceptable (no Rasa here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from bot.collect.validators import VALIDATORS, Checked
from bot.nlu.entities.product import find as find_products
from bot.nlu.normalize import fold, normalize
from bot.policy.loader import load_policy

MISSING = "__missing__"  # slot value of a field given up after max_tries failed answers
SKIPPED = "__skipped__"  # slot value of an optional field the customer chose not to give


@dataclass(frozen=True)
class FieldSpec:
    """One case field: how to check it and whether the case may go without it."""

    name: str
    check: str
    optional: bool = False
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FormSpec:
    """The case fields, their order per case type and the retry budget."""

    fields: dict[str, FieldSpec]
    by_case_type: dict[str, tuple[str, ...]]
    max_tries: int
    skip_words: frozenset[str]


@lru_cache(maxsize=1)
def form_spec() -> FormSpec:
    """Load the packaged fields.yml (once per process)."""
    raw = yaml.safe_load(files("bot.collect").joinpath("fields.yml").read_text(encoding="utf-8"))
    fields = {
        name: FieldSpec(
            name=name, check=spec["check"], optional=bool(spec.get("optional", False)),
            options={k: v for k, v in spec.items() if k not in ("check", "optional")},
        )
        for name, spec in raw["fields"].items()
    }
    by_type = {ctype: tuple(names) for ctype, names in raw["by_case_type"].items()}
    unknown = {n for names in by_type.values() for n in names} - set(fields)
    if unknown:
        raise ValueError(f"fields.yml: by_case_type names unknown fields {sorted(unknown)}")
    return FormSpec(fields, by_type, int(raw["max_tries"]),
                    frozenset(w.casefold() for w in raw["skip_words"]))


def fields_for(case_type: str | None) -> tuple[str, ...]:
    """The fields a case of this type needs, in the order they are asked."""
    spec = form_spec()
    return spec.by_case_type.get(case_type or "technical", spec.by_case_type["technical"])


def next_field(case_type: str | None, filled: dict[str, Any]) -> str | None:
    """The first field of the case type that has no value yet (None: the form is done)."""
    return next((name for name in fields_for(case_type) if filled.get(name) is None), None)


def check_answer(name: str, answer: Any, country: str | None = None) -> Checked:
    """Validate the answer to field `name`; optional fields accept a skip word."""
    spec = form_spec()
    fld = spec.fields[name]
    text = str(answer)
    if fld.optional and fold(text).rstrip(".。!") in spec.skip_words:
        return Checked(value=SKIPPED)
    if fld.check == "product":
        return _check_product(text)
    if fld.check == "choice":
        return _check_choice(text, fld)
    options: dict[str, Any] = {"country": country}
    if fld.check == "pattern":
        options.update(pattern=load_policy().formats[fld.options["format"]],
                       error=fld.options["format"])
    if "min_chars" in fld.options:
        options["min_chars"] = fld.options["min_chars"]
    checked = VALIDATORS[fld.check](text, **options)
    return checked if checked.ok or checked.error != "empty" else Checked(error=name)


def _check_product(text: str) -> Checked:
    """The first product the answer names, by canonical name (the NLU's alias table)."""
    found = find_products(normalize(text).text.strip())
    return Checked(value=found[0].value) if found else Checked(error="product")


def _check_choice(text: str, fld: FieldSpec) -> Checked:
    normalised = fold(text)
    for value, words in fld.options["choices"].items():
        if any(word.casefold() in normalised for word in words):
            return Checked(value=value)
    return Checked(error=fld.name)


def count_failure(tries: dict[str, int] | None, name: str) -> tuple[dict[str, int], bool]:
    """Record one more failed answer to `name`; True when the bot should give up on it."""
    updated = {**(tries or {}), name: (tries or {}).get(name, 0) + 1}
    return updated, updated[name] >= form_spec().max_tries
