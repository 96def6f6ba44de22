"""Message -> TriageResult: the typed view of the NLU's severity, case type and entities."""

from bot.triage.result import CriterionRef, TriageResult, triage_from_parse

__all__ = ["CriterionRef", "TriageResult", "triage_from_parse"]
