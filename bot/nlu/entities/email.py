"""E-mail addresses: a permissive pattern, then email-validator's syntax check."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

from bot.nlu.entities import Span

ENTITY = "email"
_CANDIDATE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


def find(text: str) -> list[Span]:
    """Syntactically valid addresses; the value is email-validator's normalised form."""
    spans = []
    for match in _CANDIDATE.finditer(text):
        candidate = match.group(0).rstrip(".-")
        try:
            valid = validate_email(candidate, check_deliverability=False)
        except EmailNotValidError:
            continue
        start = match.start()
        spans.append(Span(ENTITY, start, start + len(candidate), valid.normalized))
    return spans
