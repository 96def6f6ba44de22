"""`TriageResult`, built from a Rasa parse result and serialised in one place (`as_dict`).

The same dict is the batch output of `triagebot triage`, the value of the dialogue's
`triage` slot and the `triage` column of a case record; `TriageResult.from_dict` reads it
back. Nothing else builds or reads those dicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

# Entities that describe the conversation, not the case.
NOT_CASE_ENTITIES = frozenset({"language"})


@dataclass(frozen=True)
class CriterionRef:
    """A policy criterion behind a severity, described in both languages."""

    id: str
    en: str
    ja: str
    section: str = ""  # the policy section, for criteria from the severity rules

    def text(self, lang: str | None) -> str:
        """The description in `lang`, English when unknown."""
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class FactRef:
    """A fact read from the message that the severity rests on (bot/policy severity_rules)."""

    fact: str
    value: str
    confidence: float
    en: str
    ja: str

    def text(self, lang: str | None) -> str:
        """The fact as understood, in `lang`, English when unknown."""
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class TriageResult:
    """What the NLU proposes for the customer's description of a problem.

    `severity`/`case_type` are None when the NLU judged the message not to describe a
    problem; such a result always `needs_review`. `entities` maps each entity type to its
    values in order of appearance (canonical values, see docs/nlu.md). `text` is what the
    customer wrote; `rejected` is set by the dialogue when the customer turns the proposed
    severity down. `understood` are the facts the severity rests on; `ask` names the fact
    whose answer would settle an uncertain severity (a `severity_rules` fact).
    """

    lang: str | None
    severity: int | None
    severity_confidence: float | None
    case_type: str | None
    case_type_confidence: float | None
    criteria: tuple[CriterionRef, ...] = ()
    needs_review: bool = True
    entities: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    text: str = ""
    rejected: bool = False
    understood: tuple[FactRef, ...] = ()
    ask: str | None = None

    @property
    def proposes(self) -> bool:
        """True when the NLU proposed both a severity and a case type."""
        return self.severity is not None and self.case_type is not None

    def criterion_text(self, lang: str | None) -> str:
        """The matched policy criteria in `lang`, joined for a sentence."""
        return ("、" if lang == "ja" else "; ").join(c.text(lang) or c.en for c in self.criteria)

    def understood_text(self, lang: str | None) -> str:
        """What was understood, e.g. "several jobs or servers are affected; production keeps
        running", in `lang`."""
        return ("、" if lang == "ja" else "; ").join(f.text(lang) for f in self.understood)

    def explanation(self, lang: str | None) -> str:
        """What was understood and the criterion it meets, e.g. "several jobs or servers are
        affected; production keeps running → several primary backup jobs fail while
        production is up (policy §4.4)"; the criterion alone when no fact was cited."""
        sections = sorted({c.section for c in self.criteria if c.section})
        where = ""
        if sections:
            where = (f"(サポートポリシー{'、'.join(sections)})" if lang == "ja"
                     else f" (policy {', '.join(sections)})")
        criterion = self.criterion_text(lang) + where
        return f"{self.understood_text(lang)} → {criterion}" if self.understood else criterion

    def as_dict(self) -> dict[str, Any]:
        """The JSON-ready form (batch output, `triage` slot, case record)."""
        return {
            "lang": self.lang,
            "severity": self.severity,
            "severity_confidence": self.severity_confidence,
            "case_type": self.case_type,
            "case_type_confidence": self.case_type_confidence,
            "criteria": [{"id": c.id, "en": c.en, "ja": c.ja, "section": c.section}
                         for c in self.criteria],
            "needs_review": self.needs_review,
            "entities": {k: list(v) for k, v in self.entities.items()},
            "text": self.text,
            "rejected": self.rejected,
            "understood": [{"fact": f.fact, "value": f.value, "confidence": f.confidence,
                            "en": f.en, "ja": f.ja} for f in self.understood],
            "ask": self.ask,
        }

    @classmethod
    def from_dict(cls, value: Mapping[str, Any] | None) -> TriageResult | None:
        """Read back what `as_dict` wrote (None for an empty slot)."""
        if not value:
            return None
        severity, case_type = value.get("severity"), value.get("case_type")
        return cls(
            lang=value.get("lang"),
            severity=None if severity is None else int(severity),
            severity_confidence=value.get("severity_confidence"),
            case_type=None if case_type is None else str(case_type),
            case_type_confidence=value.get("case_type_confidence"),
            criteria=_criteria(value.get("criteria")),
            needs_review=bool(value.get("needs_review", True)),
            entities={str(k): tuple(v) for k, v in (value.get("entities") or {}).items()},
            text=str(value.get("text") or ""),
            rejected=bool(value.get("rejected", False)),
            understood=_understood(value.get("understood")),
            ask=None if value.get("ask") is None else str(value["ask"]),
        )

    def reject(self) -> TriageResult:
        """The same proposal, turned down by the customer."""
        return replace(self, rejected=True)

    def following(self, earlier: TriageResult | None) -> TriageResult:
        """This triage of a further description, keeping the customer's earlier words."""
        if earlier is None or not earlier.text:
            return self
        return replace(self, text=f"{earlier.text}\n{self.text}".strip())


def _criteria(value: Any) -> tuple[CriterionRef, ...]:
    return tuple(CriterionRef(str(c["id"]), str(c.get("en", "")), str(c.get("ja", "")),
                              str(c.get("section") or ""))
                 for c in value or () if isinstance(c, Mapping) and "id" in c)


def _understood(value: Any) -> tuple[FactRef, ...]:
    return tuple(FactRef(str(f["fact"]), str(f.get("value", "")),
                         float(f.get("confidence") or 0.0), str(f.get("en", "")),
                         str(f.get("ja", "")))
                 for f in value or () if isinstance(f, Mapping) and "fact" in f)


def _label(parse: Mapping[str, Any], key: str) -> tuple[Any, float | None]:
    block = parse.get(key)
    if not isinstance(block, Mapping) or block.get("value") is None:
        return None, None
    return block["value"], round(float(block.get("confidence", 0.0)), 4)


def _entities(parse: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    ordered = sorted(parse.get("entities") or [], key=lambda e: e.get("start", 0))
    for entity in ordered:
        kind, value = entity.get("entity"), entity.get("value")
        if kind in NOT_CASE_ENTITIES or kind is None or value is None:
            continue
        values = found.setdefault(kind, [])
        if str(value) not in values:
            values.append(str(value))
    return {k: tuple(v) for k, v in found.items()}


def triage_from_parse(parse: Mapping[str, Any]) -> TriageResult:
    """Build the TriageResult of a parse result (`/model/parse` or latest_message)."""
    severity, severity_confidence = _label(parse, "severity")
    case_type, case_type_confidence = _label(parse, "case_type")
    criteria = _criteria(parse.get("criteria"))
    needs_review = bool(parse.get("needs_review", False)) or severity is None
    return TriageResult(
        lang=parse.get("language"),
        severity=int(severity) if severity is not None else None,
        severity_confidence=severity_confidence,
        case_type=str(case_type) if case_type is not None else None,
        case_type_confidence=case_type_confidence,
        criteria=criteria,
        needs_review=needs_review,
        entities=_entities(parse),
        text=str(parse.get("text") or ""),
        understood=_understood(parse.get("understood")),
        ask=str(parse["ask"]) if parse.get("ask") else None,
    )
