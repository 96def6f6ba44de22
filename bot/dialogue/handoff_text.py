"""What the hand-off message says about the deadline, phone and language, given the case.

Before a case exists the tier rules say "open a case first, then call"; once the hand-off
has given the customer a case number, the phone text asks them to quote it, and a request
for which no support case may be opened is never told both a case number and "no case can
be opened" (it is a reference for the engineer's check instead).
"""

from __future__ import annotations

from bot.policy.loader import load_policy
from bot.tiers.types import Decision


def handoff_texts(decision: Decision, case_number: str, lang: str) -> dict[str, str]:
    """The `{deadline_text}`, `{phone_text}` and `{language_text}` of the hand-off message."""
    policy = load_policy()
    language = decision.language.reason.text.get(lang)
    if not decision.case.allowed:
        review = policy.message("handoff.no_case_review").text.get(lang)
        return {"deadline_text": review, "phone_text": "", "language_text": language}
    phone = decision.phone
    if phone.allowed and phone.numbers and phone.hours:
        listed = ", ".join(n.number for n in phone.numbers)
        phone_text = policy.message(
            "handoff.phone", hours=phone.hours, number=listed, case_number=case_number,
        ).text.get(lang)
    else:
        phone_text = phone.reason.text.get(lang)
    return {"deadline_text": decision.sla.reason.text.get(lang), "phone_text": phone_text,
            "language_text": language}
