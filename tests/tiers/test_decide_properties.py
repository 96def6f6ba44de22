"""Properties of decide() over random customers, cases and times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.policy import load_policy
from bot.policy.loader import DEFAULT_PATH
from bot.sla import first_response_deadline
from bot.sla.calendar import is_open
from bot.sla.deadline import customer_zone
from bot.tiers import Customer, Decision, Triage, decide

POLICY = load_policy(DEFAULT_PATH)
PLACES = [("JP", "Asia/Tokyo"), ("US", "America/New_York"), ("DE", "Europe/Berlin"),
          ("CA", "America/Vancouver"), ("BR", "America/Sao_Paulo"), ("AU", "Australia/Sydney"),
          ("GB", "Europe/London"), ("AQ", "Antarctica/Troll")]

triages = st.builds(Triage, severity=st.integers(1, 4),
                    case_type=st.sampled_from(sorted(POLICY.case_types)),
                    experimental=st.booleans(),
                    out_of_scope_kind=st.sampled_from([None, "training", "sql_instance", "x"]))
customers = st.builds(
    lambda place, **kw: Customer(country=place[0], timezone=place[1], **kw),
    place=st.sampled_from(PLACES), program=st.sampled_from(sorted(POLICY.programs)),
    role=st.sampled_from([*POLICY.case_roles, "end_user"]),
    language=st.sampled_from(["en", "ja", "es", "fr", "de", "zh", "pt", "ko"]),
    product=st.sampled_from(["VBR", "K10", "Veeam ONE", "VB365", "something else"]),
    release_date=st.none() | st.dates(datetime(2025, 1, 1).date(), datetime(2027, 1, 1).date()),
    is_partner_end_customer=st.booleans(), us_federal=st.booleans())
instants = st.integers(0, 2 * 365 * 24 * 60).map(
    lambda m: datetime(2025, 6, 1, tzinfo=timezone.utc) + timedelta(minutes=m))


@settings(deadline=None, max_examples=300)
@given(triages, customers, instants)
def test_decision_invariants(check_bilingual: Callable[[Decision], None], triage: Triage,
                             customer: Customer, now: datetime) -> None:
    decision = decide(triage, customer, now, policy=POLICY)
    check_bilingual(decision)
    program = POLICY.programs[customer.program]
    case_type = POLICY.case_types[triage.case_type]
    if not decision.case.allowed:
        assert decision.sla.deadline is None and not decision.phone.allowed
        assert decision.sam is None and decision.technician is None
    if decision.phone.allowed:
        assert program.phone and case_type.phone and decision.case.allowed
    if decision.sla.deadline is not None:
        assert decision.sla.deadline >= now and case_type.sla
        expected = first_response_deadline(customer.program, triage.severity, now,
                                           customer.timezone, customer.country, policy=POLICY)
        assert decision.sla.deadline == expected.deadline
        assert decision.sla.guaranteed == (program.guaranteed and not triage.experimental)
    if decision.technician is not None:
        assert triage.severity == 1 and program.sev1_around_the_clock
    if decision.sam is not None:
        assert program.sam_hours is not None
    language = decision.language.language
    assert language in ("en", customer.language)
    if language != "en":
        product = POLICY.product(customer.product)
        assert product is not None and product.policy == "main" and not program.english_only
        assert is_open(POLICY.languages.hours, customer_zone(customer.timezone),
                       customer.country, now)
