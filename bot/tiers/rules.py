"""The support-tier rules: `decide()` turns a triaged case into what the bot tells and does.

Every branch picks a message code of the policy file; the words and the policy section come
from there, so staff and customers see why.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, tzinfo

from bot.policy import Message, Policy, Program, load_policy
from bot.policy.schema import CaseType, LifecycleState, Product
from bot.sla.calendar import is_open
from bot.sla.deadline import country_code, customer_zone, first_response_deadline
from bot.tiers.types import (
    CaseRuling,
    Customer,
    Decision,
    Flag,
    LanguageRuling,
    PhoneRuling,
    RedirectRuling,
    SlaRuling,
    Triage,
)


def decide(triage: Triage, customer: Customer, now: datetime, *,
           policy: Policy | None = None) -> Decision:
    """Apply the policy to one case opened at `now` (an aware datetime).

    Raises:
        ValueError: unknown program, case type, severity, time zone or country, or a naive
            `now` (the message names the problem).
    """
    policy = policy or load_policy()
    program = policy.programs.get(customer.program)
    if program is None:
        raise ValueError(f"unknown program {customer.program!r}: use one of "
                         f"{', '.join(policy.programs)}")
    case_type = policy.case_types.get(triage.case_type)
    if case_type is None:
        raise ValueError(f"unknown case type {triage.case_type!r}: use one of "
                         f"{', '.join(policy.case_types)}")
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime (with a UTC offset)")
    tz, country = customer_zone(customer.timezone), country_code(customer.country)
    product = policy.product(customer.product)
    today = now.astimezone(tz).date()
    case, redirect, notes = _case(policy, program, case_type, triage, customer, product, today)
    sla = _sla(policy, program, case_type, triage, customer, case.allowed, now)
    if triage.experimental and sla.deadline is not None:
        notes = (policy.message("note.experimental"), *notes)
    around_the_clock = (case.allowed and case_type.sla and triage.severity == 1
                        and program.sev1_around_the_clock)
    return Decision(
        case=case,
        sla=sla,
        phone=_phone(policy, program, case_type, customer, case.allowed),
        language=_language(policy, program, customer, product, tz, country, now),
        sam=_sam(policy, program, tz, country, now) if case.allowed else None,
        technician=Flag(True, policy.message("technician.required", program_name=program.name))
        if around_the_clock else None,
        redirect=redirect,
        notes=notes,
    )


def _case(policy: Policy, program: Program, case_type: CaseType, triage: Triage,
          customer: Customer, product: Product | None,
          today: date) -> tuple[CaseRuling, RedirectRuling | None, tuple[Message, ...]]:
    """Whether a case may be opened, where else to go, and lifecycle notes."""
    if customer.is_partner_end_customer:
        return (CaseRuling(False, policy.message("case.partner_end_customer")),
                _redirect(policy, "partner_end_customer"), ())
    if not program.technical_support:
        return (CaseRuling(False, policy.message("case.no_technical_support",
                                                 program_name=program.name)), None, ())
    if not case_type.case:
        kind = triage.out_of_scope_kind or "out_of_scope"
        redirect = _redirect(policy, kind if kind in policy.redirects else "out_of_scope")
        return CaseRuling(False, policy.message("case.out_of_scope")), redirect, ()
    if customer.role not in policy.case_roles:
        return CaseRuling(False, policy.message("case.role")), None, ()
    feature = case_type.id == "feature_request"
    extra = _redirect(policy, "feature_request") if feature else None
    version = customer.version or ""
    released = customer.release_date
    months = product.support_months if product else None
    if months and released and today > _add_months(released, months):
        message = policy.message("case.kasten_upgrade", months=months,
                                 version=version or released.isoformat())
        return CaseRuling(False, message), None, ()
    state = _release_state(policy, product, version)
    if state is not None and not state.supported:
        message = policy.message("case.release_unsupported", version=version, state=state.name)
        return CaseRuling(False, message), None, ()
    notes = (policy.message("note.end_of_fix", version=version),) if (
        state is not None and not state.new_fixes) else ()
    return CaseRuling(True, policy.message("case.allowed")), extra, notes


def _sla(policy: Policy, program: Program, case_type: CaseType, triage: Triage,
         customer: Customer, case_allowed: bool, now: datetime) -> SlaRuling:
    if not case_allowed:
        return SlaRuling(None, None, False, policy.message("sla.no_case"))
    if not case_type.sla:
        return SlaRuling(None, None, False, policy.message("sla.no_sla_case_type"))
    due = first_response_deadline(program.id, triage.severity, now, customer.timezone,
                                  customer.country, policy=policy,
                                  experimental=triage.experimental)
    label = due.target.label
    if due.deadline is None:
        return SlaRuling(label, None, False, policy.message("sla.no_target", target=label))
    code = "sla.target" if program.guaranteed else "sla.best_effort_target"
    # the instant is a value, not wording: the same digits serve both languages
    when = due.deadline.strftime("%Y-%m-%d %H:%M %Z")
    return SlaRuling(label, due.deadline, due.guaranteed,
                     policy.message(code, target=label, deadline=when))


def _phone(policy: Policy, program: Program, case_type: CaseType, customer: Customer,
           case_allowed: bool) -> PhoneRuling:
    if not case_allowed:
        return PhoneRuling(False, (), None, policy.message("phone.no_case"))
    if not program.phone:
        return PhoneRuling(False, (), None, policy.message(
            "phone.not_in_program", program_name=program.name, contact=program.contact))
    if not case_type.phone:
        return PhoneRuling(False, (), None, policy.message("phone.case_type"))
    if customer.us_federal:
        federal = policy.us_federal
        return PhoneRuling(True, (federal.phone,), federal.schedule.label, policy.message(
            "phone.us_federal", number=federal.phone.number, hours=federal.schedule.label))
    numbers = policy.phones_for(customer.country)
    hours = program.hours.label
    if not numbers:
        return PhoneRuling(True, (), hours, policy.message("phone.no_local_number", hours=hours))
    listed = ", ".join(p.number for p in numbers)
    return PhoneRuling(True, numbers, hours,
                       policy.message("phone.allowed", hours=hours, number=listed))


def _language(policy: Policy, program: Program, customer: Customer, product: Product | None,
              tz: tzinfo, country: str, now: datetime) -> LanguageRuling:
    """§2: the region's languages during local business hours, for the main product only."""
    wanted = customer.language.strip().lower()
    langs = policy.languages
    name = langs.names.get(wanted, wanted)
    if wanted == "en":
        return LanguageRuling("en", policy.message("language.english"))
    if program.english_only:
        return LanguageRuling("en", policy.message("language.english_only_program",
                                                   program_name=program.name))
    if product is None or product.policy != "main":
        shown = product.name if product else customer.product
        return LanguageRuling("en", policy.message("language.other_product", product=shown))
    region = policy.region(country)
    if region is None:
        return LanguageRuling("en", policy.message("language.unknown_region"))
    if wanted not in region.languages:
        return LanguageRuling("en", policy.message("language.not_offered", language=name,
                                                   region=region.name))
    hours = langs.hours.label
    if is_open(langs.hours, tz, country, now):
        return LanguageRuling(wanted, policy.message("language.local", language=name,
                                                     hours=hours))
    return LanguageRuling("en", policy.message("language.after_hours", language=name,
                                               hours=hours))


def _sam(policy: Policy, program: Program, tz: tzinfo, country: str,
         now: datetime) -> Flag | None:
    if program.sam_hours is None:
        return None
    if is_open(program.sam_hours, tz, country, now):
        return Flag(True, policy.message("sam.involved"))
    return Flag(False, policy.message("sam.after_hours"))


def _redirect(policy: Policy, redirect_id: str) -> RedirectRuling:
    redirect = policy.redirects[redirect_id]
    return RedirectRuling(redirect.destination, policy.message(f"redirect.{redirect_id}"))


def _release_state(policy: Policy, product: Product | None,
                   version: str) -> LifecycleState | None:
    """The lifecycle state of the longest release prefix matching `version`, if listed."""
    if product is None or not version:
        return None
    matches = [p for p in product.releases if version == p or version.startswith(p + ".")]
    return policy.lifecycle[product.releases[max(matches, key=len)]] if matches else None


def _add_months(day: date, months: int) -> date:
    """`day` plus calendar months, clamped to the month's end (Aug 31 + 6 = Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))
