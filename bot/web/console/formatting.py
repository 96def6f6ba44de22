"""Jinja2 filters: times in a zone, time left to a deadline, confidences."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.sla.deadline import DeadlineInputError, customer_zone


def in_zone(moment: datetime | str | None, tz_name: str) -> str:
    """`2026-12-04 19:00 JST (Asia/Tokyo)`; an ISO string is parsed first; '-' for none."""
    if moment is None or moment == "":
        return "-"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    try:
        local = moment.astimezone(customer_zone(tz_name))
    except DeadlineInputError:
        return f"{moment.isoformat()} (unknown zone {tz_name})"
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()} ({tz_name})"


def duration(delta: timedelta | None) -> str:
    """`3 h 05 min left`, `breached 20 min ago`, '-' for no deadline."""
    if delta is None:
        return "-"
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    text = (f"{days} d {hours} h" if days else f"{hours} h {mins:02d} min" if hours
            else f"{mins} min")
    return f"breached {text} ago" if delta.total_seconds() < 0 else f"{text} left"


def percent(value: Any) -> str:
    """0.873 -> `87%`; '-' for none."""
    return "-" if value is None else f"{float(value):.0%}"


FILTERS = {"in_zone": in_zone, "duration": duration, "percent": percent}
