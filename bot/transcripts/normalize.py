"""Spoken text as written text before triage: fillers, repeats, product names, e-mails, numbers.

Every table is data beside this module (fillers.yml, lexicon.yml, numbers.yml); the turns
kept for staff are never changed, only the text handed to the NLU.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.transcripts.emails import spoken_emails
from bot.transcripts.numbers import english_numbers, japanese_numbers, join_id_groups
from bot.transcripts.tables import load_table

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
PAUSE = r"(?:[,、。.!?!?…]|\s|$)"


def language_of(text: str) -> str:
    """"ja" when the text has kana or kanji, else "en" (the NLU's rule, bot/nlu/language.py)."""
    return "ja" if JAPANESE.search(text) else "en"


@dataclass(frozen=True)
class Rules:
    """Compiled tables for one language."""

    fillers: tuple[re.Pattern[str], ...]
    lexicon: re.Pattern[str]  # every heard form, longest first
    written: dict[str, str]  # heard form (lower-case, single spaces) -> written name


def _phrase(heard: str, latin: bool) -> str:
    body = r"[\s.\-]+".join(re.escape(w) for w in heard.split())
    # not after an apostrophe either: "it's three three zero" holds no "s three" (S3)
    return rf"(?<![\w&'’]){body}(?![\w&])" if latin else body


@lru_cache(maxsize=2)
def rules(lang: str) -> Rules:
    """fillers.yml and lexicon.yml for `lang` ("en" or "ja"), compiled once."""
    fillers = load_table("fillers.yml")[lang]
    if lang == "en":
        # ", uh," goes with both commas: "failed, um, twice" -> "failed twice"
        always = [rf",?\s*(?<![\w'])(?:{f})(?![\w'])[,.]?" for f in fillers["always"]]
        set_off = [rf"(?:^|(?<=[,.!?]))\s*(?:{f})\s*,\s*|,\s*(?:{f})(?=\s*[.?!]|$)"
                   for f in fillers["set_off"]]
    else:
        always = [rf"{f}[、,…]*" for f in fillers["always"]]
        set_off = [rf"(?:^|(?<=[、。\s]))(?:{f})(?:[、…]+|\s+)" for f in fillers["set_off"]]
    # set-off fillers first: they are recognised by the commas that `always` removes
    patterns = tuple(re.compile(p, re.IGNORECASE) for p in [*set_off, *always])
    table = load_table("lexicon.yml")
    entries = [(h, e["write"], True) for e in table["en"] for h in e["heard"]]
    if lang == "ja":
        entries += [(h, e["write"], False) for e in table["ja"] for h in e["heard"]]
    entries.sort(key=lambda entry: -len(entry[0]))
    # One alternation, longest first: at any position the longest heard form wins
    lexicon = re.compile("|".join(_phrase(h, latin) for h, _, latin in entries), re.IGNORECASE)
    return Rules(patterns, lexicon, {_heard_key(h): w for h, w, _ in entries})


def _heard_key(said: str) -> str:
    return " ".join(re.split(r"[\s.\-]+", said.lower())).strip()


# "rep- replication" / "we- we": a cut-off word restarted (the fragment begins the next word)
FALSE_START = re.compile(r"\b(\w+)-\s+(?=\1)", re.IGNORECASE)
STUTTER = re.compile(r"\b(\w)(?:-\1)+-(?=\1)", re.IGNORECASE)  # b-b-backup
REPEATED = re.compile(r"\b(\w+(?:\s+\w+){0,2})(?:,?\s+\1\b)+", re.IGNORECASE)
# バッ、バックアップ / 失敗、失敗 / 本番 本番
JA_FALSE_START = re.compile(r"([ァ-ヺー一-龥]{1,3})[、\s]+(?=\1)")
JA_REPEATED = re.compile(r"([ァ-ヺー一-龥]{2,}|[ぁ-ゖ]{3,})(?:[、\s]*\1)+")


def _tidy(text: str, lang: str) -> str:
    if lang == "ja":
        text = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", text)
        text = re.sub(r"[、,]\s*(?=[、。!?])|^[\s、。]+", "", text)
        return re.sub(r"、{2,}", "、", text).strip()
    text = re.sub(r"\s+([,.!?])", r"\1", text)
    text = re.sub(r"([,.!?])[,]+", r"\1", text)
    text = re.sub(r"^[\s,.]+", "", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _gap(match: re.Match[str]) -> str:
    said = match.group(0).strip()
    return ", " if said.startswith(",") and said.endswith(",") else " "


def remove_fillers(text: str, lang: str) -> str:
    """Without fillers and hesitations (um, you know, えーと, あのー ...)."""
    for pattern in rules(lang).fillers:
        # "No, um, one job" keeps a comma: "No one job" would say something else
        text = pattern.sub(_gap if lang == "en" else "", text)
    return _tidy(text, lang)


def remove_repeats(text: str, lang: str) -> str:
    """Without stutters, false starts and words said twice in a row."""
    if lang == "ja":
        text = JA_FALSE_START.sub("", text)
        return JA_REPEATED.sub(r"\1", text)
    text = STUTTER.sub("", FALSE_START.sub("", text))
    return REPEATED.sub(r"\1", text)


def fix_products(text: str, lang: str) -> str:
    """Misheard product and part names as written in the glossary ("beam" -> Veeam)."""
    table = rules(lang)
    return table.lexicon.sub(lambda m: table.written.get(_heard_key(m.group(0)), m.group(0)), text)


def normalize(text: str, lang: str | None = None) -> str:
    """The written form of one spoken turn, for the NLU."""
    lang = lang or language_of(text)
    text = unicodedata.normalize("NFKC", text)
    text = remove_fillers(text, lang)
    text = fix_products(text, lang)
    text = spoken_emails(text)
    text = join_id_groups(japanese_numbers(text) if lang == "ja" else english_numbers(text))
    return _tidy(remove_repeats(text, lang), lang)
