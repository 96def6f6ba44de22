"""The dialogue's use of the triage: the proposal that opens a case, and later raises.

`latest_message` changes every turn, so the triage that opened the case is kept in the
`triage` slot, written with `TriageResult.as_dict()` and read with `triage_of(slots)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.nlu.criteria import load_criteria
from bot.policy import load_policy
from bot.triage import TriageResult, triage_from_parse

# The case type of a problem the NLU could not place; the customer then chooses a severity.
DEFAULT_CASE_TYPE = "technical"
# The intent of a described problem.
ISSUE_INTENT = "describe_issue"
# The least severe level: what an unagreed severity counts as when comparing.
LEAST_SEVERE = 4


def triage_of(slots: Mapping[str, Any]) -> TriageResult | None:
    """The triage kept in the conversation's `triage` slot, if any."""
    return TriageResult.from_dict(slots.get("triage"))


def proposed(parse: Mapping[str, Any]) -> TriageResult | None:
    """The NLU's proposal in this message, when it gave a severity and a case type."""
    result = triage_from_parse(parse)
    return result if result.proposes else None


def opening_triage(parse: Mapping[str, Any]) -> TriageResult:
    """The triage a described problem opens: the NLU's proposal, else one without a
    severity (the customer is asked to choose) and of the default case type."""
    result = triage_from_parse(parse)
    if result.proposes:
        return result
    return replace(result, severity=None, severity_confidence=None, case_type=DEFAULT_CASE_TYPE,
                   case_type_confidence=None, criteria=(), needs_review=True)


def raised_severity(parse: Mapping[str, Any], agreed: Any) -> TriageResult | None:
    """The triage of this message when it describes something more severe than the
    `agreed` severity (a slot value; none agreed yet counts as the least severe).

    Only a problem description or a message that states a policy criterion raises: the
    NLU also labels form answers and small talk that lean towards a problem (its gate,
    docs/nlu.md), and a raise resting on resemblance alone (`fallback_*`) would move an
    agreed severity on a phone number or a product version."""
    fresh = proposed(parse)
    if fresh is None or fresh.severity is None:
        return None
    described = (parse.get("intent") or {}).get("name") == ISSUE_INTENT
    resemblance = {c.id for c in load_criteria() if c.fallback}
    if not described and all(c.id in resemblance for c in fresh.criteria):
        return None
    return fresh if fresh.severity < (int(agreed) if agreed else LEAST_SEVERE) else None


def case_type_label(case_type: str, language: str) -> str:
    """How the bot names a case type to the customer (policy.yml `case_types`)."""
    return load_policy().case_types[case_type].name.get(language)


def fact_question(fact: str | None, language: str) -> str | None:
    """The policy's question that settles `fact` (policy.yml `severity_rules.facts`)."""
    known = load_policy().severity_rules.facts
    return known[fact].question.get(language) if fact is not None and fact in known else None
