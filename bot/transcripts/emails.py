"""Spelled-out e-mail addresses as written: "dana dot whitfield at northwind dot com"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TABLE = Path(__file__).with_name("lexicon.yml")
PART = r"(?:[a-z0-9](?:\s+[a-z0-9])+|[a-z0-9]+)"  # letters spelled one by one, or a word
LABEL = rf"{PART}(?:\s+[a-z0-9]+)?"  # a domain label may be heard as two words: "north wind"


@dataclass(frozen=True)
class EmailWords:
    """lexicon.yml `email`, compiled."""

    pattern: re.Pattern[str]
    separators: tuple[tuple[re.Pattern[str], str], ...]
    not_local: frozenset[str]
    tlds: frozenset[str]
    digits: dict[str, str]


def _alternatives(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len,
                                                                           reverse=True))


@lru_cache(maxsize=1)
def words() -> EmailWords:
    """The separator words and the pattern of a spelled address."""
    raw = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["email"]
    # Written separators too: speech-to-text often writes "dana.whitfield at northwind.com"
    at, dot = _alternatives(raw["at"]) + "|@", _alternatives(raw["dot"]) + r"|\."
    inner = _alternatives(raw["dot"] + raw["underscore"] + raw["hyphen"]) + r"|[._-]"
    local = rf"{PART}(?:\s*(?:{inner})\s*{PART})*"
    domain = (rf"{LABEL}(?:\s*(?:{dot}|{_alternatives(raw['hyphen'])}|-)\s*{LABEL})*"
              rf"\s*(?:{dot})\s*[a-z]{{2,6}}")
    # ASCII edges: in Japanese the address sits between kana ("メールはtanakaアット...です")
    pattern = re.compile(
        rf"(?<![a-z0-9@.])(?P<local>{local})\s*(?:{at})\s*(?P<domain>{domain})(?![a-z0-9@])",
        re.IGNORECASE)
    separators = tuple(
        (re.compile(rf"\s*(?:{_alternatives(raw[key])})\s*", re.IGNORECASE), char)
        for key, char in (("dot", "."), ("underscore", "_"), ("hyphen", "-"))
    )
    digits = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
              "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
    return EmailWords(pattern, separators, frozenset(raw["not_local"]), frozenset(raw["tlds"]),
                      digits)


def _written(part: str) -> str:
    table = words()
    for pattern, char in table.separators:
        part = pattern.sub(char, part)
    tokens = [table.digits.get(t.lower(), t) for t in part.split()]
    return "".join(tokens).lower()


def _address(match: re.Match[str]) -> str:
    table = words()
    local_words = match.group("local").split()
    # Only the words joined by a spoken separator belong to the address: in "my email is
    # dana at ..." the address starts at "dana".
    local = match.group("local")
    if not any(p.search(local) for p, _ in table.separators) and not all(
            len(w) == 1 for w in local_words):
        lead, local = " ".join(local_words[:-1]), local_words[-1]
    else:
        lead = ""
    domain = _written(match.group("domain"))
    tld = domain.rsplit(".", 1)[-1]
    first = local.split()[0].lower() if local.split() else ""
    if first in table.not_local or (tld not in table.tlds and len(tld) != 2):
        return match.group(0)
    address = f"{_written(local)}@{domain}"
    return f"{lead} {address}" if lead else address


def spoken_emails(text: str) -> str:
    """Addresses said aloud, written as addresses; written ones are left as they are."""
    return words().pattern.sub(_address, text)
