"""Hand-off to a human, cancelling, and changing the agreed severity."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import entity, language, latest_text, raise_severity
from bot.cases import open_store
from bot.cases.thread import CaseThread
from bot.clock import now
from bot.dialogue.answers import parse_severity
from bot.dialogue.decisions import build_handoff
from bot.dialogue.handoff_text import handoff_card, handoff_texts
from bot.settings import load_settings

log = logging.getLogger(__name__)

# Slots of one case; cancelling clears them (who the customer is stays).
CASE_SLOTS = ("triage", "case_type", "route", "severity", "description", "impact",
              "error_message", "steps", "workaround", "product", "version", "tries", "missing",
              "requested_slot")


class ActionHandoff(Action):
    """Store the case once, tell the customer the number, deadline, phone and language;
    from then on every message goes to the case (`action_after_handoff`)."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slots = tracker.current_slot_values()
        slots["messages"] = [e["text"] for e in tracker.events
                             if e.get("event") == "user" and e.get("text")]
        complete = tracker.active_loop_name is None and slots.get("route") == "collect"
        reason = ("form completed" if complete else
                  "triage details missing" if slots.get("route") == "human" else
                  "customer asked for a human")
        handoff = build_handoff(tracker.sender_id, slots, now(), reason)
        case = open_store(load_settings().cases_url).save(handoff.case)
        lang = language(tracker)
        decision = handoff.decision
        texts: dict[str, Any] = {
            "case_number": case.case_number,
            **handoff_texts(decision, str(case.case_number), lang),
        }
        dispatcher.utter_message(
            response="utter_handoff" if complete else "utter_handoff_partial", **texts)
        # The same facts as data, for the chat client's summary card (copyable, findable).
        # Rasa's socket.io channel emits `data` as the event's payload (its custom-json form).
        dispatcher.utter_message(json_message={"data": {"handoff": handoff_card(
            decision, str(case.case_number), handoff.case.customer_timezone)}})
        return [
            ActiveLoop(None), SlotSet("requested_slot", None),
            SlotSet("case_number", case.case_number),
            SlotSet("handoffs", float(case.seq + 1)),
            SlotSet("handoff_case", case.case_number),
        ]


class ActionAfterHandoff(Action):
    """A message after the hand-off: add it to the case's thread, say an engineer has it."""

    def name(self) -> str:
        return "action_after_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        number = str(tracker.get_slot("handoff_case"))
        text = latest_text(tracker)
        try:
            store = open_store(load_settings().cases_url)
            CaseThread(store).append(number, "customer", text, now())
        except Exception:  # the customer must hear that it was not stored
            log.exception("could not add a message to case %s", number)
            dispatcher.utter_message(response="utter_after_handoff_failed", case_number=number)
            return []
        dispatcher.utter_message(response="utter_after_handoff", case_number=number)
        return []


class ActionCancel(Action):
    """Stop collecting this case; nothing is submitted."""

    def name(self) -> str:
        return "action_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if tracker.active_loop_name is None and not tracker.get_slot("triage"):
            dispatcher.utter_message(response="utter_nothing_to_cancel")
            return []
        dispatcher.utter_message(response="utter_cancelled")
        return [ActiveLoop(None), *(SlotSet(name, None) for name in CASE_SLOTS)]


class ActionChangeSeverity(Action):
    """The customer names a new severity, or describes something more severe."""

    def name(self) -> str:
        return "action_change_severity"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        named = parse_severity(latest_text(tracker), entity(tracker, "severity"))
        if named:
            dispatcher.utter_message(response="utter_severity_set", severity=named)
            return [SlotSet("severity", str(named))]
        raised = raise_severity(dispatcher, tracker)
        if raised:
            return [SlotSet("severity", raised)]
        if tracker.active_loop_name is None:
            dispatcher.utter_message(response="utter_invalid_severity")
        return []
