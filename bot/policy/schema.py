"""Typed, frozen view of `policy.yml`; `loader.py` builds and validates it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:  # severity.py builds on Text below
    from bot.policy.severity import SeverityRules

Lang = Literal["en", "ja"]
LANGS: tuple[Lang, ...] = get_args(Lang)  # the languages the bot speaks
TargetKind = Literal["wall", "business", "none", "best_effort", "no_support"]
ProductPolicy = Literal["main", "other", "kasten"]
PhoneKind = Literal["direct", "toll_free", "toll_free_domestic"]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Text:
    """Customer-facing text in English and Japanese."""

    en: str
    ja: str

    def get(self, lang: str) -> str:
        """The Japanese text for "ja", the English text for anything else."""
        return self.ja if lang == "ja" else self.en

    def format(self, **values: object) -> Text:
        """Fill `{placeholders}`; a `Text` value is filled in the matching language."""

        def fill(lang: str) -> str:
            local = {k: v.get(lang) if isinstance(v, Text) else v for k, v in values.items()}
            return getattr(self, lang).format(**local)

        return Text(fill("en"), fill("ja"))


@dataclass(frozen=True)
class Message:
    """A customer-facing reason: its code, the policy section and the text in en and ja."""

    code: str
    section: str
    text: Text

    def format(self, **values: object) -> Message:
        """A copy with the placeholders in the text filled."""
        return Message(self.code, self.section, self.text.format(**values))


@dataclass(frozen=True)
class Interval:
    """An opening interval in minutes after local midnight (`close` may be 1440)."""

    open: int
    close: int


@dataclass(frozen=True)
class Schedule:
    """Weekly opening hours; `week[0]` is Monday. Empty and not `always` = never open."""

    id: str
    section: str
    label: Text
    always: bool
    week: tuple[tuple[Interval, ...], ...]
    skip_holidays: bool
    timezone: str | None  # a fixed zone (US federal); None = the customer's zone


@dataclass(frozen=True)
class Target:
    """A first-response target; `minutes` of real (wall) or business time when it has one."""

    kind: TargetKind
    minutes: int
    schedule: Schedule | None  # the schedule business time is counted on
    label: Text  # e.g. "8 business hours" / "8営業時間以内", or why there is no target
    section: str

    @property
    def has_deadline(self) -> bool:
        """True for wall-clock and business-time targets."""
        return self.kind in ("wall", "business")


@dataclass(frozen=True)
class Program:
    """A support program (§3) with its hours, channels and SLA targets by severity."""

    id: str
    section: str
    policy: Literal["main", "kasten"]
    name: Text
    hours: Schedule
    channels: tuple[str, ...]
    contact: Text
    targets: Mapping[int, Target]
    guaranteed: bool
    sam_hours: Schedule | None  # when the dedicated SAM is the contact (premium)
    sev1_around_the_clock: bool
    english_only: bool
    technical_support: bool
    notes: tuple[Text, ...]

    @property
    def phone(self) -> bool:
        """Whether the program includes phone support."""
        return "phone" in self.channels


@dataclass(frozen=True)
class Product:
    """A product customers name, and which support policy applies to it."""

    id: str
    name: str
    aliases: tuple[str, ...]
    policy: ProductPolicy
    releases: Mapping[str, str]  # version prefix -> lifecycle state id
    support_months: int | None  # releases supported this long after release (Kasten)
    release_dates: Mapping[str, date] = MappingProxyType({})  # version prefix -> GA date

    def release(self, version: str) -> str | None:
        """The longest release prefix of `releases` or `release_dates` that `version` is in."""
        known = [p for p in (*self.releases, *self.release_dates)
                 if version == p or version.startswith(p + ".")]
        return max(known, key=len) if known else None


@dataclass(frozen=True)
class Region:
    """A language region of §2: its languages and (team decision) its countries."""

    id: str
    name: Text
    languages: tuple[str, ...]
    countries: frozenset[str]


@dataclass(frozen=True)
class Languages:
    """§2: languages offered by region during `hours`; English otherwise."""

    section: str
    hours: Schedule
    names: Mapping[str, Text]
    regions: Mapping[str, Region]


@dataclass(frozen=True)
class PhoneNumber:
    """A regional support number from §12.3."""

    country: str
    name: Text
    number: str
    kind: PhoneKind


@dataclass(frozen=True)
class UsFederal:
    """§11: US federal agencies' own number and hours."""

    section: str
    phone: PhoneNumber
    schedule: Schedule


@dataclass(frozen=True)
class FixedSeverity:
    """The severity a case type always has, and the criterion the bot cites for it."""

    level: int
    criterion: Text


@dataclass(frozen=True)
class CaseType:
    """A case type: how the bot names it, whether it has an SLA, phone support, and may be
    opened as a case; `severity` when the type itself settles the severity."""

    id: str
    name: Text
    section: str
    sla: bool
    phone: bool
    case: bool
    severity: FixedSeverity | None = None


@dataclass(frozen=True)
class Redirect:
    """Where to send a request support does not handle."""

    id: str
    section: str
    destination: str


@dataclass(frozen=True)
class LifecycleState:
    """A release lifecycle state (§6.1)."""

    id: str
    name: Text
    supported: bool
    new_fixes: bool


@dataclass(frozen=True)
class Policy:
    """The whole support policy, validated."""

    version: int
    source: str
    support_id: re.Pattern[str]
    case_number: re.Pattern[str]
    business_day_hours: int
    schedules: Mapping[str, Schedule]
    programs: Mapping[str, Program]
    products: tuple[Product, ...]
    languages: Languages
    phones: tuple[PhoneNumber, ...]
    us_federal: UsFederal
    case_roles: tuple[str, ...]
    case_roles_section: str
    case_types: Mapping[str, CaseType]
    redirects: Mapping[str, Redirect]
    lifecycle_section: str
    lifecycle: Mapping[str, LifecycleState]
    experimental_section: str
    experimental_sla_guaranteed: bool
    messages: Mapping[str, Message]
    severity_rules: SeverityRules

    @property
    def formats(self) -> Mapping[str, re.Pattern[str]]:
        """The `formats:` section by name (support_id, case_number)."""
        return {"support_id": self.support_id, "case_number": self.case_number}

    def message(self, code: str, **values: object) -> Message:
        """The message `code` with its placeholders filled."""
        return self.messages[code].format(**values)

    def product(self, name: str) -> Product | None:
        """The product named `name` (id, name or alias, case-insensitive), if any."""
        key = name.strip().casefold()
        for product in self.products:
            names = (product.id, product.name, *product.aliases)
            if key in (n.casefold() for n in names):
                return product
        return None

    def region(self, country: str) -> Region | None:
        """The §2 language region of an ISO 3166 alpha-2 country code, if any."""
        code = country.upper()
        return next((r for r in self.languages.regions.values() if code in r.countries), None)

    def phones_for(self, country: str) -> tuple[PhoneNumber, ...]:
        """The §12.3 numbers listed for a country, in source order."""
        code = country.upper()
        return tuple(p for p in self.phones if p.country == code)
