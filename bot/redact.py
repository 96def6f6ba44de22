"""Remove personal data from log lines: e-mail addresses, phone numbers, IDs and the
customer's own words, in English and Japanese, full-width forms included.

The servers' output passes through `redact` on its way to var/logs (bot/services.py), so
no code path, an error path of a library included, writes customer data in clear. It is
a second line of defence: the channels and actions never log message text themselves.
"""

from __future__ import annotations

import re

from bot.nlu.normalize import normalize

# A log line's own time stamp stays readable (it is not a phone number).
_STAMP = re.compile(r"^\s*\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\]?")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Phone numbers, support IDs, case numbers: 7+ digits, optionally split by spaces, dashes,
# dots or brackets, optionally with a leading +.
_NUMBER = re.compile(r"\+?(?:\d[\s().\-\u2010-\u2015\u2212\u30fc]?){6,}\d")
# Values of fields that carry what the customer typed or who they are, however quoted.
_FIELD = re.compile(
    r"""(?P<key>["']?(?:text|message|name|customer_name|company|email|phone|metadata|"""
    r"""parse_data_text|user_message)["']?\s*[:=]\s*)"""
    r"""(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^,\s})\]]+)""",
    re.IGNORECASE,
)
# "my name is ...", "this is ... from", 「...と申します」「...です」 after a name marker.
_NAME_EN = re.compile(r"\b(my name is|this is|i am|i'm)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?")
_NAME_JA = re.compile(r"[^\sのはが、。「」()（）]{1,6}(?=と申します|でございます|と言います)")


def redact(line: str) -> str:
    """`line` with personal data replaced by <email>, <number>, <text> and <name>."""
    stamp = _STAMP.match(line)
    head, rest = (line[: stamp.end()], line[stamp.end():]) if stamp else ("", line)
    rest = normalize(rest).text
    rest = _FIELD.sub(lambda m: f"{m.group('key')}<text>", rest)
    rest = _EMAIL.sub("<email>", rest)
    rest = _NUMBER.sub("<number>", rest)
    rest = _NAME_EN.sub(lambda m: f"{m.group(1)} <name>", rest)
    rest = _NAME_JA.sub("<name>", rest)
    return head + rest
