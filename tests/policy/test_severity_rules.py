"""The §4.4 severity rules over facts: the packaged rules, their validation and arithmetic."""

from __future__ import annotations

from typing import Any

import pytest

from bot.policy import Policy, load_policy
from bot.policy.reader import PolicyError

# facts (argmax values) -> (severity, rule id) under the packaged policy.yml
RULE_CASES = [
    ({"production": "down", "scope": "one"}, 1, "production_down"),
    ({"production": "running", "scope": "several", "work": "primary", "problem": "failure"},
     2, "several_primary_jobs_fail"),
    ({"production": "running", "scope": "environment", "work": "primary", "problem": "failure"},
     1, "environment_wide_failure"),
    ({"production": "non_production", "scope": "environment", "work": "primary",
      "problem": "failure"}, 3, "non_production"),
    ({"production": "running", "work": "infrastructure_monitoring", "problem": "failure"},
     2, "infrastructure_monitoring_failure"),
    ({"production": "running", "scope": "several", "work": "secondary", "problem": "failure"},
     3, "secondary_backup_failure"),
    ({"production": "running", "work": "restore", "restore_need": "urgent", "problem": "failure"},
     1, "urgent_production_restore"),
    ({"production": "running", "work": "console", "problem": "unreachable"},
     1, "console_unreachable"),
    ({"production": "running", "problem": "question", "work": "none"}, 4, "howto_question"),
    # A crawling capacity-tier offload is a secondary-copy problem; slow primary backups are 2.
    ({"production": "running", "work": "secondary", "problem": "extreme_slowness"},
     3, "slow_secondary_copy"),
    ({"production": "running", "work": "primary", "problem": "extreme_slowness"},
     2, "extremely_slow"),
]


@pytest.mark.parametrize(("facts", "severity", "rule_id"), RULE_CASES)
def test_first_rule_that_holds(policy: Policy, facts: dict[str, str], severity: int,
                               rule_id: str) -> None:
    rule = policy.severity_rules.first(facts)
    assert rule is not None and (rule.severity, rule.id) == (severity, rule_id)
    assert rule.section == "§4.4"


def test_no_rule_for_facts_that_decide_nothing(policy: Policy) -> None:
    assert policy.severity_rules.first({"production": "running", "work": "none"}) is None
    # no facts read (a model without the fact extractor): all mass on "no rule"
    assert policy.severity_rules.distribution({}) == {None: 1.0}


def test_distribution_and_the_deciding_fact(policy: Policy) -> None:
    rules = policy.severity_rules
    ranked = {"production": [("down", 0.6), ("running", 0.4)],
              "scope": [("several", 1.0)], "work": [("primary", 1.0)],
              "problem": [("failure", 1.0)]}
    mass = rules.distribution(ranked)
    assert mass == pytest.approx({"production_down": 0.6, "several_primary_jobs_fail": 0.4})
    # production decides between 1 and 2; the other facts have no runner-up
    assert rules.deciding_fact(ranked) == "production"
    sure = {**ranked, "production": [("running", 0.97), ("down", 0.03)],
            "scope": [("several", 0.9), ("environment", 0.1)]}
    assert rules.deciding_fact(sure) == "scope"  # the likelier flip: 0.1 > 0.03


def test_every_fact_has_a_question_and_labels_in_both_languages(policy: Policy) -> None:
    for fact in policy.severity_rules.facts.values():
        assert fact.question.en.endswith("?") and fact.question.ja
        assert all(label.en and label.ja for label in fact.values.values())


BAD = [
    ("when", {"production": "exploded"}, "unknown-ref"),
    ("when", {"weather": "rain"}, "unknown-ref"),
    ("when", {}, "bad-value"),
    ("severity", 5, "bad-value"),
]


@pytest.mark.parametrize(("key", "value", "code"), BAD)
def test_bad_rule_names_field_and_fix(raw: dict[str, Any], write_policy: Any, key: str,
                                      value: Any, code: str) -> None:
    raw["severity_rules"]["rules"][0][key] = value
    with pytest.raises(PolicyError) as caught:
        load_policy(write_policy(raw))
    assert caught.value.code == code
    assert caught.value.path.startswith("severity_rules.rules[0]")


def test_duplicate_rule_id_is_refused(raw: dict[str, Any], write_policy: Any) -> None:
    raw["severity_rules"]["rules"][1]["id"] = raw["severity_rules"]["rules"][0]["id"]
    with pytest.raises(PolicyError, match="used twice"):
        load_policy(write_policy(raw))


def test_rule_text_needs_both_languages(raw: dict[str, Any], write_policy: Any) -> None:
    del raw["severity_rules"]["rules"][0]["ja"]
    with pytest.raises(PolicyError) as caught:
        load_policy(write_policy(raw))
    assert caught.value.code == "missing-translation"
