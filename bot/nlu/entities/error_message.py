"""Error messages: quoted text near an error cue, and "Error: ..." lines.

The span excludes the quotes, as in the training data annotations. Unquoted error text in
running English is left to the learned extractor (CRFEntityExtractor).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.nlu.entities import Span
from bot.nlu.resources import load_table

ENTITY = "error_message"
_QUOTED = re.compile(
    r"「([^「」\n]{3,300})」|『([^『』\n]{3,300})』|\"([^\"\n]{3,300})\"|“([^“”\n]{3,300})”"
)
_SENTENCE_END = re.compile(r"[.!?。!?\n]")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    table = load_table("entities")["error_message"]
    cues = re.compile("|".join(table["cues"]), re.IGNORECASE)
    words = re.compile("|".join(table["error_words"]), re.IGNORECASE)
    prefixes = "|".join(table["line_prefixes"])
    line = re.compile(rf"(?:^|\n)\s*(?:{prefixes})\s*[::]\s*(?P<body>[^\n]{{3,300}})", re.IGNORECASE)
    return cues, words, line


def _context(text: str, start: int, end: int) -> str:
    """A few characters on either side of a quote, not crossing a sentence end."""
    before = _SENTENCE_END.split(text[max(0, start - 20) : start])[-1]
    after = _SENTENCE_END.split(text[end : end + 15])[0]
    return f"{before} {after}"


def find(text: str) -> list[Span]:
    """Error messages in normalised text; the value is the error text as written."""
    cues, words, line = _patterns()
    spans = []
    for match in line.finditer(text):
        body = match.group("body").rstrip()
        spans.append(Span(ENTITY, match.start("body"), match.start("body") + len(body), body))
    for match in _QUOTED.finditer(text):
        group = next(i for i in range(1, 5) if match.group(i) is not None)
        start, end = match.start(group), match.end(group)
        inner = text[start:end]
        if words.search(inner) or cues.search(_context(text, match.start(), match.end())):
            span = Span(ENTITY, start, end, inner)
            if not any(span.overlaps(s) for s in spans):
                spans.append(span)
    return spans
