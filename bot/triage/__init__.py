"""Message -> TriageResult: the typed view of the NLU's severity, case type and entities."""

from bot.triage.result import CriterionRef, FactRef, TriageResult, triage_from_parse

__all__ = ["CriterionRef", "FactRef", "TriageResult", "triage_from_parse"]
