"""Validation of the answers a customer gives while a case is collected.

Each validator takes the raw answer (full-width input allowed: it is NFKC-normalised first)
and returns a `Checked` value: the cleaned value to store, or an error code that the
conversation turns into a message in the customer's language (`utter_invalid_<code>`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from bot.nlu.normalize import normalize


@dataclass(frozen=True)
class Checked:
    """A validated answer: `value` when valid, else `error` (a code such as "email")."""

    value: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _half_width(text: str) -> str:
    """NFKC (full-width digits, letters and symbols to half-width) and trimmed."""
    return normalize(text).text.strip()


def check_email(text: str, **_: object) -> Checked:
    """E-mail syntax only: no DNS or network look-up."""
    try:
        result = validate_email(_half_width(text), check_deliverability=False)
    except EmailNotValidError:
        return Checked(error="email")
    return Checked(value=result.normalized)


def check_phone(text: str, *, country: str | None = None, **_: object) -> Checked:
    """A phone number valid for the customer's country (or given in +international form),
    returned in E.164 form."""
    raw = _half_width(text).replace("ー", "-")  # long-vowel mark typed for a dash
    try:
        number = phonenumbers.parse(raw, (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        return Checked(error="phone")
    if not phonenumbers.is_valid_number(number):
        return Checked(error="phone")
    return Checked(value=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def check_pattern(text: str, *, pattern: str, error: str, **_: object) -> Checked:
    """A value that must match a format from the policy file (support ID, case number)."""
    value = re.sub(r"[\s-]", "", _half_width(text))
    return Checked(value=value) if re.fullmatch(pattern, value) else Checked(error=error)


def check_text(text: str, *, min_chars: int = 1, **_: object) -> Checked:
    """Free text: anything with at least `min_chars` visible characters."""
    value = text.strip()
    return Checked(value=value) if len(value) >= min_chars else Checked(error="empty")


def check_name(text: str, **_: object) -> Checked:
    """A person's name: a few words with letters, not a country, number or address."""
    value = text.strip()
    folded = unicodedata.normalize("NFKC", value).casefold()
    if not value or not any(c.isalpha() for c in value) or len(value) > 80:
        return Checked(error="name")
    if "@" in value or folded in _place_names():
        return Checked(error="name")
    return Checked(value=value)


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Country and region names in English and Japanese (Babel's CLDR data), casefolded:
    a customer who answers the name question with one answered another question. A name
    that is also a country ("Jordan") is asked again, and the customer's full name passes."""
    from babel import Locale

    names = {*Locale("en").territories.values(), *Locale("ja").territories.values(),
             "usa", "uk", "america", "アメリカ", "イギリス"}
    return frozenset(unicodedata.normalize("NFKC", n).casefold() for n in names)


VERSION = re.compile(r"v?(\d+(?:\.\d+){0,3})", re.IGNORECASE)


def check_version(text: str, **_: object) -> Checked:
    """A release or build number such as 12, v12.1 or 12.1.2.172."""
    found = VERSION.search(_half_width(text))
    return Checked(value=found.group(1)) if found else Checked(error="version")


VALIDATORS: dict[str, Callable[..., Checked]] = {
    "email": check_email,
    "phone": check_phone,
    "pattern": check_pattern,
    "text": check_text,
    "name": check_name,
    "version": check_version,
}
