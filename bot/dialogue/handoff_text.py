"""What the hand-off message says about the deadline, phone and language, given the case.

Before a case exists the tier rules say "open a case first, then call"; once the hand-off
has given the customer a case number, the phone text asks them to quote it, and a request
for which no support case may be opened is never told both a case number and "no case can
be opened" (it is a reference for the engineer's check instead).
"""

from __future__ import annotations

from typing import Any

from bot.policy.loader import load_policy
from bot.tiers.types import Decision


def handoff_texts(decision: Decision | None, case_number: str, lang: str) -> dict[str, str]:
    """The `{deadline_text}`, `{phone_text}` and `{language_text}` of the hand-off message
    (`decision` None: program or country unknown, so no target can be given)."""
    policy = load_policy()
    if decision is None:
        missing = policy.message("handoff.details_missing").text.get(lang)
        return {"deadline_text": missing, "phone_text": "", "language_text": ""}
    language = decision.language.reason.text.get(lang)
    if not decision.case.allowed:
        review = policy.message("handoff.no_case_review").text.get(lang)
        return {"deadline_text": review, "phone_text": "", "language_text": language}
    phone = decision.phone
    code = {"phone.allowed": "handoff.phone", "phone.us_federal": "handoff.us_federal",
            "phone.no_local_number": "handoff.no_local_number"}.get(phone.reason.code)
    if phone.allowed and code and phone.hours:
        listed = ", ".join(n.number for n in phone.numbers)
        phone_text = policy.message(
            code, hours=phone.hours, number=listed, case_number=case_number,
        ).text.get(lang)
    else:
        phone_text = phone.reason.text.get(lang)
    return {"deadline_text": decision.sla.reason.text.get(lang), "phone_text": phone_text,
            "language_text": language}


def handoff_card(decision: Decision | None, case_number: str, timezone: str) -> dict[str, Any]:
    """The hand-off as data for a chat client's summary card (the message says it in words).

    `deadline` is an ISO 8601 instant (None: no target), `timezone` the zone to show it in;
    `target` and `phone_hours` carry both languages, so the card follows the client's labels.
    """
    phone = decision.phone if decision and decision.case.allowed and decision.phone.allowed \
        else None
    sla = decision.sla if decision and decision.case.allowed else None
    return {
        "case_number": case_number,
        "deadline": sla.deadline.isoformat() if sla and sla.deadline else None,
        "timezone": timezone,
        "target": {"en": sla.target.en, "ja": sla.target.ja} if sla and sla.target else None,
        "phone": [n.number for n in phone.numbers] if phone else [],
        "phone_hours": {"en": phone.hours.en, "ja": phone.hours.ja}
        if phone and phone.hours else None,
        "support_language": decision.language.language if decision else "en",
    }
