"""`SeverityClassifier`: severity 1-4 from the policy's rules over the extracted facts, with
a learned classifier as second opinion, and the criterion behind it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.criteria import Criterion, fallback_for, matched_criteria
from bot.nlu.facts import ranked_facts
from bot.nlu.label_classifier import MetadataLabelClassifier
from bot.policy.loader import load_policy
from bot.policy.severity import Ranked, SeverityRules

LEVELS = (1, 2, 3, 4)
# Message property (not in the parse output) holding `CharacterSeverityView`'s ranking.
CHARACTER_OPINION = "severity_characters"


def decide(ranking: list[tuple[int, float]], margin: float) -> tuple[int, float, bool]:
    """Pick a severity from a ranking: (severity, its probability, needs_review).

    Safety over convenience: when the two most probable severities are within `margin`,
    take the more severe one (the lower number) and ask a human to review it.
    """
    (first, p_first), (second, p_second) = ranking[0], ranking[1]
    if p_first - p_second < margin:
        return (second, p_second, True) if second < first else (first, p_first, True)
    return first, p_first, False


def settle(ranking: list[tuple[int, float]], margin: float, ask: str | None,
           close_call: str, outage_floor: float = 1.0) -> tuple[int, float, bool]:
    """`decide`, except that with `close_call: ask` a close call that one fact settles keeps
    the more probable level: the dialogue asks that fact's question instead of raising.

    Then safety first for outages only: a severity-1 probability of at least `outage_floor`
    proposes severity 1 for review whatever is more probable (1.0: off). A margin is the
    same for every pair of levels, so the width that stopped missing outages also raised
    2-vs-3 and 3-vs-4 calls; out of fold a floor reached the severity-1 recall target with
    less over-triage than any margin (docs/nlu.md, "An outage floor")."""
    severity, confidence, review = decide(ranking, margin)
    if review and ask is not None and close_call == "ask":
        severity, confidence = ranking[0]
    outage = dict(ranking).get(1, 0.0)
    if severity != 1 and outage >= outage_floor:
        return 1, outage, True
    return severity, confidence, review


def mix_opinions(learned: Mapping[int, float], characters: Mapping[int, float] | None,
                 weight: float) -> dict[int, float]:
    """The learned ranking with `weight` of it taken from the character-only view."""
    if characters is None or weight <= 0.0:
        return dict(learned)
    return {level: (1 - weight) * learned.get(level, 0.0) + weight * characters.get(level, 0.0)
            for level in LEVELS}


def combine(learned: Mapping[int, float], rule_mass: Mapping[str | None, float],
            rules: SeverityRules, learned_weight: float) -> list[tuple[int, float]]:
    """Severity ranking from the rules' distribution over facts, blended with the learned
    one: mass no rule claims goes to the learned classifier, and `learned_weight` of the
    whole is the learned classifier's own opinion."""
    from_rules = {level: 0.0 for level in LEVELS}
    for rule_id, mass in rule_mass.items():
        if rule_id is None:
            for level in LEVELS:
                from_rules[level] += mass * learned.get(level, 0.0)
        else:
            from_rules[rules.rule(rule_id).severity] += mass
    blended = {level: (1 - learned_weight) * from_rules[level]
               + learned_weight * learned.get(level, 0.0) for level in LEVELS}
    return sorted(blended.items(), key=lambda pair: -pair[1])


def given_case_type(ranking: list[tuple[int, float]], case_type: Mapping[str, float] | None,
                    fixed: Mapping[str, int]) -> list[tuple[int, float]]:
    """The severity ranking with the case type weighed in, when the most probable case type
    is one whose severity the policy fixes (`fixed`, case type -> level): those types take
    their probability to their level, the rest keeps `ranking`
    (P(s) = P(fixed types at s) + P(other types) * P(s)).

    So an unrelated printer outage read as out of scope with 0.75 is severity 4 however
    much it reads like an outage, while a real outage the case type is unsure of keeps most
    of its severity-1 mass. A message read as technical or licensing keeps its ranking: the
    learned opinion already weighs how likely such a text is to be a request, and folding
    a runner-up request type in as well moved technical severity-2 and -3 messages to 4 on
    the dev sets (docs/nlu.md)."""
    if not case_type or not fixed or max(case_type, key=case_type.__getitem__) not in fixed:
        return ranking
    levels = dict(ranking)
    free = 1.0 - sum(p for ct, p in case_type.items() if ct in fixed)
    out = {level: free * levels.get(level, 0.0) for level in LEVELS}
    for ct, p in case_type.items():
        if ct in fixed:
            out[fixed[ct]] += p
    return sorted(out.items(), key=lambda pair: -pair[1])


def case_type_ranking(parse_value: Any) -> dict[str, float] | None:
    """The case type's ranking from the `case_type` parse value, if the message has one."""
    if not isinstance(parse_value, Mapping):
        return None
    return {str(r["value"]): float(r["confidence"]) for r in parse_value.get("ranking") or []}


def criteria_for(severity: int, matched: list[Criterion]) -> list[Criterion]:
    """The matched criteria of the chosen severity, or its fallback if none matched."""
    own = [c for c in matched if c.severity == severity]
    return own or [fallback_for(severity)]


def cited_rule(severity: int, rule_mass: Mapping[str | None, float], rules: SeverityRules,
               min_share: float) -> str | None:
    """The most probable rule of `severity`, if the facts give it at least `min_share`."""
    own = [(mass, rid) for rid, mass in rule_mass.items()
           if rid is not None and rules.rule(rid).severity == severity and mass >= min_share]
    return max(own)[1] if own else None


def understood(rule_id: str, ranked: Mapping[str, Ranked], rules: SeverityRules
               ) -> list[dict[str, Any]]:
    """The facts a rule rests on, as read from the message (the likeliest value the rule
    allows, which for a rule that won on a runner-up reading is not the top one)."""
    out = []
    for name, allowed in rules.rule(rule_id).when.items():
        value, confidence = next((v, p) for v, p in ranked[name] if v in allowed)
        label = rules.facts[name].values[value]
        out.append({"fact": name, "value": value, "confidence": confidence,
                    "en": label.en, "ja": label.ja})
    return out


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CharacterSeverityView(MetadataLabelClassifier):
    """A second learned reading of severity from the character n-grams alone, for
    `SeverityClassifier` to mix into its own (a differently regularised view over fewer
    features errs on different messages: out of fold the mix gained severity-1 precision
    in both languages, docs/nlu.md). Its ranking stays inside the message."""

    label_key = "severity"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Whole-text character n-grams only (`TextCharacterFeaturizer`), TF-IDF weighted,
        regularised more than the full view."""
        return {**MetadataLabelClassifier.get_default_config(), "C": 10.0,
                "featurizers": ["text_chars"], "tfidf": ["text_chars"]}

    def annotate(self, message: Message, ranking: list[tuple[Any, float]]) -> None:
        """Keep the ranking for `SeverityClassifier`."""
        message.set(CHARACTER_OPINION, {int(s): float(p) for s, p in ranking})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SeverityClassifier(MetadataLabelClassifier):
    """Adds `severity`, `criteria`, `understood`, `needs_review` and `ask` to the parse.

    Runs after `CaseTypeClassifier`: a case type the policy gives a fixed severity
    (policy.yml `case_types.*.severity`) is weighed in (`given_case_type`)."""

    label_key = "severity"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The review margin and the blend are set by cross-validation (docs/nlu.md)."""
        return {**MetadataLabelClassifier.get_default_config(), "review_margin": 0.45,
                "learned_weight": 1.0, "min_rule_share": 0.2, "close_call": "raise",
                # P(severity 1) that proposes 1 for review whatever is more probable (1: off)
                "outage_floor": 1.0,
                # share of the learned opinion taken from CharacterSeverityView (0 = none)
                "character_weight": 0.0}

    def annotate(self, message: Message, ranking: list[tuple[Any, float]]) -> None:
        """Set severity (value, confidence, ranking), criteria, understood facts,
        needs_review and the fact to ask about."""
        policy = load_policy()
        rules = policy.severity_rules
        ranked = {k: v for k, v in ranked_facts(message.get("facts")).items()
                  if k in rules.facts}
        rule_mass = rules.distribution(ranked)  # no facts: all mass on "no rule"
        learned = mix_opinions({int(s): float(p) for s, p in ranking},
                               message.get(CHARACTER_OPINION), self.config["character_weight"])
        settled = {cid: ct.severity for cid, ct in policy.case_types.items()
                   if ct.severity is not None}
        fixed = {cid: rule.level for cid, rule in settled.items()}
        case_type = case_type_ranking(message.get("case_type"))
        final = given_case_type(
            combine(learned, rule_mass, rules, self.config["learned_weight"]), case_type, fixed)
        ask = rules.deciding_fact(ranked) if ranked else None
        severity, confidence, review = settle(final, self.config["review_margin"], ask,
                                              self.config["close_call"],
                                              self.config["outage_floor"])
        rule_id = cited_rule(severity, rule_mass, rules, self.config["min_rule_share"])
        top_type = max(case_type, key=case_type.__getitem__) if case_type else None
        if top_type in settled and settled[top_type].level == severity:
            # The type itself sets the level: cite it, not the facts of a malfunction.
            text = settled[top_type].criterion
            criteria = [{"id": f"case_type_{top_type}", "en": text.en, "ja": text.ja,
                         "section": policy.case_types[top_type].section}]
            facts = []
        elif rule_id is not None:
            rule = rules.rule(rule_id)
            criteria = [{"id": rule.id, "en": rule.description.en, "ja": rule.description.ja,
                         "section": rule.section}]
            facts = understood(rule_id, ranked, rules)
        else:
            criteria = [c.as_output() for c in
                        criteria_for(severity, matched_criteria(message.get(TEXT)))]
            facts = []
        message.set("severity", {"value": int(severity), "confidence": confidence,
                                 "ranking": [{"value": s, "confidence": p} for s, p in final]},
                    add_to_output=True)
        message.set("criteria", criteria, add_to_output=True)
        message.set("understood", facts, add_to_output=True)
        message.set("needs_review", review, add_to_output=True)
        message.set("ask", ask if review else None, add_to_output=True)
