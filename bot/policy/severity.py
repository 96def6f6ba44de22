"""Severity from facts (§4.4): the `severity_rules` section of policy.yml, typed and applied.

The NLU extracts a few facts from a message (how much is affected, what kind of work,
the state of production, ...); the first rule whose conditions all hold gives the severity
and the policy criterion behind it. Support staff edit the rules as data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from types import MappingProxyType
from typing import Any

from bot.policy.reader import PolicyError, field, mapping, no_extra, text
from bot.policy.schema import Text

# A fact's ranked values as the NLU gives them: [(value, probability), ...], best first.
Ranked = Sequence[tuple[str, float]]


@dataclass(frozen=True)
class Fact:
    """One fact the NLU extracts: its values (each with a customer-facing label) and the
    question that settles it when the NLU is unsure."""

    id: str
    values: Mapping[str, Text]
    question: Text


@dataclass(frozen=True)
class SeverityRule:
    """If every fact in `when` has one of its listed values, the severity is `severity`."""

    id: str
    severity: int
    section: str
    when: Mapping[str, frozenset[str]]
    description: Text

    def holds(self, values: Mapping[str, str]) -> bool:
        """Whether the facts `values` (fact -> value) meet every condition."""
        return all(values.get(fact) in allowed for fact, allowed in self.when.items())


@dataclass(frozen=True)
class SeverityRules:
    """The facts, and the rules in the order they are tried."""

    section: str
    facts: Mapping[str, Fact]
    rules: tuple[SeverityRule, ...]

    def first(self, values: Mapping[str, str]) -> SeverityRule | None:
        """The first rule that holds for `values`, None when none does."""
        return next((rule for rule in self.rules if rule.holds(values)), None)

    def rule(self, rule_id: str) -> SeverityRule:
        """The rule with this id."""
        return next(rule for rule in self.rules if rule.id == rule_id)

    def distribution(self, ranked: Mapping[str, Ranked], top: int = 2) -> dict[str | None, float]:
        """Probability of each deciding rule id (None: no rule) over the `top` values of
        each fact, treating facts as independent; sums to 1."""
        names = [name for name in self.facts if ranked.get(name)]
        choices = [list(ranked[name])[:top] for name in names]
        out: dict[str | None, float] = {}
        for combination in product(*choices):
            weight = 1.0
            for _, probability in combination:
                weight *= probability
            rule = self.first({n: v for n, (v, _) in zip(names, combination)})
            key = rule.id if rule else None
            out[key] = out.get(key, 0.0) + weight
        total = sum(out.values())
        return {rule: w / total for rule, w in out.items()} if total else {None: 1.0}

    def deciding_fact(self, ranked: Mapping[str, Ranked]) -> str | None:
        """The fact whose runner-up value would change the severity of the most probable
        reading, most likely such flip first; None when no single fact decides."""
        best = {name: values[0][0] for name, values in ranked.items() if values}
        rule = self.first(best)
        severity = rule.severity if rule else None
        flips = []
        for name, values in ranked.items():
            if name not in self.facts or len(values) < 2:
                continue
            other = self.first({**best, name: values[1][0]})
            if (other.severity if other else None) != severity:
                flips.append((values[1][1], name))
        return max(flips)[1] if flips else None


def severity_rules(node: Any, section_path: str = "severity_rules") -> SeverityRules:
    """Validate the `severity_rules` section and build it."""
    root = mapping(node, section_path)
    no_extra(root, section_path, ("section", "facts", "rules"))
    facts = {str(fid): _fact(str(fid), value, f"{section_path}.facts.{fid}")
             for fid, value in mapping(field(root, section_path, "facts", dict),
                                       f"{section_path}.facts").items()}
    rules = []
    seen: set[str] = set()
    for index, value in enumerate(field(root, section_path, "rules", list)):
        rule = _rule(value, f"{section_path}.rules[{index}]", facts)
        if rule.id in seen:
            raise PolicyError("duplicate", f"{section_path}.rules[{index}].id",
                              f"rule id {rule.id!r} is used twice", "give each rule its own id")
        seen.add(rule.id)
        rules.append(rule)
    return SeverityRules(field(root, section_path, "section", str),
                         MappingProxyType(facts), tuple(rules))


def _fact(fid: str, node: Any, path: str) -> Fact:
    entry = mapping(node, path)
    no_extra(entry, path, ("question", "values"))
    values = mapping(field(entry, path, "values", dict), f"{path}.values")
    if len(values) < 2:
        raise PolicyError("bad-value", f"{path}.values", "a fact needs at least two values",
                          "list every value the NLU may give, each with en and ja")
    return Fact(fid, MappingProxyType({str(v): text(label, f"{path}.values.{v}")
                                       for v, label in values.items()}),
                text(field(entry, path, "question", dict), f"{path}.question"))


def _rule(node: Any, path: str, facts: Mapping[str, Fact]) -> SeverityRule:
    entry = mapping(node, path)
    no_extra(entry, path, ("id", "severity", "section", "when", "en", "ja"))
    severity = field(entry, path, "severity", int)
    if severity not in (1, 2, 3, 4):
        raise PolicyError("bad-value", f"{path}.severity", f"severity {severity} is not 1-4",
                          "write 1, 2, 3 or 4")
    when: dict[str, frozenset[str]] = {}
    for fid, allowed in mapping(field(entry, path, "when", dict), f"{path}.when").items():
        where = f"{path}.when.{fid}"
        if fid not in facts:
            raise PolicyError("unknown-ref", where, f"no fact {fid!r}",
                              f"use one of: {', '.join(facts)}")
        listed = [allowed] if isinstance(allowed, str) else allowed
        if not isinstance(listed, list) or not listed:
            raise PolicyError("wrong-type", where, "expected a value or a list of values",
                              f"write one of {', '.join(facts[fid].values)}, or a list of them")
        for value in listed:
            if value not in facts[fid].values:
                raise PolicyError("unknown-ref", where, f"fact {fid!r} has no value {value!r}",
                                  f"use one of: {', '.join(facts[fid].values)}")
        when[str(fid)] = frozenset(map(str, listed))
    if not when:
        raise PolicyError("bad-value", f"{path}.when", "a rule needs at least one condition",
                          "name a fact and its value(s), e.g. {production: down}")
    return SeverityRule(field(entry, path, "id", str), severity,
                        field(entry, path, "section", str), MappingProxyType(when),
                        text({"en": entry.get("en"), "ja": entry.get("ja")}, path))
