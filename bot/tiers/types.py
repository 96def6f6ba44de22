"""Inputs and output of `decide()`: small frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.policy.schema import Message, PhoneNumber, Text


@dataclass(frozen=True)
class Triage:
    """What triage found in the customer's message.

    Attributes:
        severity: 1-4 (§4.4; Kasten P1-P4).
        case_type: technical, licensing, general_inquiry, feature_request or out_of_scope.
        experimental: the problem concerns a feature marked experimental (§8).
        out_of_scope_kind: for out_of_scope requests, a `redirects` id of the policy file
            (design_review, training, installation, custom_scripts, api_development,
            sql_instance); None when triage could not tell.
    """

    severity: int
    case_type: str
    experimental: bool = False
    out_of_scope_kind: str | None = None


@dataclass(frozen=True)
class Customer:
    """Who is asking, as far as the bot knows.

    Attributes:
        program: support program id (premium, production, basic, evaluation, free, vcsp,
            kasten-premium, kasten-basic, kasten-evaluation).
        role: case_administrator, license_administrator, support_partner, or anything else
            (e.g. "end_user"), which may not open a case (§1, §5.3).
        country: ISO 3166 alpha-2 code (JP, US ...): phone numbers, holidays, language region.
        timezone: IANA time zone (Asia/Tokyo): business hours are local to the customer.
        language: the language the customer writes in (en, ja, or another ISO 639-1 code).
        product: product id, name or alias (VBR, K10, Veeam ONE ...) from the glossary.
        version: the release the customer runs, if known (matched against the policy's
            lifecycle table, §6.1).
        release_date: the release date of that version, if known (Kasten: 6 months support).
        is_partner_end_customer: a cloud partner's (VCSP) customer, who goes through the
            partner (VCSP §3.1).
        us_federal: a US federal agency (§11: own number and hours).
    """

    program: str
    role: str
    country: str
    timezone: str
    language: str
    product: str
    version: str | None = None
    release_date: date | None = None
    is_partner_end_customer: bool = False
    us_federal: bool = False


@dataclass(frozen=True)
class CaseRuling:
    """Whether the customer may open a case at all."""

    allowed: bool
    reason: Message


@dataclass(frozen=True)
class SlaRuling:
    """The first-response target and deadline (customer's zone), or why there is none."""

    target: Text | None  # the target's label; None when no SLA applies to the request
    deadline: datetime | None
    guaranteed: bool
    reason: Message


@dataclass(frozen=True)
class PhoneRuling:
    """Whether phone support is allowed, the numbers to call and their hours."""

    allowed: bool
    numbers: tuple[PhoneNumber, ...]
    hours: Text | None
    reason: Message


@dataclass(frozen=True)
class LanguageRuling:
    """The language support answers in now (ISO 639-1 code) and why."""

    language: str
    reason: Message


@dataclass(frozen=True)
class Flag:
    """A condition that applies to the case (SAM involved, technician needed) and why."""

    active: bool
    reason: Message


@dataclass(frozen=True)
class RedirectRuling:
    """Where to send the customer instead of (or besides) a case."""

    destination: str  # sales, training, partner, forum, sql_vendor, vcsp_partner
    reason: Message


@dataclass(frozen=True)
class Decision:
    """What the bot must tell and do for one case; every part carries its reason.

    `sam` is None unless the program has a SAM; `technician` is None unless severity 1 on a
    program with around-the-clock work; `redirect` is None unless the request goes elsewhere.
    `notes` holds extra reasons (experimental feature, end-of-fix release).
    """

    case: CaseRuling
    sla: SlaRuling
    phone: PhoneRuling
    language: LanguageRuling
    sam: Flag | None
    technician: Flag | None
    redirect: RedirectRuling | None
    notes: tuple[Message, ...]

    @property
    def messages(self) -> tuple[Message, ...]:
        """Every reason, in the order to show them (for staff and customers)."""
        parts = (self.case, self.redirect, self.sla, self.technician, self.sam, self.phone,
                 self.language)
        return tuple(p.reason for p in parts if p is not None) + self.notes

    def text(self, lang: str) -> tuple[str, ...]:
        """Every reason's customer-facing text in `lang` ("ja" or English)."""
        return tuple(m.text.get(lang) for m in self.messages)
