"""The case form: ask for what the case still needs, validate each answer, never lose one."""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import entity, raise_severity, say
from bot.clock import now
from bot.collect.form import MISSING, check_answer, count_failure, fields_for, form_spec
from bot.dialogue.decisions import release_notice

FREE_TEXT = {"text"}
# What to say when an answer fails a check, by error code (other codes: a generic request).
INVALID = {"email": "utter_invalid_email", "phone": "utter_invalid_phone",
           "support_id": "utter_invalid_support_id", "product": "utter_invalid_product",
           "version": "utter_invalid_version", "contact_method": "utter_invalid_contact_method",
           "name": "utter_invalid_name"}
# Fields a customer may correct at any time by giving a new value ("my e-mail is ...").
CORRECTABLE = ("email", "phone", "support_id", "version", "product")


class ValidateCaseForm(FormValidationAction):
    """Validation for every field of bot/collect/fields.yml (methods made below the class)."""

    def name(self) -> str:
        return "validate_case_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        """The fields of this case type, in order; filled ones are skipped by the form."""
        return list(fields_for(tracker.get_slot("case_type")))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        set_now = {e["name"] for e in events if e.get("event") == "slot"}
        return [*events, *self._corrections(tracker, set_now)]

    def _corrections(self, tracker: Tracker, set_now: set[str]) -> list[EventType]:
        """New valid values for earlier answers named in this message (e.g. a new e-mail)."""
        events: list[EventType] = []
        for name in CORRECTABLE:
            value = entity(tracker, name)
            if not value or name in set_now or tracker.get_slot(name) is None:
                continue
            checked = check_answer(name, value, tracker.get_slot("country"))
            if checked.ok and checked.value != tracker.get_slot(name):
                events.append(SlotSet(name, checked.value))
        return events

    def check(self, name: str, value: Any, dispatcher: CollectingDispatcher,
              tracker: Tracker) -> dict[str, Any]:
        """Validate the answer to `name`; after too many failures mark it missing."""
        if value is None:
            return {}
        country = tracker.get_slot("country")
        # The answer to the question just asked may name the value as an entity ("my e-mail
        # is a@b.jp"); a value filled earlier (prefilled from the first message) stands alone.
        answered_now = tracker.get_slot("requested_slot") == name
        candidates = [c for c in ((entity(tracker, name) if answered_now else None), value) if c]
        for candidate in candidates:
            checked = check_answer(name, candidate, country)
            if checked.ok:
                if name == "version":  # lifecycle (§6) and Kasten's 6 months, said at once
                    slots = {**tracker.current_slot_values(), "version": checked.value}
                    for notice in release_notice(slots, now()):
                        say(dispatcher, tracker, notice)
                return {name: checked.value, **self._raised_severity(dispatcher, tracker, name)}
        tries, give_up = count_failure(tracker.get_slot("tries"), name)
        if give_up:
            dispatcher.utter_message(response="utter_field_missing")
            missing = [*(tracker.get_slot("missing") or []), name]
            return {name: MISSING, "tries": tries, "missing": missing}
        error = check_answer(name, candidates[-1], country).error or ""
        dispatcher.utter_message(response=INVALID.get(error, "utter_invalid_answer"))
        return {name: None, "tries": tries}

    def _raised_severity(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         name: str) -> dict[str, Any]:
        """A free-text answer that describes something more severe raises the case."""
        if form_spec().fields[name].check not in FREE_TEXT:
            return {}
        raised = raise_severity(dispatcher, tracker)
        return {"severity": raised} if raised else {}


def _validator(name: str) -> Any:
    def validate(self: ValidateCaseForm, value: Any, dispatcher: CollectingDispatcher,
                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self.check(name, value, dispatcher, tracker)

    validate.__name__ = f"validate_{name}"
    return validate


for _field in form_spec().fields:
    setattr(ValidateCaseForm, f"validate_{_field}", _validator(_field))
