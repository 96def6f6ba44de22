"""A bad policy file fails at load with a code, the field path and how to fix it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.policy import PolicyError, load_policy
from bot.policy.loader import DEFAULT_PATH

_DELETE = object()


def _edit(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Set (or delete, with _DELETE) the value at a dotted path; numeric keys may be ints."""
    *parents, last = dotted.split("/")
    node: Any = data
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[_key(node, key)]
    key = int(last) if isinstance(node, list) else _key(node, last)
    if value is _DELETE:
        del node[key]
    else:
        node[key] = value


def _key(node: dict[Any, Any], key: str) -> Any:
    return int(key) if key.isdigit() and int(key) in node else key


# (id, path to edit ("/" separated), new value, error code, reported path, words in the fix)
CASES = [
    ("missing targets", "programs/basic/sla/targets", _DELETE, "missing-field",
     "programs.basic.sla.targets", "add `targets:`"),
    ("misspelt target", "programs/basic/sla/targets/2", "8 bizness hours", "bad-value",
     "programs.basic.sla.targets.2", '"8 business hours"'),
    ("zero target", "programs/premium/sla/targets/1", "0 minutes", "bad-value",
     "programs.premium.sla.targets.1", '"30 minutes"'),
    ("target as number", "programs/production/sla/targets/1", 1, "wrong-type",
     "programs.production.sla.targets.1", '"3 hours"'),
    ("severity 4 missing", "programs/basic/sla/targets/4", _DELETE, "bad-value",
     "programs.basic.sla.targets", "1, 2, 3 and 4"),
    ("business target without hours", "programs/production/sla/targets/1", "1 business hour",
     "bad-value", "programs.production.sla.targets.1", "business_hours"),
    ("reversed hours", "schedules/basic/hours/mon-fri", "20:00-08:00", "bad-value",
     "schedules.basic.hours.mon-fri", "HH:MM-HH:MM"),
    ("bad day range", "schedules/basic/hours", {"fri-mon": "08:00-20:00"}, "bad-value",
     "schedules.basic.hours.fri-mon", "mon-fri"),
    ("unknown schedule", "programs/basic/hours", "weekdays", "unknown-ref",
     "programs.basic.hours", "use one of"),
    ("typo in field", "schedules/basic/skip_holiday", True, "unknown-field",
     "schedules.basic.skip_holiday", "did you mean `skip_holidays`"),
    ("unknown zone", "schedules/us_federal/timezone", "US/Nowhere", "bad-value",
     "schedules.us_federal.timezone", "IANA"),
    ("missing Japanese", "messages/case.role/ja", _DELETE, "missing-translation",
     "messages.case.role.ja", "add `ja:"),
    ("empty English", "programs/basic/name/en", " ", "missing-translation",
     "programs.basic.name.en", "add `en:"),
    ("unknown placeholder", "messages/sla.target/en", "Target {targte}", "unknown-placeholder",
     "messages.sla.target.en", "{target}"),
    ("unbalanced brace", "messages/sla.target/ja", "目標 {target", "bad-text",
     "messages.sla.target.ja", "{{ }}"),
    ("required message gone", "messages/sla.target", _DELETE, "missing-field",
     "messages.sla.target", "under messages"),
    ("redirect without message", "redirects/licensing_portal",
     {"section": "§1", "destination": "portal"}, "missing-field",
     "messages.redirect.licensing_portal", "under messages"),
    ("unquoted NO", "languages/regions/emea/countries/0", False, "wrong-type",
     "languages.regions.emea.countries[0]", '"NO"'),
    ("country twice", "languages/regions/apac/countries/0", "US", "duplicate",
     "languages.regions.apac.countries[0]", "one region"),
    ("bad country code", "phones/numbers/0/country", "CAN", "bad-value",
     "phones.numbers[0].country", "ISO 3166"),
    ("bad phone number", "us_federal/number", "call us", "bad-value", "us_federal.number",
     "digits"),
    ("bad regex", "formats/support_id", "^[0-9", "bad-value", "formats.support_id",
     "regular expression"),
    ("version as text", "version", "one", "wrong-type", "version", "a whole number"),
    ("guaranteed as text", "programs/basic/sla/guaranteed", "yes please", "wrong-type",
     "programs.basic.sla.guaranteed", "true/false"),
    ("same_as unknown", "programs/vcsp/sla/same_as", "prod", "unknown-ref",
     "programs.vcsp.sla.same_as", "production"),
    ("unknown channel", "programs/basic/channels", ["phone", "fax"], "unknown-ref",
     "programs.basic.channels[1]", "use one of"),
    ("unknown lifecycle state", "products/0/releases", {"12": "retired"}, "unknown-ref",
     "products[0].releases.12", "use one of"),
    ("unquoted version prefix", "products/0/releases", {12.1: "current"}, "wrong-type",
     "products[0].releases.12.1", "quote"),
    ("duplicate alias", "products/1/aliases", ["VBR"], "duplicate", "products[1]",
     "own id"),
    ("required case type gone", "case_types/general_inquiry", _DELETE, "missing-field",
     "case_types.general_inquiry", "under case_types"),
    ("fixed severity out of range", "case_types/out_of_scope/severity",
     {"level": 5, "en": "x", "ja": "x"}, "bad-value", "case_types.out_of_scope.severity.level",
     "1, 2, 3 or 4"),
    ("fixed severity without Japanese", "case_types/feature_request/severity",
     {"level": 4, "en": "x"}, "missing-translation", "case_types.feature_request.severity.ja",
     "ja:"),
    ("required redirect gone", "redirects/feature_request", _DELETE, "missing-field",
     "redirects.feature_request", "under redirects"),
    ("unknown top-level field", "programmes", {}, "unknown-field", "programmes",
     "did you mean `programs`"),
]


@pytest.mark.parametrize(("path", "value", "code", "where", "fix"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_policy_names_field_and_fix(raw: dict[str, Any], write_policy: Any, path: str,
                                        value: Any, code: str, where: str, fix: str) -> None:
    _edit(raw, path, value)
    with pytest.raises(PolicyError) as info:
        load_policy(write_policy(raw))
    assert (info.value.code, info.value.path) == (code, where)
    assert fix in info.value.fix
    assert where in str(info.value) and "Fix:" in str(info.value)


def test_invalid_yaml_names_line(write_policy: Any) -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8").replace("version: 1", "version: [1", 1)
    with pytest.raises(PolicyError) as info:
        load_policy(write_policy(text))
    assert info.value.code == "bad-yaml"
    assert info.value.path.endswith(":14:10") or ":" in info.value.path


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "nope.yml")
    assert info.value.code == "not-found" and "TRIAGEBOT_POLICY" in info.value.fix


def test_empty_file(write_policy: Any) -> None:
    with pytest.raises(PolicyError) as info:
        load_policy(write_policy(""))
    assert info.value.code == "wrong-type"
