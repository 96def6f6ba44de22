"""Spelled-out e-mail addresses as written: "dana dot whitfield at northwind dot com"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.transcripts.tables import load_table

SPELLED = r"[a-z0-9](?:\s+[a-z0-9])+"  # letters said one by one: "d a n a"
PART = rf"(?:{SPELLED}|[a-z0-9]+)"
LABEL = rf"{PART}(?:\s+[a-z0-9]+)?"  # a domain label may be heard as two words: "north wind"
GAP = r"[\s,、]*"  # speech-to-text puts pauses (commas) around the separator words
HYPHEN_LETTERS = re.compile(r"(?<![\w-])[a-z](?:-[a-z]){2,}(?![\w-])", re.IGNORECASE)  # d-a-n-a
KATAKANA = re.compile(r"[ァ-ヺー]+")
SEPARATOR_CHARS = {"at": "@", "dot": ".", "underscore": "_", "hyphen": "-"}
SEPARATOR_NEAR = re.compile(r"アット|ドット|アンダー|ハイフン|ピリオド|@|(?<=[a-z0-9])\.(?=[a-z0-9])",
                            re.IGNORECASE)


@dataclass(frozen=True)
class EmailWords:
    """lexicon.yml `email`, compiled."""

    pattern: re.Pattern[str]
    separators: tuple[tuple[re.Pattern[str], str], ...]
    not_local: frozenset[str]
    tlds: frozenset[str]
    digits: dict[str, str]
    kana: dict[str, str]  # katakana letter names, domain words and separators -> Latin


def _alternatives(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split()))
                    for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def words() -> EmailWords:
    """The separator words and the pattern of a spelled address."""
    raw = load_table("lexicon.yml")["email"]
    # Written separators too: speech-to-text often writes "dana.whitfield at northwind.com"
    at, dot = _alternatives(raw["at"]) + "|@", _alternatives(raw["dot"]) + r"|\."
    inner = _alternatives(raw["dot"] + raw["underscore"] + raw["hyphen"]) + r"|[._-]"
    local = rf"{PART}(?:{GAP}(?:{inner}){GAP}{PART})*"
    domain = (rf"{LABEL}(?:{GAP}(?:{dot}|{_alternatives(raw['hyphen'])}|-){GAP}{LABEL})*"
              rf"{GAP}(?:{dot}){GAP}(?:{SPELLED}|[a-z]{{2,24}})")
    # ASCII edges: in Japanese the address sits between kana ("メールはtanakaアット...です")
    pattern = re.compile(
        rf"(?<![a-z0-9@.'’])(?P<local>{local}){GAP}(?:{at}){GAP}(?P<domain>{domain})(?![a-z0-9@])",
        re.IGNORECASE)
    separators = tuple(
        (re.compile(rf"{GAP}(?:{_alternatives(raw[key])}){GAP}", re.IGNORECASE), char)
        for key, char in (("dot", "."), ("underscore", "_"), ("hyphen", "-"))
    )
    digits = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
              "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
    kana = {**raw["letters_ja"], **raw["words_ja"]}
    kana.update({w: SEPARATOR_CHARS[key] for key in SEPARATOR_CHARS for w in raw[key]
                 if KATAKANA.fullmatch(w)})
    return EmailWords(pattern, separators, frozenset(raw["not_local"]), frozenset(raw["tlds"]),
                      digits, kana)


def _written(part: str) -> str:
    table = words()
    for pattern, char in table.separators:
        part = pattern.sub(char, part)
    tokens = [table.digits.get(t.lower(), t) for t in part.replace(",", " ").split()]
    return "".join(tokens).lower()


def _address(match: re.Match[str]) -> str:
    table = words()
    local = match.group("local")
    local_words = local.split()
    spelled = re.fullmatch(SPELLED, local, re.IGNORECASE) is not None
    # Only the words joined by a spoken separator belong to the address: in "my email is
    # dana at ..." the address starts at "dana".
    lead = ""
    if not spelled and not any(p.search(local) for p, _ in table.separators) \
            and not re.search(r"[._-]", local):
        lead, local = " ".join(local_words[:-1]), local_words[-1]
    domain = _written(match.group("domain"))
    tld = domain.rsplit(".", 1)[-1]
    if (not spelled and local.split()[0].lower() in table.not_local) or (
            tld not in table.tlds and len(tld) != 2):
        return match.group(0)
    address = f"{_written(local)}@{domain}"
    return f"{lead} {address}" if lead else address


def _kana_latin(word: str) -> str | None:
    """A katakana word made wholly of letter names, domain words and separators, in Latin."""
    table = words().kana
    names = sorted(table, key=len, reverse=True)
    out, rest = [], word
    while rest:
        found = next((n for n in names if rest.startswith(n)), None)
        if found is None:
            return None
        out.append(table[found])
        rest = rest[len(found):]
    return "".join(out)


def _katakana_spelling(text: str) -> str:
    """Katakana letter names within reach of a separator (アット, ドット, @ ...) as Latin."""
    def latin(match: re.Match[str]) -> str:
        converted = _kana_latin(match.group(0))
        if converted is None or not re.search(r"[a-z]", converted):
            return match.group(0)
        around = text[max(0, match.start() - 16):match.end() + 16]
        near = SEPARATOR_NEAR.search(around) or re.search(r"[@._-]", converted)
        return converted if near else match.group(0)

    return KATAKANA.sub(latin, text)


def spoken_emails(text: str) -> str:
    """Addresses said aloud, written as addresses; written ones are left as they are."""
    text = HYPHEN_LETTERS.sub(lambda m: m.group(0).replace("-", ""), text)
    text = _katakana_spelling(text)
    return words().pattern.sub(_address, text)
