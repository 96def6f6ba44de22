"""Tier-rule actions: tell the customer what the policy decides, answer policy questions."""

from __future__ import annotations

from dataclasses import replace

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language, say
from bot.clock import now
from bot.dialogue.decisions import decision_for, missing_details, route
from bot.dialogue.triage_slot import triage_of
from bot.policy import load_policy


class ActionApplyTiers(Action):
    """After triage is agreed: who may open a case, SLA, phone, language, redirects."""

    def name(self) -> str:
        return "action_apply_tiers"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slots = tracker.current_slot_values()
        if missing_details(slots):  # no program or country: no rule can be applied
            return [SlotSet("route", "human")]
        decision = decision_for(slots, now())
        next_step = route(decision, tracker.get_slot("case_type") or "technical")
        parts = [decision.case.reason] if not decision.case.allowed else []
        parts += [p.reason for p in (decision.redirect, decision.sla, decision.technician)
                  if p is not None]
        if slots.get("us_federal") and decision.phone.allowed:
            parts.append(decision.phone.reason)  # §11: the agency's own number and hours
        parts += decision.notes  # experimental feature, end-of-fix release
        for part in parts:
            say(dispatcher, tracker, part)
        if next_step == "offer":
            dispatcher.utter_message(response="utter_offer_case")
        elif next_step == "stop":
            dispatcher.utter_message(response="utter_no_case")
        return [SlotSet("route", next_step)]


class ActionRedirect(Action):
    """A request outside support's scope: the policy's redirect first, no questions asked."""

    def name(self) -> str:
        return "action_redirect"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        # The tier rules name the redirect (a program or country not asked yet does not
        # change it: out-of-scope requests get no case on any program).
        decision = decision_for(tracker.current_slot_values(), now())
        for part in (decision.case, decision.redirect):
            if part is not None:
                say(dispatcher, tracker, part.reason)
        dispatcher.utter_message(response="utter_redirect_offer")
        return []


class ActionReopenAsFault(Action):
    """The customer says the redirected request is a product fault: triage it as one."""

    def name(self) -> str:
        return "action_reopen_as_fault"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        triage = triage_of(tracker.current_slot_values())
        # rejected: no severity of the out-of-scope reading stands, the customer chooses one
        fault = replace(triage, case_type="technical").reject().as_dict() if triage else None
        return [SlotSet("triage", fault), SlotSet("case_type", "technical"),
                SlotSet("route", None), SlotSet("severity", None)]


class ActionAcceptOffer(Action):
    """The customer wants the offered case (e.g. a feature request filed by support)."""

    def name(self) -> str:
        return "action_accept_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        return [SlotSet("route", "collect")]


class ActionAnswerHours(Action):
    """Support hours of the customer's program, or of every program when not known yet."""

    def name(self) -> str:
        return "action_answer_hours"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        policy = load_policy()
        lang = language(tracker)
        program = policy.programs.get(str(tracker.get_slot("program")))
        if program:
            dispatcher.utter_message(response="utter_program_hours",
                                     program=program.name.get(lang),
                                     hours=program.hours.label.get(lang))
            return []
        listing = "\n".join(f"- {p.name.get(lang)}: {p.hours.label.get(lang)}"
                             for p in policy.programs.values())
        dispatcher.utter_message(response="utter_all_hours", hours=listing)
        return []


class ActionAnswerPhone(Action):
    """Whether and where the customer can phone, by program, case type and country."""

    def name(self) -> str:
        return "action_answer_phone"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slots = tracker.current_slot_values()
        if not slots.get("program") or not slots.get("country") or missing_details(slots):
            dispatcher.utter_message(response="utter_phone_needs_details")
            return []
        say(dispatcher, tracker, decision_for(tracker.current_slot_values(), now()).phone.reason)
        return []


class ActionAnswerSla(Action):
    """The first-response target of this case, once severity and program are known."""

    def name(self) -> str:
        return "action_answer_sla"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slots = tracker.current_slot_values()
        if not slots.get("triage") or not slots.get("program") or missing_details(slots):
            dispatcher.utter_message(response="utter_sla_needs_details")
            return []
        say(dispatcher, tracker, decision_for(slots, now()).sla.reason)
        return []
