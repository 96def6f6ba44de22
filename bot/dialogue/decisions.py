"""From conversation slots to the tier rules' decision and the case handed to a human."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.cases import CaseRecord
from bot.collect.form import MISSING, SKIPPED, fields_for
from bot.dialogue.triage_slot import DEFAULT_CASE_TYPE, LEAST_SEVERE, triage_of
from bot.policy import Message, load_policy
from bot.tiers import Customer, Decision, Triage, decide

# A cloud partner's end customer picks this "program"; the rules see VCSP + that flag.
PARTNER_END_CUSTOMER = "vcsp_end_customer"
# Triage answers the tier rules cannot do without; given up on, the case goes to a human.
TIER_FIELDS = ("program", "country")
# What the tier rules say about the collected release (lifecycle §6, Kasten's 6 months).
RELEASE_CODES = frozenset({"case.kasten_upgrade", "case.release_unsupported", "note.end_of_fix"})
# `us_federal` (the customer says so), `experimental` (named in the description) and the
# release date (policy table, by version) are filled by the dialogue; `release_date` and
# `out_of_scope_kind` slots, when set, take precedence (docs/dialogue.md).


def _release_date(value: Any) -> date | None:
    """A release date slot (ISO date text) as a date; anything else is unknown."""
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _product(slots: dict[str, Any]) -> str:
    """The product named in the case, else the program's product (Kasten or the main one)."""
    if slots.get("product") and slots["product"] not in (MISSING, SKIPPED):
        return str(slots["product"])
    return "Kasten" if str(slots.get("program", "")).startswith("kasten") else "VBR"


def _known_release_date(slots: dict[str, Any], version: str | None) -> date | None:
    """The GA date of the customer's release: a `release_date` slot, else the policy table."""
    given = _release_date(slots.get("release_date"))
    product = load_policy().product(_product(slots))
    if given or product is None or not version:
        return given
    release = product.release(version)
    return product.release_dates.get(release) if release else None


def missing_details(slots: dict[str, Any]) -> list[str]:
    """The triage answers the customer could not give (marked missing by the form)."""
    return [name for name in TIER_FIELDS if slots.get(name) == MISSING]


def customer_from_slots(slots: dict[str, Any]) -> Customer:
    """The `Customer` the tier rules need, from what the conversation collected."""
    program = str(slots.get("program") or "basic")
    version = slots.get("version")
    version = None if version in (None, MISSING, SKIPPED) else str(version)
    return Customer(
        program="vcsp" if program == PARTNER_END_CUSTOMER else program,
        role=str(slots.get("role") or "other"),
        country=str(slots.get("country") or "US"),
        timezone=str(slots.get("timezone") or "UTC"),
        language=str(slots.get("language") or "en"),
        product=_product(slots),
        version=version,
        release_date=_known_release_date(slots, version),
        is_partner_end_customer=program == PARTNER_END_CUSTOMER,
        us_federal=slots.get("us_federal") is True,
    )


def triage_from_slots(slots: dict[str, Any]) -> Triage:
    """The agreed severity (else the proposed one) and the case type."""
    proposal = triage_of(slots)
    proposed = proposal.severity if proposal and proposal.severity else LEAST_SEVERE
    return Triage(severity=int(slots.get("severity") or proposed),
                  case_type=str(slots.get("case_type") or DEFAULT_CASE_TYPE),
                  experimental=slots.get("experimental") is True,
                  out_of_scope_kind=slots.get("out_of_scope_kind") or None)


def decision_for(slots: dict[str, Any], now: datetime) -> Decision:
    """Apply the support policy to the conversation so far."""
    return decide(triage_from_slots(slots), customer_from_slots(slots), now)


def release_notice(slots: dict[str, Any], now: datetime) -> tuple[Message, ...]:
    """What the policy says about the collected product version: upgrade first, end of
    support, or end of fix (nothing for a current or unlisted release)."""
    if missing_details(slots):
        return ()
    decision = decision_for(slots, now)
    return tuple(m for m in decision.messages if m.code in RELEASE_CODES)


def route(decision: Decision, case_type: str) -> str:
    """What the conversation does next: collect the case, offer one, or stop."""
    if not decision.case.allowed:
        return "stop"
    return "offer" if case_type == "feature_request" else "collect"


@dataclass(frozen=True)
class Handoff:
    """The case to store and what to tell the customer about it."""

    case: CaseRecord
    decision: Decision | None  # None: program or country missing, no tier decision possible


def decision_log(decision: Decision) -> list[dict[str, Any]]:
    """Each tier decision with its policy section, for the case record."""
    return [{"code": m.code, "section": m.section, "en": m.text.en, "ja": m.text.ja}
            for m in decision.messages]


def build_handoff(conversation_id: str, slots: dict[str, Any], now: datetime,
                  reason: str) -> Handoff:
    """The case record for this conversation's current hand-off, with its deadline."""
    unknown = missing_details(slots)
    decision = None if unknown else decision_for(slots, now)
    proposal = triage_of(slots)
    case_type = str(slots.get("case_type") or DEFAULT_CASE_TYPE)
    wanted = fields_for(case_type)
    fields = {n: slots.get(n) for n in wanted if slots.get(n) not in (None, MISSING, SKIPPED)}
    skipped = [n for n in wanted if slots.get(n) == SKIPPED]
    missing = unknown + [n for n in wanted if slots.get(n) in (None, MISSING)]
    customer = customer_from_slots(slots)
    case = CaseRecord(
        conversation_id=conversation_id, seq=int(slots.get("handoffs") or 0), created_at=now,
        language=customer.language, customer_timezone=customer.timezone,
        country=None if "country" in unknown else slots.get("country"),
        program=None if "program" in unknown else slots.get("program"), role=slots.get("role"),
        product=fields.get("product"), version=fields.get("version"),
        severity=triage_from_slots(slots).severity if proposal else None,
        case_type=case_type, triage=proposal.as_dict() if proposal else {},
        decisions=decision_log(decision) if decision else [], fields=fields, missing=missing,
        messages=list(slots.get("messages") or []),
        deadline=decision.sla.deadline if decision else None,
        target=decision.sla.target.en if decision and decision.sla.target else None,
        reason=reason,
        extra={"support_language": decision.language.language if decision else "en",
               "us_federal": slots.get("us_federal") is True,
               "experimental": slots.get("experimental") is True, "skipped": skipped,
               "needs_review": bool(proposal and proposal.needs_review),
               "policy_version": load_policy().version},
    )
    return Handoff(case, decision)

