"""Properties of the deadline clock over random programs, severities, instants and zones."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.sla_reference import naive_deadline
from bot.policy import load_policy
from bot.policy.loader import DEFAULT_PATH
from bot.policy.schema import Schedule
from bot.sla import first_response_deadline
from bot.sla.calendar import UTC, business_time_between, holiday_dates, is_open

POLICY = load_policy(DEFAULT_PATH)
ZONES = [("Asia/Tokyo", "JP"), ("America/New_York", "US"), ("Europe/Berlin", "DE"),
         ("Europe/London", "GB"), ("Australia/Sydney", "AU"), ("America/Sao_Paulo", "BR"),
         ("Asia/Kolkata", "IN")]
ALL = [(p, s) for p in POLICY.programs for s in (1, 2, 3, 4)]
BUSINESS = [(p, s) for p, s in ALL if POLICY.programs[p].targets[s].kind == "business"]
WALL = [(p, s) for p, s in ALL if POLICY.programs[p].targets[s].kind == "wall"]
START = datetime(2025, 1, 1, tzinfo=UTC)

instants = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 11, 30)
                        ).map(lambda d: d.replace(tzinfo=UTC))
minute_instants = st.integers(0, 3 * 364 * 24 * 60).map(lambda m: START + timedelta(minutes=m))
zones = st.sampled_from(ZONES)
FAST = settings(deadline=None)


def _deadline(case: tuple[str, int], opened: datetime, where: tuple[str, str]) -> datetime:
    due = first_response_deadline(*case, opened, *where, policy=POLICY).deadline
    assert due is not None
    return due


def _inside(schedule: Schedule, local: datetime, country: str, with_close: bool = True) -> bool:
    """Within [open, close] (or [open, close)) of an interval on a day that is not closed."""
    if schedule.skip_holidays and local.date() in holiday_dates(country, local.year):
        return False
    seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    return any(i.open * 60 <= seconds < i.close * 60 or (with_close and seconds == i.close * 60)
               for i in schedule.week[local.weekday()])


@FAST
@given(st.sampled_from(ALL), instants, zones)
def test_deadline_never_before_opening(case: tuple[str, int], opened: datetime,
                                       where: tuple[str, str]) -> None:
    due = first_response_deadline(*case, opened, *where, policy=POLICY)
    assert due.deadline is None or due.deadline >= opened
    assert (due.deadline is None) is (not due.target.has_deadline)


@FAST
@given(st.sampled_from(BUSINESS), instants, zones)
def test_business_deadline_falls_in_business_hours(case: tuple[str, int], opened: datetime,
                                                   where: tuple[str, str]) -> None:
    target = POLICY.programs[case[0]].targets[case[1]]
    assert target.schedule is not None
    assert _inside(target.schedule, _deadline(case, opened, where), where[1])


@FAST
@given(st.sampled_from(BUSINESS), instants, zones)
def test_business_time_to_deadline_equals_target(case: tuple[str, int], opened: datetime,
                                                 where: tuple[str, str]) -> None:
    target = POLICY.programs[case[0]].targets[case[1]]
    assert target.schedule is not None
    spent = business_time_between(target.schedule, ZoneInfo(where[0]), where[1], opened,
                                  _deadline(case, opened, where))
    assert spent == timedelta(minutes=target.minutes)


@FAST
@given(st.sampled_from(WALL), instants, zones)
def test_wall_clock_targets_are_real_elapsed_time(case: tuple[str, int], opened: datetime,
                                                  where: tuple[str, str]) -> None:
    minutes = POLICY.programs[case[0]].targets[case[1]].minutes
    elapsed = _deadline(case, opened, where).astimezone(UTC) - opened.astimezone(UTC)
    assert elapsed == timedelta(minutes=minutes)


@FAST
@given(st.sampled_from(BUSINESS + WALL), instants, st.integers(0, 5 * 24 * 3600), zones)
def test_monotonic_in_opening_time(case: tuple[str, int], opened: datetime, later: int,
                                   where: tuple[str, str]) -> None:
    assert _deadline(case, opened, where) <= _deadline(
        case, opened + timedelta(seconds=later), where)


@settings(deadline=None, max_examples=60)
@given(st.sampled_from(BUSINESS), minute_instants, zones)
def test_agrees_with_minute_stepping(case: tuple[str, int], opened: datetime,
                                     where: tuple[str, str]) -> None:
    assert _deadline(case, opened, where) == naive_deadline(POLICY, *case, opened, *where)


@FAST
@given(st.sampled_from(sorted(POLICY.schedules)), instants, zones)
def test_is_open_matches_the_weekly_table(schedule_id: str, at: datetime,
                                          where: tuple[str, str]) -> None:
    schedule = POLICY.schedules[schedule_id]
    tz = ZoneInfo(schedule.timezone or where[0])
    expected = schedule.always or _inside(schedule, at.astimezone(tz), where[1], False)
    assert is_open(schedule, ZoneInfo(where[0]), where[1], at) == expected
