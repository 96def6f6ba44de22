"""Spoken numbers to digits, English and Japanese, from the tables in numbers.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from bot.transcripts.tables import load_table

# Digit strings read one digit at a time are wrapped in these marks until adjacent ones are
# joined ("zero one two three, four five six seven" is one ID: 01234567).
OPEN, CLOSE = "\x1e", "\x1f"
ADJACENT = re.compile(f"{CLOSE}[\\s,、・-]*{OPEN}")
KATAKANA_WORD = re.compile(r"[ァ-ヺー]+")


@dataclass(frozen=True)
class EnglishTable:
    """numbers.yml `en`: word -> value, by kind."""

    digits: dict[str, int]
    counts: dict[str, int]  # teens and tens
    scales: dict[str, int]
    repeat: dict[str, int]
    point: frozenset[str]
    edge_zero: frozenset[str]
    cues: frozenset[str]
    run: re.Pattern[str]
    lone: re.Pattern[str]


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    return dict(load_table("numbers.yml"))


@lru_cache(maxsize=1)
def english() -> EnglishTable:
    """The English table and the patterns built from it."""
    raw = _raw()["en"]
    counts = {**raw["teens"], **raw["tens"]}
    words = sorted({*raw["digits"], *counts, *raw["scales"], *raw["repeat"]}, key=len,
                   reverse=True)
    word = "|".join(words)
    point = "|".join(raw["point"])
    number = rf"(?:{word})"
    return EnglishTable(
        digits=raw["digits"], counts=counts, scales=raw["scales"], repeat=raw["repeat"],
        point=frozenset(raw["point"]), edge_zero=frozenset(raw["zero_only_inside"]),
        cues=frozenset(raw["cues"]),
        run=re.compile(rf"\b{number}(?:(?:\s+|-)(?:(?:{point})\s+)?{number})+\b", re.IGNORECASE),
        lone=re.compile(rf"\b({'|'.join(raw['cues'])})(\s+)({word})\b", re.IGNORECASE),
    )


def _groups(words: list[str], table: EnglishTable) -> list[tuple[str, bool]]:
    """Integer groups of a run without points: (digits, read digit by digit).

    "zero one two" is one group read digit by digit; "two thousand five hundred" one value;
    "two thirty" two groups (2, 30), as a listener would write them.
    """
    groups: list[tuple[str, bool]] = []
    mode, seq, total, current, times = "", "", 0, 0, 1

    def flush() -> None:
        if mode == "digits":
            groups.append((seq, True))
        elif mode == "count":
            groups.append((str(total + current), False))

    for word in words:
        if word in table.repeat:
            times = table.repeat[word]
            continue
        open_tens = mode == "count" and current % 10 == 0 and (current % 100 >= 20 or current % 100 == 0)
        if word in table.digits:
            digit = table.digits[word]
            if open_tens and times == 1:
                current += digit
            elif mode == "digits":
                seq += str(digit) * times
            else:
                flush()
                mode, seq = "digits", str(digit) * times
        elif word in table.counts:
            if mode == "count" and current % 100 == 0:
                current += table.counts[word]
            else:
                flush()
                mode, total, current = "count", 0, table.counts[word]
        else:
            scale = table.scales[word]
            if mode == "digits" and len(seq) == 1:
                mode, total, current = "count", 0, int(seq)
            elif mode != "count":
                flush()
                mode, total, current = "count", 0, 1
            if scale >= 1000:
                total, current = (total + current) * scale, 0
            else:
                current = (current or 1) * scale
        times = 1
    flush()
    return groups


def _english_run(match: re.Match[str]) -> str:
    table = english()
    words = [w.lower() for w in re.split(r"[\s-]+", match.group(0))]
    lead = tail = ""
    # "oh" at the edge of a short run is the interjection ("oh, two jobs"); in an ID
    # ("oh four two one nine ...") it is a zero.
    if len([w for w in words if w not in table.edge_zero]) < 3:
        while words and words[0] in table.edge_zero:
            lead += words.pop(0) + " "
        while words and words[-1] in table.edge_zero:
            tail = " " + words.pop() + tail
    if len(words) < 2:
        return match.group(0)
    parts: list[list[str]] = [[]]
    for word in words:
        if word in table.point:
            parts.append([])
        else:
            parts[-1].append(word)
    pieces = []
    for index, part in enumerate(parts):
        groups = _groups(part, table)
        if index == 0:
            pieces.append(" ".join(_mark(g) for g in groups))
        else:  # after a point: "point one seven two" -> .172
            pieces.append("".join(g for g, _ in groups))
    return lead + ".".join(pieces) + tail


def _mark(group: tuple[str, bool]) -> str:
    digits, one_by_one = group
    return f"{OPEN}{digits}{CLOSE}" if one_by_one and len(digits) > 1 else digits


def _english_lone(match: re.Match[str]) -> str:
    table = english()
    word = match.group(3).lower()
    value = table.digits.get(word, table.counts.get(word, table.scales.get(word)))
    if value is None or word in table.edge_zero:
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}{value}"


def english_numbers(text: str) -> str:
    """Runs of English number words as digits: "zero one two" -> 012, "twelve point one" -> 12.1."""
    text = english().run.sub(_english_run, text)
    text = english().lone.sub(_english_lone, text)
    return ADJACENT.sub("", text).replace(OPEN, "").replace(CLOSE, "")


@lru_cache(maxsize=1)
def _japanese() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str], int]:
    raw = _raw()["ja"]
    kana = {str(k): str(v) for k, v in raw["kana"].items()}
    # A run starts in hiragana and may go on in katakana (じゅうにてんゼロ); katakana-only
    # words are read whole by KATAKANA_WORD.
    hiragana = sorted((k for k in kana if re.match(r"[ぁ-ゖ]", k)), key=len, reverse=True)
    readings = sorted(kana, key=len, reverse=True)
    run = rf"(?:{'|'.join(hiragana)})"
    more = rf"(?:{'|'.join(readings)})"
    hira_run = re.compile(rf"(?<![ァ-ヺー]){run}{more}+(?![ァ-ヺー])")
    chars = "".join([*raw["kanji_digits"], *raw["kanji_scales"], raw["point"]])
    return kana, hira_run, re.compile(f"[{chars}]+"), int(raw["min_hiragana_run"])


def _kana_to_kanji(word: str, kana: dict[str, str]) -> str | None:
    """A word made wholly of digit readings, as kanji numerals; None otherwise.

    Longest readings first, backing off when the rest cannot be read: じゅうにーてん is
    じゅう + にー + てん, not じゅうに + ー….
    """
    readings = sorted(kana, key=len, reverse=True)

    @cache
    def read(start: int) -> tuple[str, ...] | None:
        if start == len(word):
            return ()
        for reading in readings:
            if word.startswith(reading, start):
                rest = read(start + len(reading))
                if rest is not None:
                    return (kana[reading], *rest)
        return None

    out = read(0)
    return "".join(out) if out is not None and len(out) >= 2 else None


def kanji_number(run: str, min_digits: int = 3) -> str | None:
    """十二点一 -> 12.1, 〇一二三 -> 0123 (marked for joining); None when it is not a number.

    Numerals without 十百千 need `min_digits` (二三日 is "two or three days").
    """
    raw = _raw()["ja"]
    digits, scales = raw["kanji_digits"], raw["kanji_scales"]
    run = run.strip(raw["point"])
    if len(run) < 2:
        return None
    parts = []
    for part in run.split(raw["point"]):
        if not part:
            return None
        if not any(c in scales for c in part):
            parts.append("".join(str(digits[c]) for c in part))
            continue
        total, digit = 0, None
        for char in part:
            if char in scales:
                total += (1 if digit is None else digit) * scales[char]
                digit = None
            elif digit is not None:  # 二三十: not a number
                return None
            else:
                digit = digits[char]
        parts.append(str(total + (digit or 0)))
    if len(parts) == 1 and not any(c in scales for c in run):
        return f"{OPEN}{parts[0]}{CLOSE}" if len(run) >= min_digits else None
    return ".".join(parts)


def japanese_numbers(text: str) -> str:
    """Japanese spoken digits and kanji numerals as digits: ゼロイチニーサン -> 0123, 十二点一 -> 12.1."""
    kana, hira_run, kanji_run, min_run = _japanese()

    def katakana(match: re.Match[str]) -> str:
        kanji = _kana_to_kanji(match.group(0), kana)
        return (kanji_number(kanji, min_digits=2) if kanji else None) or match.group(0)

    def hiragana(match: re.Match[str]) -> str:
        kanji = _kana_to_kanji(match.group(0), kana)
        # Counted in numerals, not readings: じゅうにてんに (十二点二) is a number, いちいち
        # ("one by one") is not.
        if kanji is None or len(kanji) < min_run:
            return match.group(0)
        return kanji_number(kanji) or match.group(0)

    text = KATAKANA_WORD.sub(katakana, text)
    text = hira_run.sub(hiragana, text)
    text = kanji_run.sub(lambda m: kanji_number(m.group(0)) or m.group(0), text)
    text = re.sub(r"(?<=\d)点(?=\d)", ".", text)
    return ADJACENT.sub("", text).replace(OPEN, "").replace(CLOSE, "")


@lru_cache(maxsize=1)
def _id_groups() -> re.Pattern[str]:
    cues = "|".join(_raw()["id_cues"])
    return re.compile(rf"((?:{cues})[^\d\n]{{0,12}}?)(\d{{2,4}}(?:[ \-]\d{{2,4}}){{1,3}})(?!\d|\.\d)",
                      re.IGNORECASE)


def join_id_groups(text: str) -> str:
    """Digit groups after an ID cue as one ID: "support ID 0123 4567" -> "support ID 01234567"."""
    return _id_groups().sub(lambda m: m.group(1) + re.sub(r"[ \-]", "", m.group(2)), text)
