"""Load and validate `policy.yml` into a frozen `Policy` (cached per file and mtime)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from bot.policy import programs, sections
from bot.policy.reader import PolicyError, field, mapping, no_extra, ref, strings, text
from bot.policy.schema import LifecycleState, Message, Policy
from bot.policy.severity import severity_rules

# The packaged policy; pip installs packages as folders, so the resource is a real file.
DEFAULT_PATH = Path(str(files("bot.policy").joinpath("policy.yml")))
ENV_VAR = "TRIAGEBOT_POLICY"

# Message codes the rules in bot/tiers and bot/sla look up; each must exist in the file.
REQUIRED_MESSAGES = frozenset({
    "target.minutes", "target.hours", "target.business_hours", "target.business_days",
    "target.none", "target.best_effort", "target.no_support",
    "case.allowed", "case.role", "case.partner_end_customer", "case.no_technical_support",
    "case.kasten_upgrade", "case.release_unsupported", "case.out_of_scope",
    "sla.target", "sla.best_effort_target", "sla.no_target", "sla.no_sla_case_type",
    "sla.no_case",
    "phone.allowed", "phone.no_local_number", "phone.us_federal", "phone.not_in_program",
    "phone.case_type", "phone.no_case",
    "language.local", "language.after_hours", "language.not_offered",
    "language.unknown_region", "language.english", "language.other_product",
    "language.english_only_program",
    "sam.involved", "sam.after_hours", "technician.required",
    "note.experimental", "note.end_of_fix",
    "handoff.phone", "handoff.no_case_review",
})
# Placeholders the rules fill; a message may use any of them.
PLACEHOLDERS = frozenset({
    "n", "s", "severity", "program", "program_name", "months", "version", "state", "target",
    "deadline", "hours", "number", "contact", "language", "region", "product", "case_number",
})
TOP_LEVEL = ("version", "source", "formats", "decisions", "schedules", "programs", "products",
             "languages", "phones", "us_federal", "case_roles", "case_types", "redirects",
             "lifecycle", "experimental", "messages", "severity_rules")
CASE_TYPES = ("technical", "licensing", "general_inquiry", "feature_request", "out_of_scope")
REDIRECTS = ("out_of_scope", "feature_request", "partner_end_customer")


def policy_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The file to load: `path`, else $TRIAGEBOT_POLICY, else the packaged policy.yml."""
    chosen = path if path is not None else os.environ.get(ENV_VAR) or DEFAULT_PATH
    return Path(chosen).expanduser().resolve()


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """Load, validate and cache the policy; raises `PolicyError` naming field and fix."""
    file = policy_path(path)
    try:
        mtime = file.stat().st_mtime_ns
    except OSError as err:
        raise PolicyError("not-found", str(file), f"cannot read the policy file ({err})",
                          f"point ${ENV_VAR} or the path argument at an existing policy.yml"
                          ) from err
    return _load_cached(str(file), mtime)


@lru_cache(maxsize=8)
def _load_cached(file: str, mtime_ns: int) -> Policy:  # mtime_ns: edits invalidate the cache
    try:
        with open(file, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
        raise PolicyError("bad-yaml", where, f"not valid YAML ({getattr(err, 'problem', err)})",
                          "fix the YAML syntax at that line (indentation, quotes, colons)"
                          ) from err
    return build_policy(data)


def build_policy(data: Any) -> Policy:
    """Validate parsed YAML and build the typed `Policy`."""
    root = mapping(data, "(file)")
    no_extra(root, "", TOP_LEVEL)
    version = field(root, "", "version", int)
    formats = mapping(field(root, "", "formats", dict), "formats")
    no_extra(formats, "formats", ("support_id", "case_number"))
    messages = _messages(field(root, "", "messages", dict))
    schedules = programs.schedules(field(root, "", "schedules", dict))
    decisions = mapping(field(root, "", "decisions", dict), "decisions")
    no_extra(decisions, "decisions", ("business_day",))
    day = mapping(field(decisions, "decisions", "business_day", dict), "decisions.business_day")
    no_extra(day, "decisions.business_day", ("hours", "schedule"))
    day_hours = field(day, "decisions.business_day", "hours", int)
    day_schedule = schedules[ref(field(day, "decisions.business_day", "schedule", str),
                                 "decisions.business_day.schedule", schedules, "schedule")]
    lifecycle_node = mapping(field(root, "", "lifecycle", dict), "lifecycle")
    no_extra(lifecycle_node, "lifecycle", ("section", "states"))
    lifecycle = _states(field(lifecycle_node, "lifecycle", "states", dict))
    roles = mapping(field(root, "", "case_roles", dict), "case_roles")
    no_extra(roles, "case_roles", ("section", "allowed"))
    experimental = mapping(field(root, "", "experimental", dict), "experimental")
    no_extra(experimental, "experimental", ("section", "sla_guaranteed"))
    redirects = sections.redirects(field(root, "", "redirects", dict))
    _require(REDIRECTS, redirects, "redirects", "{section: ..., destination: ...}")
    _require([f"redirect.{rid}" for rid in redirects], messages, "messages",
             "{section: ..., en: ..., ja: ...}")
    case_types = sections.case_types(field(root, "", "case_types", dict))
    _require(CASE_TYPES, case_types, "case_types", "{section: ..., sla: ..., phone: ..., case: ...}")
    return Policy(
        version=version,
        source=field(root, "", "source", str),
        support_id=_regex(formats, "support_id"),
        case_number=_regex(formats, "case_number"),
        business_day_hours=day_hours,
        schedules=MappingProxyType(schedules),
        programs=MappingProxyType(programs.programs(
            field(root, "", "programs", dict), schedules, messages, day_schedule, day_hours)),
        products=sections.products(field(root, "", "products", list), lifecycle),
        languages=sections.languages(field(root, "", "languages", dict), schedules),
        phones=sections.phones(field(root, "", "phones", dict)),
        us_federal=sections.us_federal(field(root, "", "us_federal", dict), schedules),
        case_roles=tuple(strings(field(roles, "case_roles", "allowed", list),
                                          "case_roles.allowed")),
        case_roles_section=field(roles, "case_roles", "section", str),
        case_types=MappingProxyType(case_types),
        redirects=MappingProxyType(redirects),
        lifecycle_section=field(lifecycle_node, "lifecycle", "section", str),
        lifecycle=MappingProxyType(lifecycle),
        experimental_section=field(experimental, "experimental", "section", str),
        experimental_sla_guaranteed=field(experimental, "experimental", "sla_guaranteed", bool),
        messages=MappingProxyType(messages),
        severity_rules=severity_rules(field(root, "", "severity_rules", dict)),
    )


def _regex(node: dict[str, Any], key: str) -> re.Pattern[str]:
    value = field(node, "formats", key, str)
    try:
        return re.compile(value)
    except re.error as err:
        raise PolicyError("bad-value", f"formats.{key}", f"not a valid regular expression ({err})",
                          "write a valid regular expression in single quotes, e.g. '^\\d{8}$'") from err


def _messages(node: dict[str, Any]) -> dict[str, Message]:
    out = {}
    for code, value in node.items():
        path = f"messages.{code}"
        entry = mapping(value, path)
        no_extra(entry, path, ("section", "en", "ja"))
        out[str(code)] = Message(str(code), field(entry, path, "section", str),
                                 text(entry, path, PLACEHOLDERS))
    _require(sorted(REQUIRED_MESSAGES), out, "messages", "{section: ..., en: ..., ja: ...}")
    return out


def _require(names: Iterable[str], present: Mapping[str, Any], section: str, shape: str) -> None:
    """Entries the rules look up by name must exist."""
    for name in names:
        if name not in present:
            raise PolicyError("missing-field", f"{section}.{name}",
                              "the rules need this entry and it is missing",
                              f"add `{name}: {shape}` under {section}")


def _states(node: dict[str, Any]) -> dict[str, LifecycleState]:
    out = {}
    for sid, value in node.items():
        path = f"lifecycle.states.{sid}"
        entry = mapping(value, path)
        no_extra(entry, path, ("supported", "new_fixes", "name"))
        out[str(sid)] = LifecycleState(str(sid), text(field(entry, path, "name", dict),
                                                      f"{path}.name"),
                                       field(entry, path, "supported", bool),
                                       field(entry, path, "new_fixes", bool))
    return out

