"""Spelled-out e-mail addresses as written: "dana dot whitfield at northwind dot com"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from bot.transcripts.tables import load_table

SPELLED = r"[a-z0-9](?:\s+[a-z0-9])+"  # letters said one by one: "d a n a"
PART = rf"(?:{SPELLED}|[a-z0-9]+)"
LABEL = rf"{PART}(?:\s+[a-z0-9]+)?"  # a domain label may be heard as two words: "north wind"
GAP = r"[\s,、]*"  # speech-to-text puts pauses (commas) around the separator words
# A written dot; one followed by a space ends a sentence ("no copy at all. we're on 12.2").
WRITTEN_DOT = r"\.(?!\s)"
HYPHEN_LETTERS = re.compile(r"(?<![\w-])[a-z](?:-[a-z]){2,}(?![\w-])", re.IGNORECASE)  # d-a-n-a
KATAKANA = re.compile(r"[ァ-ヺー]+")
SEPARATOR_CHARS = {"at": "@", "dot": ".", "underscore": "_", "hyphen": "-"}
SEPARATOR_NEAR = re.compile(r"アット|ドット|アンダー|ハイフン|ピリオド|@|(?<=[a-z0-9])\.(?=[a-z0-9])",
                            re.IGNORECASE)
# A word followed by its spelling: "kowalczyk, k o w a l c z y k, at ..."
SPELLED_AGAIN = re.compile(r"\b([a-z]{2,})[\s,]+([a-z](?:[\s,]+[a-z])+)\b", re.IGNORECASE)
# A Latin word followed by its reading in katakana before a separator: "sysadmin、エス ワイ
# エス アドミン、アットマーク" (the katakana says the word again; the Latin one is written).
READ_AGAIN = re.compile(r"(?<![a-z0-9])([a-z0-9]+)([、,\s]+)([ァ-ヺー]+)", re.IGNORECASE)


@dataclass(frozen=True)
class EmailWords:
    """lexicon.yml `email`, compiled."""

    pattern: re.Pattern[str]
    separators: tuple[tuple[re.Pattern[str], str], ...]
    not_local: frozenset[str]
    tlds: frozenset[str]
    digits: dict[str, str]
    kana: dict[str, str]  # katakana letter names, domain words and separators -> Latin
    letters: frozenset[str]  # the katakana letter names among them
    separators_ja: re.Pattern[str]  # the katakana separator words
    romaji: dict[str, str]  # katakana -> passport Hepburn
    long_vowels: dict[str, str]


def _alternatives(words: list[str]) -> str:
    def one(word: str) -> str:
        body = r"\s+".join(map(re.escape, word.split()))
        # A Latin word only as a whole word: "isolated" and "minato" hold no "at".
        return rf"(?<![a-z0-9]){body}(?![a-z0-9])" if word.isascii() else body

    return "|".join(one(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def words() -> EmailWords:
    """The separator words and the pattern of a spelled address."""
    raw = load_table("lexicon.yml")["email"]
    # Written separators too: speech-to-text often writes "dana.whitfield at northwind.com"
    at, dot = _alternatives(raw["at"]) + "|@", _alternatives(raw["dot"]) + f"|{WRITTEN_DOT}"
    inner = _alternatives(raw["dot"] + raw["underscore"] + raw["hyphen"]) + f"|[_-]|{WRITTEN_DOT}"
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
    separators_ja = {w: SEPARATOR_CHARS[key] for key in SEPARATOR_CHARS for w in raw[key]
                     if KATAKANA.fullmatch(w)}
    kana.update(separators_ja)
    return EmailWords(pattern, separators, frozenset(raw["not_local"]), frozenset(raw["tlds"]),
                      digits, kana, frozenset(raw["letters_ja"]), re.compile(_alternatives(list(separators_ja))),
                      raw["romaji_ja"], raw["long_vowels_ja"])


def _written(part: str) -> str:
    table = words()
    for pattern, char in table.separators:
        part = pattern.sub(char, part)
    tokens = [table.digits.get(t.lower(), t) for t in part.replace(",", " ").split()]
    return "".join(tokens).lower()


def _address(match: re.Match[str]) -> str | None:
    """The address the match says, or None when it is not one."""
    table = words()
    local = match.group("local")
    local_words = local.split()
    spelled = re.fullmatch(SPELLED, local, re.IGNORECASE) is not None
    # Only the words joined by a spoken separator belong to the address: in "my email is
    # dana at ..." the address starts at "dana".
    lead = ""
    single = not spelled and not any(p.search(local) for p, _ in table.separators) \
        and not re.search(r"[._-]", local)
    if single:
        lead, local = " ".join(local_words[:-1]), local_words[-1]
    domain = _written(match.group("domain"))
    tld = domain.rsplit(".", 1)[-1]
    # "it dash ops at ..." is an address: a word of `not_local` only stops a one-word local
    if (single and local.lower() in table.not_local) or (
            tld not in table.tlds and len(tld) != 2):
        return None
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


def _romaji(kana: str) -> str | None:
    """A katakana name in passport Hepburn (サイトウ -> saito); None when it is not all kana."""
    table = words()
    names = sorted(table.romaji, key=len, reverse=True)
    out, index, double = "", 0, False
    while index < len(kana):
        if kana[index] in "ッー":
            double = double or kana[index] == "ッ"
            index += 1
            continue
        found = next((n for n in names if kana.startswith(n, index)), None)
        if found is None:
            return None
        syllable = table.romaji[found]
        if double:  # ッ: the next consonant twice (ハットリ -> hattori, マッチ -> matchi)
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            double = False
        out += syllable
        index += len(found)
    for long, short in table.long_vowels.items():
        out = out.replace(long, short)
    return out or None


def _touches_separator(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether a separator word (or @) stands right before / right after text[start:end]."""
    seps = words().separators_ja.pattern
    before = re.search(rf"(?:{seps}|@)[、,\s]*$", text[max(0, start - 12):start])
    after = re.match(rf"[、,\s]*(?:{seps}|@)", text[end:end + 12])
    return before is not None, after is not None


def _kana_word(text: str, match: re.Match[str]) -> str:
    """One katakana word of an address in Latin: letter names, separators, names in romaji."""
    word, table = match.group(0), words()
    pieces = [p for p in re.split(f"({table.separators_ja.pattern})", word) if p]
    seps = [bool(table.separators_ja.fullmatch(p)) for p in pieces]
    if all(seps):
        return word  # a separator word alone is read by the address pattern
    before, after = _touches_separator(text, match.start(), match.end())
    near = SEPARATOR_NEAR.search(text[max(0, match.start() - 16):match.end() + 16])
    out = []
    for i, piece in enumerate(pieces):
        if seps[i]:
            out.append(table.kana[piece])
            continue
        letters = _kana_latin(piece)
        # A name (オガワ) only right next to a separator; letter names (ディー エー) nearby.
        touching = (i > 0 and seps[i - 1]) or (i + 1 < len(seps) and seps[i + 1]) \
            or (i == 0 and before) or (i == len(pieces) - 1 and after)
        latin = letters if letters is not None and near else _romaji(piece) if touching else None
        if latin is None:
            return word
        out.append(latin)
    # アットホーム: a word starting or ending in a separator needs the address around it
    if (seps[0] and not re.search(r"[a-z0-9][、,\s]*$", text[:match.start()], re.IGNORECASE)) \
            or (seps[-1] and not after and not re.match(r"[、,\s]*[a-z0-9ァ-ヺ]",
                                                           text[match.end():], re.IGNORECASE)):
        return word
    return "".join(out)


Span = tuple[int, int, str]  # start, end in the converted text, the katakana it replaced


def _katakana_spelling(text: str) -> tuple[str, list[Span]]:
    """Katakana letter names and names within reach of a separator (アット, ドット, @ ...) as Latin.

    Also returns where each converted word now stands, so that one no address takes in
    gets its katakana back (サーバー next to a stray アットマーク is no name).
    """
    out, spans, last, length = [], [], 0, 0
    for match in KATAKANA.finditer(text):
        latin = _kana_word(text, match)
        if latin == match.group(0):
            continue
        out.append(text[last:match.start()])
        length += match.start() - last
        spans.append((length, length + len(latin), match.group(0)))
        out.append(latin)
        length += len(latin)
        last = match.end()
    return "".join(out) + text[last:], spans


def _restored(text: str, start: int, end: int, spans: list[Span]) -> str:
    """text[start:end] with the converted words wholly inside it given back their katakana."""
    out, pos = [], start
    for lo, hi, kana in spans:
        if lo >= start and hi <= end:
            out.append(text[pos:lo] + kana)
            pos = hi
    return "".join(out) + text[pos:end]


def _replace_addresses(text: str, spans: list[Span]) -> str:
    """Each spelled address written; a span that is no address is passed over word by word."""
    pattern, out, last, pos = words().pattern, [], 0, 0
    while (match := pattern.search(text, pos)) is not None:
        address = _address(match)
        if address is None:
            # "email me at p dot grant at oakmere dot example": retry from the next word
            pos = match.start() + 1
            continue
        out.append(_restored(text, last, match.start(), spans) + address)
        last = pos = match.end()
    return "".join(out) + _restored(text, last, len(text), spans)


def _unspell(match: re.Match[str]) -> str:
    letters = re.sub(r"[\s,]", "", match.group(2))
    return match.group(1) if letters.lower() == match.group(1).lower() else match.group(0)


def _skeleton(latin: str) -> str:
    """Consonants without repeats: katakana adds vowels to a word (admin = アドミン = adomin)."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiou]", "", latin.lower()))


def _reads_as(kana: str, latin: str) -> bool:
    """Whether `kana` says `latin`, as letter names, syllables or a mix (エスワイエスアドミン)."""
    table = words()
    pieces = {**{k: v for k, v in table.kana.items() if k in table.letters},
              **table.romaji}
    target = _skeleton(latin)

    @cache
    def read(pos: int, done: int) -> bool:
        if pos == len(kana):
            return done == len(target)
        if kana[pos] in "ッー":
            return read(pos + 1, done)
        for name, said in pieces.items():
            if kana.startswith(name, pos):
                sound = _skeleton(said)
                if target.startswith(sound, done) and read(pos + len(name), done + len(sound)):
                    return True
        return False

    return bool(target) and read(0, 0)


def _unread(match: re.Match[str]) -> str:
    """"sysadmin、エスワイエスアドミン、アットマーク" without the katakana reading of the word."""
    seps = words().separators_ja
    word, kana = match.group(1), match.group(3)
    first = seps.search(kana)
    if first is not None:  # the reading runs into the separator: エスアドミンアットマーク
        reading, rest = kana[:first.start()], kana[first.start():]
    elif re.match(rf"[、,\s]*(?:{seps.pattern}|@)", match.string[match.end():]):
        reading, rest = kana, ""
    else:
        return match.group(0)
    return word + rest if reading and _reads_as(reading, word) else match.group(0)


def spoken_emails(text: str) -> str:
    """Addresses said aloud, written as addresses; written ones are left as they are."""
    text = HYPHEN_LETTERS.sub(lambda m: m.group(0).replace("-", ""), text)
    text = SPELLED_AGAIN.sub(_unspell, text)
    text = READ_AGAIN.sub(_unread, text)
    return _replace_addresses(*_katakana_spelling(text))
