"""Triage actions: read the NLU's proposal, agree severity, role, program and country."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import entity, language, latest_text, metadata
from bot.collect.form import MISSING, check_answer, count_failure
from bot.dialogue.answers import (
    parse_country,
    parse_program,
    parse_role,
    parse_severity,
    says_experimental,
    says_us_federal,
    tables,
    timezone_for,
)
from bot.dialogue.triage_slot import (
    case_type_label,
    fact_question,
    opening_triage,
    proposed,
    triage_of,
)

# Case fields a new problem replaces; who the customer is carries over.
PER_PROBLEM_FIELDS = ("description", "impact", "error_message", "steps", "workaround",
                      "product", "version")
# Entities the first message may already give, so the case form skips them.
ENTITY_FIELDS = ("product", "version", "support_id", "email", "phone", "error_message")
# Requests whose severity is not negotiated: they get no response target of their own.
NO_SEVERITY_QUESTION = frozenset({"feature_request", "out_of_scope"})


def _entity_slots(tracker: Tracker) -> dict[str, Any]:
    country = parse_country("", entity(tracker, "country"))
    found: dict[str, Any] = {}
    for name in ENTITY_FIELDS:
        value = entity(tracker, name)
        if value:
            checked = check_answer(name, value, country)
            if checked.ok:
                found[name] = checked.value
    program = parse_program("", entity(tracker, "program"))
    if program:
        found["program"] = program
    return found


def _country_slots(tracker: Tracker) -> dict[str, Any]:
    """Country and time zone from the chat page's metadata or the message, when given."""
    meta = metadata(tracker)
    if says_us_federal(latest_text(tracker)):
        return {"us_federal": True, "country": "US",
                "timezone": timezone_for("US", meta.get("timezone"))}
    country = parse_country(str(meta.get("country") or ""), entity(tracker, "country"))
    if country and not tracker.get_slot("country"):
        return {"country": country, "timezone": timezone_for(country, meta.get("timezone"))}
    return {}


class ActionTriage(Action):
    """Copy the NLU triage of a described problem into slots and start the triage form."""

    def name(self) -> str:
        return "action_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        triage = opening_triage(tracker.latest_message)
        slots: dict[str, Any] = {name: None for name in PER_PROBLEM_FIELDS}
        # Out of scope: the policy's redirect comes first (rule on route "redirect").
        slots.update(
            triage=triage.as_dict(), case_type=triage.case_type, severity=None,
            route="redirect" if triage.case_type == "out_of_scope" else None,
            description=latest_text(tracker), tries={}, missing=[],
            experimental=says_experimental(latest_text(tracker)),
        )
        slots.update(_entity_slots(tracker))
        slots.update(_country_slots(tracker))
        if triage.case_type == "feature_request":
            dispatcher.utter_message(response="utter_feature_request_noted")
        return [SlotSet(key, value) for key, value in slots.items()]


class ActionAskSeverity(Action):
    """Say what the bot understood and propose a severity, with buttons to confirm or change."""

    def name(self) -> str:
        return "action_ask_severity"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        triage = triage_of(tracker.current_slot_values())
        lang = language(tracker)
        if triage is None or not triage.proposes or triage.rejected:
            dispatcher.utter_message(response="utter_ask_severity_choice")
            return []
        dispatcher.utter_message(
            response="utter_triage_summary", severity=triage.severity,
            case_type_label=case_type_label(str(triage.case_type), lang),
            criterion=triage.explanation(lang),
        )
        question = fact_question(triage.ask, lang) if triage.needs_review else None
        if question:  # the one fact that decides the level: ask it rather than raise it
            dispatcher.utter_message(response="utter_triage_question", question=question)
        elif triage.needs_review:
            dispatcher.utter_message(response="utter_triage_needs_review")
        return []


INVALID = {"severity": "utter_invalid_severity", "role": "utter_invalid_role",
           "program": "utter_invalid_program", "country": "utter_invalid_country"}
# The country button of a US federal agency (§11): the US, with the agency's own number.
US_FEDERAL = "us_federal"
# Said when the bot gives up on an answer it cannot do without: the case goes to a human.
GIVE_UP = {"program": "utter_give_up_program", "country": "utter_give_up_country"}


def _answer(tracker: Tracker, slot: str, value: Any) -> str:
    """What to read for `slot`: the message just typed when it answers the question asked,
    else the value filled earlier (e.g. the country from the chat page's metadata)."""
    return latest_text(tracker) if tracker.get_slot("requested_slot") == slot else str(value)


class ValidateTriageForm(FormValidationAction):
    """Validate the agreed severity, the customer's role, program and country."""

    def name(self) -> str:
        return "validate_triage_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        """Every question, less the severity for requests that have none to agree."""
        if tracker.get_slot("case_type") in NO_SEVERITY_QUESTION:
            return [slot for slot in domain_slots if slot != "severity"]
        return domain_slots

    def _invalid(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str,
                 fallback: Any = None) -> dict[str, Any]:
        tries, _ = count_failure(tracker.get_slot("tries"), slot)
        if tries[slot] >= tables().max_tries:
            if fallback is not None:
                return {slot: fallback, "tries": tries}
            if slot in GIVE_UP:  # asked enough: on to an engineer, the answer marked missing
                dispatcher.utter_message(response=GIVE_UP[slot])
                return {slot: MISSING, "tries": tries,
                        "missing": [*(tracker.get_slot("missing") or []), slot]}
        dispatcher.utter_message(response=INVALID[slot])
        return {slot: None, "tries": tries}

    def validate_severity(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        """Affirm keeps the proposal, a number or button sets it, a new description re-proposes."""
        triage = triage_of(tracker.current_slot_values())
        proposal = triage.severity if triage else None
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        chosen = parse_severity(latest_text(tracker), entity(tracker, "severity"))
        if chosen:
            if chosen != proposal:
                dispatcher.utter_message(response="utter_severity_set", severity=chosen)
            return {"severity": str(chosen)}
        if intent == "affirm" and triage and proposal and not triage.rejected:
            return {"severity": str(proposal)}
        if intent == "deny" and triage:
            return {"severity": None, "triage": triage.reject().as_dict()}
        fresh = proposed(tracker.latest_message)
        if intent == "describe_issue" and fresh:
            fresh = fresh.following(triage)
            return {"severity": None, "triage": fresh.as_dict(), "case_type": fresh.case_type}
        return self._invalid(dispatcher, tracker, "severity", str(proposal) if proposal else None)

    def validate_role(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> dict[str, Any]:
        role = parse_role(_answer(tracker, "role", value), entity(tracker, "role"))
        return {"role": role} if role else self._invalid(dispatcher, tracker, "role", "other")

    def validate_program(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        program = parse_program(_answer(tracker, "program", value), entity(tracker, "program"))
        return {"program": program} if program else self._invalid(dispatcher, tracker, "program")

    def validate_country(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        answer = _answer(tracker, "country", value)
        if says_us_federal(answer) or entity(tracker, "country") == US_FEDERAL:
            return {"country": "US", "us_federal": True,
                    "timezone": timezone_for("US", metadata(tracker).get("timezone"))}
        country = parse_country(answer, entity(tracker, "country"))
        if not country:
            return self._invalid(dispatcher, tracker, "country")
        return {"country": country,
                "timezone": timezone_for(country, metadata(tracker).get("timezone"))}
