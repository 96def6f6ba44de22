"""One call -> its triage record: the caller's normalised words through the NLU, plus context."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from bot.collect.form import fields_for, form_spec
from bot.policy import Policy, load_policy
from bot.transcripts.context import call_context, deadline_of
from bot.transcripts.model import AGENT, CALLER, Call
from bot.transcripts.normalize import language_of, normalize
from bot.transcripts.numbers import join_id_groups
from bot.transcripts.speakers import is_backchannel
from bot.transcripts.tables import load_table
from bot.triage import triage_from_parse

Parse = Callable[[str], Mapping[str, Any]]
# Case fields the NLU finds in speech (entity type = field name); the first value is kept.
ENTITY_FIELDS = ("support_id", "product", "version", "email", "phone", "error_message")
# Case fields a call's metadata may carry (the voice platform knows the caller's number).
META_FIELDS = ("name", "company", "support_id", "product", "version", "email", "phone",
               "contact_method", "contact_time")
END = {"en": ".", "ja": "。"}
DEFAULT_SEVERITY, DEFAULT_CASE_TYPE = 4, "general_inquiry"  # a call with no problem recognised


@lru_cache(maxsize=1)
def _answer_cues() -> list[tuple[re.Pattern[str], dict[str, str]]]:
    raw = load_table("speakers.yml")["answer_cues"]
    return [(re.compile("|".join(spec["asked"]), re.IGNORECASE), spec["write"])
            for spec in raw.values()]


def _with_cue(asked: str | None, answer: str, lang: str) -> str:
    """The answer with the question's cue before its first number ("Yes, version 12.1")."""
    digit = re.search(r"\d", answer)
    cues = _answer_cues()
    # An answer that names its own field ("support ID, will that do? 0491...") when a case
    # number was asked keeps the caller's word.
    if not asked or digit is None or any(p.search(answer) for p, _ in cues):
        return answer
    for pattern, write in cues:
        if pattern.search(asked):
            cue = f"{write[lang]} " if lang == "en" else write[lang]
            return f"{answer[:digit.start()]}{cue}{answer[digit.start():]}"
    return answer


def caller_text(call: Call, lang: str) -> str:
    """What the caller said, normalised, as one text; acknowledgements left out."""
    sentences: list[str] = []
    asked: str | None = None
    for turn in call.turns:
        if turn.role == AGENT:
            asked = unicodedata.normalize("NFKC", turn.text)  # only searched for a cue
            continue
        text = normalize(turn.text, lang)
        if text and not is_backchannel(text):
            text = join_id_groups(_with_cue(asked, text, lang))
            sentences.append(text if text[-1] in ".!?。!?" else text + END[lang])
        asked = None
    return (" " if lang == "en" else "").join(sentences)


def dedupe_key(call: Call) -> str:
    """Content hash + call id, at most 128 characters."""
    call_id = call.call_id if len(call.call_id) <= 80 else hashlib.sha256(
        call.call_id.encode()).hexdigest()[:40]
    return f"{call.content_hash[:40]}:{call_id}"


def _fields(entities: Mapping[str, list[str]], meta: Mapping[str, Any],
            description: str) -> dict[str, Any]:
    found: dict[str, Any] = {k: entities[k][0] for k in ENTITY_FIELDS if entities.get(k)}
    for key in META_FIELDS:
        if meta.get(key) not in (None, "") and key not in found:
            found[key] = meta[key]
    if len(description) >= int(form_spec().fields["description"].options.get("min_chars", 0)):
        found["description"] = description
    return found


def _missing(case_type: str | None, fields: Mapping[str, Any]) -> list[str]:
    spec = form_spec()
    return [n for n in fields_for(case_type) if not spec.fields[n].optional and n not in fields]


def triage_call(call: Call, parse: Parse, file: str, policy: Policy | None = None) -> dict[str, Any]:
    """The record of one call (its roles already assigned, see speakers.assign_roles)."""
    context = call_context(call.metadata)
    spoken = " ".join(t.text for t in call.turns_of(CALLER))
    lang = context.language if context.language in END else language_of(spoken)
    text = caller_text(call, lang)
    warnings = list(context.warnings)
    if len(call.speakers) >= 2 and not call.metadata.get("agent_speakers"):
        warnings.append(f"no speaker is the agent (agent_speaker {call.metadata.get('agent_speaker')!r}"
                        f" names none of {list(call.speakers)}): every turn was read as the caller's")
    if text:
        result = triage_from_parse(parse(text)).as_dict()
        if result["severity"] is None:
            # Every call is a case: one the NLU reads as no problem ("what are your hours?")
            # is filed as the least severe inquiry, for a person to check.
            result.update(severity=DEFAULT_SEVERITY, needs_review=True,
                          case_type=result["case_type"] or DEFAULT_CASE_TYPE)
            warnings.append(f"no problem recognised: filed as severity {DEFAULT_SEVERITY} "
                            f"{result['case_type']} for review")
    else:
        warnings.append("the caller says nothing to triage")
        result = {"severity": None, "severity_confidence": None, "case_type": None,
                  "case_type_confidence": None, "criteria": [], "needs_review": True,
                  "entities": {}}
    fields = _fields(result["entities"], call.metadata, text)
    return {
        "file": file, "id": call.call_id, "format": call.format, "language": lang,
        "severity": result["severity"], "severity_confidence": result["severity_confidence"],
        "criterion": (result["criteria"] or [None])[0], "needs_review": result["needs_review"],
        "case_type": result["case_type"], "case_type_confidence": result["case_type_confidence"],
        "fields": fields, "missing": _missing(result["case_type"], fields),
        "entities": result["entities"],
        "started_at": context.started_at.isoformat() if context.started_at else None,
        "country": context.country, "timezone": context.timezone, "program": context.program,
        **deadline_of(context, result["severity"], policy or load_policy()),
        "speakers": list(call.speakers), "agent_speakers": call.metadata.get("agent_speakers", []),
        "agent_found_by": call.metadata.get("agent_found_by"), "caller_text": text,
        "turns": [t.as_dict() for t in call.turns], "warnings": warnings,
        "dedupe_key": dedupe_key(call),
    }


def error_record(file: str, code: str, message: str, call_id: str | None = None,
                 line: int | None = None) -> dict[str, Any]:
    """The record of a file or line that could not be read."""
    record: dict[str, Any] = {"file": file, "error": code, "message": message}
    if call_id is not None:
        record["id"] = call_id
    if line is not None:
        record["line"] = line
    return record
