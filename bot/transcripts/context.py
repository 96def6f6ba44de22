"""What the metadata says about a call (start, country, time zone, program) and its deadline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.dialogue.answers import tables as answer_tables
from bot.policy import Policy
from bot.sla import DeadlineInputError, first_response_deadline


@dataclass(frozen=True)
class CallContext:
    """The call's known circumstances; `warnings` says what metadata could not be used."""

    language: str | None
    started_at: datetime | None
    country: str | None
    timezone: str | None
    program: str | None
    warnings: list[str] = field(default_factory=list)


def _iso(value: Any, warnings: list[str]) -> datetime | None:
    if value in (None, ""):
        return None
    text = str(value)
    try:  # Python 3.10's fromisoformat does not read a trailing "Z"
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        warnings.append(f"started_at {text!r} is not an ISO 8601 time")
        return None
    if moment.utcoffset() is None:
        warnings.append(f"started_at {text!r} has no UTC offset (write e.g. {text}+09:00)")
        return None
    return moment


def _language(value: Any) -> str | None:
    return str(value).lower().split("-")[0].split("_")[0] if value else None


# Metadata names voice platforms use for the same thing; the first is the documented one.
ALIASES = {
    "started_at": ("started_at", "start_time", "call_started_at", "started"),
    "country": ("country", "country_code"),
    "timezone": ("timezone", "time_zone", "tz"),
    "program": ("program", "support_program"),
    "language": ("language", "language_code", "lang"),
}


def meta_value(meta: dict[str, Any], key: str) -> Any:
    """`meta[key]` under its documented name or an alias (None when absent or empty)."""
    return next((meta[k] for k in ALIASES.get(key, (key,)) if meta.get(k) not in (None, "")),
                None)


def call_context(meta: dict[str, Any]) -> CallContext:
    """Read start time, country, time zone and program from a call's metadata.

    A country without a time zone takes the country's default zone, and a time zone
    without a country the country whose default it is (bot/dialogue/answers.yml).
    """
    warnings: list[str] = []
    started = _iso(meta_value(meta, "started_at"), warnings)
    country = meta_value(meta, "country")
    country = str(country).upper() if country else None
    zone = meta_value(meta, "timezone")
    zone = str(zone) if zone else None
    defaults = answer_tables().timezones
    if country and not zone:
        zone = defaults.get(country)
    if zone and not country:
        country = next((c for c, z in defaults.items() if z == zone), None)
    program = meta_value(meta, "program")
    return CallContext(_language(meta_value(meta, "language")), started, country, zone,
                       str(program) if program else None, warnings)


def deadline_of(context: CallContext, severity: int | None, policy: Policy) -> dict[str, Any]:
    """The first-response deadline, or `deadline: None` with `deadline_note` saying why."""
    needed = {"start time": context.started_at, "country or time zone": context.country,
              "program": context.program, "severity": severity}
    unknown = [name for name, value in needed.items() if value is None]
    started, program, country = context.started_at, context.program, context.country
    if started is None or program is None or country is None or severity is None:
        return {"deadline": None, "deadline_note": f"unknown: {', '.join(unknown)}"}
    try:
        due = first_response_deadline(program, severity, started, context.timezone or "UTC",
                                      country, policy=policy)
    except DeadlineInputError as err:
        return {"deadline": None, "deadline_note": str(err)}
    return {
        "deadline": due.deadline.isoformat() if due.deadline else None,
        "deadline_target": due.target.label.en, "deadline_guaranteed": due.guaranteed,
        "deadline_section": due.target.section,
        **({} if due.deadline else {"deadline_note": due.target.label.en}),
    }
