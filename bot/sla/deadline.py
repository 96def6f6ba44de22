"""The first-response deadline clock (§4.5, Kasten Ex. A), driven by the policy file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.policy import Policy, Target, load_policy
from bot.sla.calendar import UTC, add_business_time, supported_countries


class DeadlineInputError(ValueError):
    """A case the clock cannot answer (unknown program, bad severity, naive time ...)."""


@dataclass(frozen=True)
class Deadline:
    """The first-response deadline of one case, or why there is none.

    `deadline` is in the customer's time zone, or None where the policy sets no target; then
    `target.label` says why ("best effort", "no severity-1 target for evaluation" ...).
    `guaranteed` is False for best-effort programs (evaluation, §4.2) and experimental
    features (§8), and whenever there is no deadline.
    """

    program: str
    severity: int
    target: Target
    deadline: datetime | None
    guaranteed: bool


@lru_cache(maxsize=512)
def customer_zone(name: str) -> ZoneInfo:
    """The IANA time zone `name`, or DeadlineInputError."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, TypeError) as err:  # ZoneInfoNotFoundError is a KeyError
        raise DeadlineInputError(
            f"unknown time zone {name!r}: use an IANA name such as Asia/Tokyo") from err


def country_code(country: object) -> str:
    """`country` as an upper-case ISO 3166 alpha-2 code the holiday calendar knows."""
    code = country.upper() if isinstance(country, str) else None
    if code is None or code not in supported_countries():
        raise DeadlineInputError(
            f"unknown country {country!r}: use an ISO 3166 alpha-2 code such as JP")
    return code


def first_response_deadline(program: str, severity: int, opened_at: datetime, timezone: str,
                            country: str, *, policy: Policy | None = None,
                            experimental: bool = False) -> Deadline:
    """When support must first respond to a case opened at `opened_at`.

    Args:
        program: a program id of the policy file (premium, basic, kasten-basic ...).
        severity: 1-4 (Kasten P1-P4).
        opened_at: when the case was opened; must carry a UTC offset.
        timezone: the customer's IANA time zone; business hours are counted in it.
        country: the customer's ISO 3166 alpha-2 code; its public holidays are closed days.
        policy: the policy to apply (default: `load_policy()`).
        experimental: the case concerns an experimental feature (§8: no SLA guarantee).

    Raises:
        DeadlineInputError: naming the bad argument.
    """
    policy = policy or load_policy()
    prog = policy.programs.get(program) if isinstance(program, str) else None
    if prog is None:
        raise DeadlineInputError(
            f"unknown program {program!r}: use one of {', '.join(policy.programs)}")
    if isinstance(severity, bool) or severity not in prog.targets:
        raise DeadlineInputError(f"severity must be 1, 2, 3 or 4, got {severity!r}")
    if not isinstance(opened_at, datetime) or opened_at.utcoffset() is None:
        raise DeadlineInputError(
            f"opened_at must be a time with a UTC offset, e.g. 2026-12-04T19:00:00+09:00, "
            f"got {opened_at!r}")
    tz = customer_zone(timezone)
    code = country_code(country)
    target = prog.targets[severity]
    if target.kind == "wall":
        due = (opened_at.astimezone(UTC) + timedelta(minutes=target.minutes)).astimezone(tz)
    elif target.kind == "business" and target.schedule is not None:
        due = add_business_time(target.schedule, tz, code, opened_at,
                                timedelta(minutes=target.minutes))
    else:
        return Deadline(program, severity, target, None, False)
    guaranteed = prog.guaranteed and (policy.experimental_sla_guaranteed or not experimental)
    return Deadline(program, severity, target, due, guaranteed)
