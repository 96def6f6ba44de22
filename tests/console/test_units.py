"""Plain console modules: accounts, sessions, login limits, follow-up days, audit, agreement."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.cases import CaseStore
from bot.cases.corrections import Correction, new_examples, nlu_yaml, text_key
from bot.cases.followup import attempt_days, may_close_unreachable
from bot.cases.review import CaseReview
from bot.staff import StaffAccounts, StaffError
from bot.staff.ratelimit import MAX_PER_ACCOUNT, WINDOW, LoginLimiter
from bot.staff.sessions import SESSION_LIFETIME, Sessions, tokens_match
from bot.web.console.agreement import agreement, chart_bars
from bot.web.console.formatting import duration

from .seed import PASSWORD, seed_case

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture()
def db(tmp_path: Path) -> CaseStore:
    return CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")


def test_passwords_are_stored_as_argon2id_and_verified(db: CaseStore) -> None:
    accounts = StaffAccounts(db)
    accounts.add("rita", PASSWORD, "reviewer", "Europe/Berlin")
    with db.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM staff").scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.verify("rita", PASSWORD).role == "reviewer"  # type: ignore[union-attr]
    assert accounts.verify("rita", PASSWORD + "x") is None
    assert accounts.verify("nobody", PASSWORD) is None


@pytest.mark.parametrize(("username", "password", "role", "tz", "message"), [
    ("Rita!", PASSWORD, "reviewer", "UTC", "username"),
    ("rita", "short", "reviewer", "UTC", "at least 12"),
    ("rita", PASSWORD, "boss", "UTC", "role must be one of"),
    ("rita", PASSWORD, "admin", "Mars/Olympus", "unknown time zone"),
])
def test_bad_accounts_are_refused_with_the_reason(db: CaseStore, username: str, password: str,
                                                  role: str, tz: str, message: str) -> None:
    with pytest.raises(StaffError, match=message):
        StaffAccounts(db).add(username, password, role, tz)


def test_a_username_is_taken_once(db: CaseStore) -> None:
    accounts = StaffAccounts(db)
    accounts.add("rita", PASSWORD, "reviewer")
    with pytest.raises(StaffError, match="already an account"):
        accounts.add("rita", PASSWORD, "admin")


def _flip(text: str) -> str:
    """``text`` with its first character changed to another base64url one."""
    return ("B" if text[0] == "A" else "A") + text[1:]


def test_sessions_expire_end_and_refuse_forged_cookies(db: CaseStore) -> None:
    sessions = Sessions(db, "secret-one")
    cookie = sessions.create("rita", NOW)
    session = sessions.resolve(cookie, NOW + timedelta(hours=1))
    assert session is not None and session.username == "rita"
    assert tokens_match(session.csrf_token, session.csrf_token)
    assert sessions.resolve(cookie, NOW + SESSION_LIFETIME) is None  # expired
    assert Sessions(db, "secret-two").resolve(cookie, NOW) is None  # other key: forged
    # Flip the first character of the id and of the signature: the last base64
    # character of a signature carries padding bits, so changing it may decode
    # to the same bytes and prove nothing.
    value, signature = cookie.split(".")
    for tampered in (_flip(value) + "." + signature, value + "." + _flip(signature)):
        assert sessions.resolve(tampered, NOW) is None
    sessions.end(cookie)
    assert sessions.resolve(cookie, NOW) is None
    with db.engine.connect() as conn:  # only a digest of the id is stored
        stored = conn.exec_driver_sql("SELECT id_hash FROM staff_sessions").scalars().all()
    assert all(cookie.split(".")[0] not in h for h in stored)


def test_login_tokens_need_the_signed_nonce_cookie(db: CaseStore) -> None:
    sessions = Sessions(db, "secret")
    nonce = sessions.login_nonce()
    assert sessions.login_csrf(nonce) == sessions.login_csrf(nonce)
    assert sessions.login_csrf("made-up") is None
    assert not tokens_match(None, None) and not tokens_match("a", "")


def test_login_limiter_blocks_an_account_for_the_window_then_forgets() -> None:
    clock = [0.0]
    limiter = LoginLimiter(lambda: clock[0])
    for _ in range(MAX_PER_ACCOUNT):
        assert limiter.retry_after("rita", "10.0.0.1") == 0
        limiter.failed("rita", "10.0.0.1")
    assert limiter.retry_after("rita", "10.0.0.2") == int(WINDOW) + 1
    assert limiter.retry_after("adam", "10.0.0.2") == 0
    clock[0] = WINDOW + 1
    assert limiter.retry_after("rita", "10.0.0.1") == 0


def test_attempts_count_once_per_business_day_in_the_customers_calendar() -> None:
    tokyo = [datetime(2026, 12, 31, 1, 0, tzinfo=timezone.utc),  # Thu 31 Dec 10:00 JST
             datetime(2027, 1, 1, 1, 0, tzinfo=timezone.utc),  # New Year's Day: holiday
             datetime(2027, 1, 2, 1, 0, tzinfo=timezone.utc),  # Saturday
             datetime(2027, 1, 4, 1, 0, tzinfo=timezone.utc),  # Mon 4 Jan
             datetime(2027, 1, 4, 5, 0, tzinfo=timezone.utc)]  # same day again
    assert attempt_days(tokyo, "Asia/Tokyo", "JP") == [date(2026, 12, 31), date(2027, 1, 4)]
    assert not may_close_unreachable(tokyo, "Asia/Tokyo", "JP")
    third = [*tokyo, datetime(2027, 1, 5, 1, 0, tzinfo=timezone.utc)]
    assert may_close_unreachable(third, "Asia/Tokyo", "JP")


def test_audit_rows_are_only_appended_with_each_change(db: CaseStore) -> None:
    case = seed_case(db, "audit-1", "x", program="kasten-premium")
    review = CaseReview(db)
    review.change(str(case.case_number), "rita", "override", {"severity": 1}, "outage", NOW)
    review.change(str(case.case_number), "adam", "override", {"severity": 2}, "not so bad", NOW)
    log = review.log(str(case.case_number))
    assert [(e.actor, e.before, e.after) for e in log] == [
        ("rita", {"severity": 3}, {"severity": 1}), ("adam", {"severity": 1}, {"severity": 2})]
    assert db.get(str(case.case_number)).severity == 2  # type: ignore[union-attr]
    with pytest.raises(KeyError):
        review.change("09999999", "rita", "confirm", {}, "", NOW)
    with pytest.raises(ValueError, match="cannot change"):
        review.change(str(case.case_number), "rita", "override", {"triage": {}}, "", NOW)
    with pytest.raises(ValueError, match="action"):
        review.change(str(case.case_number), "rita", "delete", {}, "", NOW)


def test_agreement_counts_the_diagonal_per_language_and_level() -> None:
    results = agreement([("en", 1, 1), ("en", 2, 1), ("en", 3, 3), ("ja", 4, 4), ("ja", 9, 1)])
    assert (results["en"].agreed, results["en"].total) == (2, 3)
    assert results["en"].rate_for(1) == 0.5 and results["en"].rate_for(2) is None
    assert results["ja"].total == 1  # an unknown level is left out
    assert [b.label for b in chart_bars(results)] == [
        "en severity 1", "en severity 3", "ja severity 4"]


def test_corrections_dedupe_on_normalised_text_and_write_rasa_blocks() -> None:
    known = {text_key("The [VBR](product) job  FAILED")}
    items = [Correction("1", "en", "the VBR job failed", 2, "technical"),
             Correction("2", "en", "ＶＭ is down", 1, "technical"),
             Correction("3", "en", "vm is down", 1, "technical")]
    fresh = new_examples(items, known)
    assert [c.case_number for c in fresh] == ["3"]  # NFKC + case fold: one text, latest wins
    text = nlu_yaml(fresh)
    assert "- intent: describe_issue\n  metadata:\n    severity: 1\n    case_type: technical\n" \
        in text and "    - vm is down\n" in text


@pytest.mark.parametrize(("minutes", "text"), [
    (125, "2 h 05 min left"), (-20, "breached 20 min ago"), (3 * 24 * 60 + 60, "3 d 1 h left")])
def test_duration_text(minutes: int, text: str) -> None:
    assert duration(timedelta(minutes=minutes)) == text


def _staff_cli(tmp_path: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRIAGEBOT_CASES_URL": f"sqlite:///{tmp_path / 'cases.db'}",
           "TRIAGEBOT_VAR_DIR": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "bot", "staff", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=60, check=False)


def test_staff_add_reads_the_password_twice_from_stdin(tmp_path: Path) -> None:
    added = _staff_cli(tmp_path, "add", "nina", "--role", "admin", "--timezone", "Asia/Tokyo",
                       stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.returncode == 0, added.stderr
    assert "added nina (admin, Asia/Tokyo)" in added.stdout
    account = StaffAccounts(CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")).verify(
        "nina", PASSWORD)
    assert account is not None and account.is_admin
    differ = _staff_cli(tmp_path, "add", "omar", "--role", "reviewer",
                        stdin=f"{PASSWORD}\n{PASSWORD}!\n")
    assert differ.returncode == 2 and "the two passwords differ" in differ.stderr
    listed = _staff_cli(tmp_path, "list", stdin="")
    assert listed.stdout.splitlines() == ["nina\tadmin\tAsia/Tokyo"]
