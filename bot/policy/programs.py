"""Builders for schedules and programs (hours, channels, SLA targets) of `policy.yml`."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from bot.policy.reader import PolicyError, field, mapping, no_extra, ref, strings, text
from bot.policy.schema import WEEKDAYS, Interval, Message, Program, Schedule, Target, Text

_DAYS = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?$")
_HOURS = re.compile(r"^(\d\d):(\d\d)-(\d\d):(\d\d)$")
_TARGET = re.compile(r"^(\d+) (minute|hour|business hour|business day)s?$")
_NO_TARGET = {"none": "none", "best effort": "best_effort", "no support": "no_support"}
_UNIT_MESSAGE = {"minute": "minutes", "hour": "hours", "business hour": "business_hours",
                 "business day": "business_days"}
CHANNELS = ("phone", "web", "email", "sam")
TARGET_HELP = ('write "30 minutes", "3 hours", "8 business hours", "1 business day", '
               '"none", "best effort" or "no support"')


def schedules(node: dict[str, Any]) -> dict[str, Schedule]:
    """`schedules:` -> Schedule by id."""
    out = {}
    for sid, value in node.items():
        path = f"schedules.{sid}"
        entry = mapping(value, path)
        no_extra(entry, path, ("section", "label", "always", "hours", "skip_holidays", "timezone"))
        always = field(entry, path, "always", bool, False)
        if always and "hours" in entry:
            raise PolicyError("bad-value", f"{path}.hours", "an `always` schedule has no hours",
                              "remove `hours:` or `always: true`")
        week = ((),) * 7 if always else _week(field(entry, path, "hours", dict), f"{path}.hours")
        zone = field(entry, path, "timezone", str, None)
        if zone is not None:
            try:
                ZoneInfo(zone)
            except (KeyError, ValueError) as err:
                raise PolicyError("bad-value", f"{path}.timezone", f"unknown time zone {zone!r}",
                                  "use an IANA name such as America/New_York") from err
        out[str(sid)] = Schedule(
            id=str(sid), section=field(entry, path, "section", str),
            label=text(field(entry, path, "label", dict), f"{path}.label"), always=always,
            week=week, skip_holidays=field(entry, path, "skip_holidays", bool, not always),
            timezone=zone)
    return out


def _week(node: dict[str, Any], path: str) -> tuple[tuple[Interval, ...], ...]:
    days: list[list[Interval]] = [[] for _ in WEEKDAYS]
    for key, value in node.items():
        match = _DAYS.match(str(key))
        first = WEEKDAYS.index(match[1]) if match else 0
        last = WEEKDAYS.index(match[2] or match[1]) if match else -1
        if last < first:
            raise PolicyError("bad-value", f"{path}.{key}", f"{key!r} is not a day or day range",
                              "use mon, tue ... sun or a range such as mon-fri")
        for part in str(value).split(","):
            interval = _interval(part.strip(), f"{path}.{key}")
            for index in range(first, last + 1):
                days[index].append(interval)
    for i, day in enumerate(days):
        day.sort(key=lambda iv: iv.open)
        for a, b in itertools.pairwise(day):
            if b.open < a.close:
                raise PolicyError("bad-value", f"{path}", f"opening hours overlap on {WEEKDAYS[i]}",
                                  "give each day non-overlapping intervals")
    return tuple(tuple(day) for day in days)


def _interval(value: str, path: str) -> Interval:
    match = _HOURS.match(value)
    if match:
        oh, om, ch, cm = (int(g) for g in match.groups())
        start, end = oh * 60 + om, ch * 60 + cm
        if om < 60 and cm < 60 and 0 <= start < end <= 1440:
            return Interval(start, end)
    raise PolicyError("bad-value", path, f"{value!r} is not an opening interval",
                      'write "HH:MM-HH:MM" with opening before closing, e.g. "08:00-20:00" '
                      '(24:00 allowed as closing)')


def programs(node: dict[str, Any], scheds: Mapping[str, Schedule],
             messages: Mapping[str, Message], day_schedule: Schedule,
             day_hours: int) -> dict[str, Program]:
    """`programs:` -> Program by id; `sla.same_as` copies another program's targets."""
    entries = {str(pid): mapping(v, f"programs.{pid}") for pid, v in node.items()}
    # programs with their own targets first, so `same_as` can refer to them
    order = sorted(entries, key=lambda p: isinstance(entries[p].get("sla"), dict)
                   and "same_as" in entries[p]["sla"])
    out: dict[str, Program] = {}
    for pid in order:
        path, entry = f"programs.{pid}", entries[pid]
        no_extra(entry, path, ("section", "policy", "name", "hours", "business_hours",
                               "channels", "contact", "sla", "sam_hours",
                               "sev1_around_the_clock", "english_only", "technical_support",
                               "notes"))
        name = text(field(entry, path, "name", dict), f"{path}.name")
        business, sam = (_optional_schedule(entry, path, key, scheds)
                         for key in ("business_hours", "sam_hours"))
        channels = strings(field(entry, path, "channels", list), f"{path}.channels")
        for i, channel in enumerate(channels):
            ref(channel, f"{path}.channels[{i}]", CHANNELS, "channel")
        sla_path = f"{path}.sla"
        sla = mapping(field(entry, path, "sla", dict), sla_path)
        no_extra(sla, sla_path, ("section", "targets", "same_as", "guaranteed"))
        section = field(sla, sla_path, "section", str)
        if "same_as" in sla:
            other = ref(sla["same_as"], f"{sla_path}.same_as", out, "program with its own targets")
            targets = {sev: Target(t.kind, t.minutes, t.schedule, t.label, section)
                       for sev, t in out[other].targets.items()}
        else:
            raw = mapping(field(sla, sla_path, "targets", dict), f"{sla_path}.targets")
            if sorted(raw) != [1, 2, 3, 4]:
                raise PolicyError("bad-value", f"{sla_path}.targets",
                                  f"severities {sorted(raw, key=str)} instead of 1, 2, 3, 4",
                                  "give exactly one target for each severity 1, 2, 3 and 4")
            targets = {sev: _target(raw[sev], f"{sla_path}.targets.{sev}", pid, name, sev,
                                    section, messages, business, day_schedule, day_hours)
                       for sev in (1, 2, 3, 4)}
        out[pid] = Program(
            id=pid, section=field(entry, path, "section", str),
            policy=ref(field(entry, path, "policy", str), f"{path}.policy", ("main", "kasten"),
                       "program policy"),  # type: ignore[arg-type]
            name=name, hours=scheds[ref(field(entry, path, "hours", str), f"{path}.hours", scheds,
                                        "schedule")],
            channels=tuple(channels),
            contact=text(field(entry, path, "contact", dict), f"{path}.contact"),
            targets=MappingProxyType(targets),
            guaranteed=field(sla, sla_path, "guaranteed", bool, True),
            sam_hours=sam,
            sev1_around_the_clock=field(entry, path, "sev1_around_the_clock", bool, False),
            english_only=field(entry, path, "english_only", bool, False),
            technical_support=field(entry, path, "technical_support", bool, True),
            notes=tuple(text(n, f"{path}.notes[{i}]")
                        for i, n in enumerate(field(entry, path, "notes", list, []))))
    return {pid: out[pid] for pid in entries}


def _optional_schedule(entry: dict[str, Any], path: str, key: str,
                       scheds: Mapping[str, Schedule]) -> Schedule | None:
    value = field(entry, path, key, str, None)
    return None if value is None else scheds[ref(value, f"{path}.{key}", scheds, "schedule")]


def _target(value: Any, path: str, pid: str, name: Text, severity: int, section: str,
            messages: Mapping[str, Message], business: Schedule | None,
            day_schedule: Schedule, day_hours: int) -> Target:
    if not isinstance(value, str):
        raise PolicyError("wrong-type", path, f"expected text, got {value!r}", TARGET_HELP)
    if value in _NO_TARGET:
        kind = _NO_TARGET[value]
        label = messages[f"target.{kind}"].text.format(severity=severity, program=pid,
                                                       program_name=name)
        return Target(kind, 0, None, label, section)  # type: ignore[arg-type]
    match = _TARGET.match(value)
    if not match or int(match[1]) == 0:
        raise PolicyError("bad-value", path, f"{value!r} is not a target", TARGET_HELP)
    n, unit = int(match[1]), match[2]
    label = messages[f"target.{_UNIT_MESSAGE[unit]}"].text.format(n=n, s="" if n == 1 else "s")
    if unit in ("minute", "hour"):
        return Target("wall", n * (1 if unit == "minute" else 60), None, label, section)
    schedule = business if unit == "business hour" else day_schedule
    if schedule is None or not any(schedule.week):
        raise PolicyError("bad-value", path, f"{value!r} needs opening hours to count on",
                          f"add `business_hours: <schedule with opening hours>` to programs.{pid}")
    minutes = n * 60 * (1 if unit == "business hour" else day_hours)
    return Target("business", minutes, schedule, label, section)
