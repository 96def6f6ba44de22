"""Case page, review with audit log and deadline recompute, follow-up, closing, safe output."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from bot.cases import CaseStore
from bot.cases.review import CaseReview
from bot.cases.thread import CaseThread
from bot.dialogue.decisions import decision_for

from .client import ConsoleClient
from .seed import seed_case

Client = Callable[[str | None], ConsoleClient]
# Kasten Premium targets are wall-clock hours (P1 1 h ... P3 6 h): deadlines independent of
# business hours, so the test does not depend on the weekday it runs on.
KASTEN = {"program": "kasten-premium", "tz": "America/New_York"}
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def _deadline(case_number: str, store: CaseStore) -> datetime | None:
    case = store.get(case_number)
    assert case is not None
    return case.deadline


def test_case_page_shows_words_fields_decisions_and_both_time_zones(
        client: Client, store: CaseStore) -> None:
    case = seed_case(store, "page-1", "restores from the tape library hang", severity=2,
                     language="ja", country="JP", tz="Asia/Tokyo", program="kasten-premium")
    page = client("rita").get(f"/console/cases/{case.case_number}").text
    assert "restores from the tape library hang" in page
    assert "it@example.com" in page and "Missing: phone" in page
    for decision in case.decisions:
        assert html.escape(decision["section"]) in page
    assert "(Asia/Tokyo)" in page and "(Europe/Berlin)" in page  # customer's and reviewer's
    assert "criterion for 2" in page and "71%" in page


def test_override_recomputes_the_deadline_from_the_opening_time_and_is_audited(
        client: Client, store: CaseStore) -> None:
    opened = datetime.now(timezone.utc) - timedelta(minutes=20)
    case = seed_case(store, "review-1", "all jobs fail", severity=3, opened=opened, **KASTEN)
    number = str(case.case_number)
    before = _deadline(number, store)
    assert before == opened + timedelta(hours=6)
    rita = client("rita")
    rita.get(f"/console/cases/{number}")
    response = rita.post(f"/console/cases/{number}/review",
                         {"severity": "1", "case_type": "technical",
                          "reason": "production is down"})
    assert response.status_code == 303
    after = _deadline(number, store)
    assert after == opened + timedelta(hours=1)  # from the opening time, not from now
    [entry] = CaseReview(store).log(number)
    assert (entry.actor, entry.action, entry.reason) == ("rita", "override", "production is down")
    assert entry.before == {"severity": 3, "case_type": "technical",
                            "deadline": before.isoformat()}  # type: ignore[union-attr]
    assert entry.after["severity"] == 1 and entry.after["deadline"] == after.isoformat()  # type: ignore[union-attr]
    page = rita.get(f"/console/cases/{number}").text
    assert 'id="deadline-change"' in page and "production is down" in page
    assert page.count("override") >= 1


def test_a_change_without_reason_is_refused_and_changes_nothing(
        client: Client, store: CaseStore) -> None:
    case = seed_case(store, "review-2", "licence expired", severity=3, **KASTEN)
    number = str(case.case_number)
    rita = client("rita")
    rita.get(f"/console/cases/{number}")
    response = rita.post(f"/console/cases/{number}/review",
                         {"severity": "2", "case_type": "technical", "reason": " "})
    assert response.status_code == 400 and "Give a reason" in response.text
    assert store.get(number).severity == 3  # type: ignore[union-attr]
    assert CaseReview(store).log(number) == []


@pytest.mark.parametrize(("form", "message"), [
    ({"severity": "5", "case_type": "technical"}, "severity from 1 to 4"),
    ({"severity": "x", "case_type": "technical"}, "severity from 1 to 4"),
    ({"severity": "2", "case_type": "gossip"}, "case types"),
])
def test_bad_review_input_gets_a_clear_400(client: Client, store: CaseStore,
                                           form: dict[str, str], message: str) -> None:
    case = seed_case(store, f"bad-{form['severity']}-{form['case_type']}", "x", **KASTEN)
    rita = client("rita")
    rita.get(f"/console/cases/{case.case_number}")
    response = rita.post(f"/console/cases/{case.case_number}/review", {**form, "reason": "r"})
    assert response.status_code == 400 and message in response.text


def test_confirm_keeps_labels_and_deadline_and_is_logged(client: Client, store: CaseStore) -> None:
    case = seed_case(store, "confirm-1", "one VM fails", severity=3, **KASTEN)
    number = str(case.case_number)
    rita = client("rita")
    rita.get(f"/console/cases/{number}")
    assert rita.post(f"/console/cases/{number}/review",
                     {"severity": "3", "case_type": "technical", "reason": ""}
                     ).status_code == 303
    assert _deadline(number, store) == case.deadline
    [entry] = CaseReview(store).log(number)
    assert entry.action == "confirm" and entry.before == entry.after


def test_recompute_matches_the_tier_rules_for_a_business_hours_program(store: CaseStore) -> None:
    from bot.web.console.casework import load_cases, recompute_deadline

    opened = datetime(2026, 12, 3, 15, 0, tzinfo=timezone.utc)  # a Thursday
    case = seed_case(store, "basic-1", "slow", severity=3, program="basic", opened=opened)
    [view] = load_cases(store, case.case_number)
    slots = {"program": "basic", "role": "case_administrator", "country": "US",
             "timezone": "America/New_York", "language": "en", "severity": "1",
             "case_type": "technical", "triage": {}}
    assert recompute_deadline(view, 1, "technical") == decision_for(slots, opened).sla.deadline
    assert recompute_deadline(view, 1, "technical") != case.deadline


@pytest.mark.parametrize("text", XSS)
def test_customer_text_is_escaped_and_headers_forbid_inline_script(
        client: Client, store: CaseStore, text: str) -> None:
    case = seed_case(store, f"xss-{len(text)}", text, **KASTEN)
    CaseThread(store).append(str(case.case_number), "customer", text, datetime.now(timezone.utc))
    rita = client("rita")
    for path in (f"/console/cases/{case.case_number}", "/console/"):
        response = rita.get(path)
        assert text not in response.text
        if path != "/console/":
            assert html.escape(text) in response.text
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_thread_json_has_the_messages_after_handoff(client: Client, store: CaseStore) -> None:
    case = seed_case(store, "thread-1", "x", **KASTEN)
    thread = CaseThread(store)
    thread.append(str(case.case_number), "customer", "any news?", datetime.now(timezone.utc))
    body = client("rita").get(f"/console/cases/{case.case_number}/thread").json()
    assert [(m["author"], m["text"]) for m in body["messages"]] == [("customer", "any news?")]


def test_message_to_a_voice_case_or_with_rasa_down_is_refused(
        client: Client, store: CaseStore) -> None:
    voice = seed_case(store, "voice-1", "caller: my jobs fail", source="voice",
                      extra={"turns": [{"speaker": "customer", "text": "<b>my jobs fail</b>"}]},
                      **KASTEN)
    chat = seed_case(store, "chat-down", "x", **KASTEN)
    rita = client("rita")
    page = rita.get(f"/console/cases/{voice.case_number}").text
    assert "&lt;b&gt;my jobs fail&lt;/b&gt;" in page and "Write to the customer" not in page
    assert rita.post(f"/console/cases/{voice.case_number}/message", {"text": "hi"}
                     ).status_code == 400
    response = rita.post(f"/console/cases/{chat.case_number}/message", {"text": "hello"})
    assert response.status_code == 502 and "Not delivered" in response.text
    assert CaseThread(store).messages(str(chat.case_number)) == []  # nothing claimed as sent


def test_three_business_days_of_attempts_allow_closing_unreachable(
        client: Client, store: CaseStore) -> None:
    case = seed_case(store, "follow-1", "x", **KASTEN)
    number = str(case.case_number)
    rita = client("rita")
    rita.get(f"/console/cases/{number}")
    refused = rita.post(f"/console/cases/{number}/close", {"resolution": "unreachable"})
    assert refused.status_code == 400 and "three different business days" in refused.text
    assert rita.post(f"/console/cases/{number}/contact", {"channel": "phone", "note": "voicemail"}
                     ).status_code == 303
    review = CaseReview(store)
    # Mon 7 - Wed 9 Dec 2026 (New York): three business days, whatever day the test runs
    for day in (7, 8, 9):
        review.change(number, "rita", "contact", {}, "", datetime(2026, 12, day, 15, 0,
                                                                     tzinfo=timezone.utc))
    page = rita.get(f"/console/cases/{number}").text
    assert 'id="may-close"' in page
    closed = rita.post(f"/console/cases/{number}/close",
                       {"resolution": "unreachable", "note": "no answer"})
    assert closed.status_code == 303
    assert store.get(number).status == "closed"  # type: ignore[union-attr]
    last = review.log(number)[-1]
    assert (last.action, last.after, last.reason) == (
        "close", {"status": "closed", "resolution": "unreachable"}, "no answer")
    again = rita.post(f"/console/cases/{number}/close", {"resolution": "fix"})
    assert again.status_code == 409


def test_close_needs_a_policy_resolution_kind(client: Client, store: CaseStore) -> None:
    case = seed_case(store, "close-1", "x", **KASTEN)
    rita = client("rita")
    rita.get(f"/console/cases/{case.case_number}")
    assert rita.post(f"/console/cases/{case.case_number}/close", {"resolution": "vanished"}
                     ).status_code == 400
    assert rita.post(f"/console/cases/{case.case_number}/close", {"resolution": "fix"}
                     ).status_code == 303


def test_unknown_case_is_a_404(client: Client) -> None:
    assert client("rita").get("/console/cases/09999999").status_code == 404
