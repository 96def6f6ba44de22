"""Follow-up and closing (§5.6/5.7): contact attempts on business days, resolution kinds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from bot.policy import load_policy
from bot.sla.calendar import is_closed_day
from bot.sla.deadline import country_code, customer_zone

ATTEMPTS_BEFORE_CLOSING = 3  # "別の営業日に3回連絡を試みます"
CONTACT_CHANNELS = ("phone", "email")


@dataclass(frozen=True)
class Resolution:
    """A way a case can end, as the policy lists them."""

    kind: str
    label: str
    needs_attempts: bool = False  # only after the follow-up attempts, without the customer


# The policy's resolution kinds that close a case; a temporary workaround or an action plan
# changes the severity instead (a severity review), so they are not closing kinds here.
RESOLUTIONS = {
    r.kind: r for r in (
        Resolution("fix", "fix provided (§5.6)"),
        Resolution("permanent_workaround", "permanent workaround (§5.6)"),
        Resolution("customization", "customer's own customization, outside maintenance, "
                                    "customer notified (§5.6)"),
        Resolution("unreachable", "customer not reached after 3 attempts on different "
                                  "business days (§5.6)", needs_attempts=True),
    )
}


def business_day(moment: datetime, tz_name: str, country: str | None) -> date | None:
    """The customer's local date of `moment` if it is a business day there, else None."""
    schedule = load_policy().schedules["business_day"]
    local = moment.astimezone(customer_zone(tz_name)).date()
    code = country_code(country or "US")
    if not schedule.week[local.weekday()] or is_closed_day(schedule, local, code):
        return None
    return local


def attempt_days(attempts: Iterable[datetime], tz_name: str, country: str | None) -> list[date]:
    """The distinct business days (customer's calendar) with at least one contact attempt."""
    days = {business_day(at, tz_name, country) for at in attempts}
    return sorted(d for d in days if d is not None)


def may_close_unreachable(attempts: Iterable[datetime], tz_name: str,
                          country: str | None) -> bool:
    """True once attempts were made on three different business days."""
    return len(attempt_days(attempts, tz_name, country)) >= ATTEMPTS_BEFORE_CLOSING
