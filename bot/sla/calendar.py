"""Business time over a weekly schedule in a customer's time zone, skipping public holidays.

Time is walked one opening interval at a time (a day at most holds a few), never minute by
minute. Opening hours are local wall-clock times; the time counted inside them is real
elapsed time, so a DST change inside opening hours is counted as it really passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from holidays.registry import EntityLoader

from bot.policy.schema import Schedule

UTC = timezone.utc
_DAY = timedelta(days=1)
# No schedule in the policy is closed this long; reaching it means a schedule with no hours.
_MAX_DAYS = 400


@cache
def holiday_dates(country: str, year: int) -> frozenset[date]:
    """Public holidays of `country` in `year` per the `holidays` library (cached)."""
    return frozenset(holidays.country_holidays(country, years=year))


@cache
def supported_countries() -> frozenset[str]:
    """ISO 3166 alpha-2 codes the `holidays` library knows."""
    # the registry lists codes without importing every country module (0.14 s otherwise)
    return frozenset(EntityLoader.get_country_codes(True))


def zone(schedule: Schedule, customer_zone: tzinfo) -> tzinfo:
    """The zone a schedule's hours are in: its own (US federal) or the customer's."""
    return ZoneInfo(schedule.timezone) if schedule.timezone else customer_zone


def is_closed_day(schedule: Schedule, day: date, country: str) -> bool:
    """True when `day` is a public holiday the schedule skips."""
    return schedule.skip_holidays and day in holiday_dates(country, day.year)


def periods(schedule: Schedule, tz: tzinfo, country: str,
            start: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Opening periods (UTC, in order) that end after `start`; the first may begin before it."""
    start_utc = start.astimezone(UTC)
    day = start_utc.astimezone(tz).date()
    for _ in range(_MAX_DAYS):
        intervals = schedule.week[day.weekday()]
        if intervals and not is_closed_day(schedule, day, country):
            midnight = datetime(day.year, day.month, day.day, tzinfo=tz)
            for interval in intervals:
                # local wall time + minutes, then to UTC: correct on DST days too
                end = (midnight + timedelta(minutes=interval.close)).astimezone(UTC)
                if end > start_utc:
                    yield (midnight + timedelta(minutes=interval.open)).astimezone(UTC), end
        day += _DAY
    raise ValueError(f"schedule {schedule.id!r} has no opening in {_MAX_DAYS} days")


def add_business_time(schedule: Schedule, tz: tzinfo, country: str, start: datetime,
                      amount: timedelta) -> datetime:
    """The instant when `amount` of the schedule's open time has passed since `start`.

    A start outside opening hours counts from the next opening. Returned in `tz`.
    """
    remaining, start_utc = amount, start.astimezone(UTC)
    for opens, closes in periods(schedule, zone(schedule, tz), country, start):
        begin = max(opens, start_utc)
        available = closes - begin
        if remaining <= available:
            return (begin + remaining).astimezone(tz)
        remaining -= available
    raise AssertionError("unreachable: periods() is infinite or raises")


def business_time_between(schedule: Schedule, tz: tzinfo, country: str, start: datetime,
                          end: datetime) -> timedelta:
    """Open time of the schedule between `start` and `end`."""
    total, start_utc, end_utc = timedelta(), start.astimezone(UTC), end.astimezone(UTC)
    for opens, closes in periods(schedule, zone(schedule, tz), country, start):
        if opens >= end_utc:
            break
        total += min(closes, end_utc) - max(opens, start_utc)
    return max(total, timedelta())


def is_open(schedule: Schedule, tz: tzinfo, country: str, at: datetime) -> bool:
    """Whether the schedule is open at `at` (opening instant included, closing excluded)."""
    if schedule.always:
        return True
    if not any(schedule.week):
        return False
    at_utc = at.astimezone(UTC)
    opens, _ = next(periods(schedule, zone(schedule, tz), country, at))
    return opens <= at_utc
