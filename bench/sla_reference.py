"""The reference SLA clock: counts business time one minute at a time.

Slow and obviously right: the benchmark measures the real clock (bot/sla) against it, and
the SLA tests use it as their oracle.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.policy import Policy
from bot.policy.schema import Schedule
from bot.sla.calendar import UTC, holiday_dates

_MINUTE = timedelta(minutes=1)


def naive_deadline(policy: Policy, program: str, severity: int, opened_at: datetime,
                   timezone: str, country: str) -> datetime | None:
    """Baseline: step one minute at a time, counting the minutes that are open."""
    target = policy.programs[program].targets[severity]
    if not target.has_deadline:
        return None
    tz, moment, counted = ZoneInfo(timezone), opened_at.astimezone(UTC), 0
    while counted < target.minutes:
        if target.schedule is None or _open_minute(target.schedule, moment.astimezone(tz),
                                                   country):
            counted += 1
        moment += _MINUTE
    return moment.astimezone(tz)


def _open_minute(schedule: Schedule, local: datetime, country: str) -> bool:
    if schedule.skip_holidays and local.date() in holiday_dates(country, local.year):
        return False
    minute = local.hour * 60 + local.minute
    return any(i.open <= minute < i.close for i in schedule.week[local.weekday()])
