"""What the reliability tests check after a run: figures, and every case row against what
its customer was told."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from bot.cases import CaseRecord, CaseStore
from bot.collect.form import fields_for
from tests.reliability.customers import JAPANESE, Conversation, Load, Send


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile `q` (0-100) of `values`."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def figures(load: Load) -> dict[str, Any]:
    """Latency percentiles (answered sends), throughput and error counts of a run."""
    answered = [s.seconds for s in load.sends if s.status == 200]
    return {
        "customers": load.customers, "seconds": round(load.seconds, 1),
        "conversations": len(load.conversations),
        "completed": sum(c.completed for c in load.conversations),
        "turns": load.turns, "sends": len(load.sends),
        "server_errors": sum(s.server_error for s in load.sends),
        "client_errors": sum(400 <= s.status < 500 for s in load.sends),
        "off_track": sum(c.off_track is not None for c in load.conversations),
        "p50": round(percentile(answered, 50), 3) if answered else None,
        "p95": round(percentile(answered, 95), 3) if answered else None,
        "p99": round(percentile(answered, 99), 3) if answered else None,
        "max": round(max(answered), 3) if answered else None,
        "turns_per_second": round(load.turns / load.seconds, 2),
    }


def case_problems(case: CaseRecord, conversation: Conversation) -> list[str]:
    """How a stored case differs from a complete one for `conversation` (empty: none)."""
    problems = []
    if case.case_number != conversation.case_number:
        problems.append(f"told {conversation.case_number}, stored {case.case_number}")
    if case.language != conversation.lang:
        problems.append(f"language {case.language}")
    if case.reason != "form completed":
        problems.append(f"reason {case.reason!r}")
    if None in (case.severity, case.case_type, case.deadline, case.target):
        problems.append("no severity, case type, deadline or target")
    skipped = set(case.extra.get("skipped", []))
    missing = [f for f in fields_for(case.case_type) if f not in case.fields and f not in skipped]
    if missing:
        problems.append(f"fields missing: {missing}")
    if not case.fields.get("email"):
        problems.append("no e-mail")
    return problems


def unacknowledged_or_broken(store: CaseStore, conversations: list[Conversation]) -> list[str]:
    """Every completed conversation must have exactly one complete case, the one its
    customer was told; returns what is wrong, conversation by conversation."""
    by_conversation: dict[str, list[CaseRecord]] = defaultdict(list)
    for case in store.all():
        by_conversation[case.conversation_id].append(case)
    wrong = []
    for conversation in conversations:
        cases = by_conversation.get(conversation.sender, [])
        if not conversation.completed:
            if len(cases) > 1:
                wrong.append(f"{conversation.sender}: {len(cases)} cases")
            continue
        if len(cases) != 1:
            wrong.append(f"{conversation.sender}: {len(cases)} cases, told "
                         f"{conversation.case_number}")
            continue
        wrong += [f"{conversation.sender}: {p}" for p in case_problems(cases[0], conversation)]
    return wrong


def error_in_customer_language(send: Send, lang: str) -> bool:
    """A refused message came back as the channels' JSON error, in the customer's language."""
    body = send.body
    if not isinstance(body, dict) or body.get("error") != "not_processed":
        return False
    return bool(JAPANESE.search(body["message"])) == (lang == "ja")
