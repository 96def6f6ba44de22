"""Deliver a review-console message to the customer, in the conversation they are in."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


class ActionRelayStaffMessage(Action):
    """Utter the `staff_message` slot as the bot, then clear it.

    The console sets the slot and runs this action through Rasa's HTTP API with
    `output_channel=latest`, so the text reaches the customer's chat page (socket.io room).
    The text is the engineer's own words, so it is not a domain response.
    """

    def name(self) -> str:
        return "action_relay_staff_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text = tracker.get_slot("staff_message")
        if text:
            dispatcher.utter_message(text=str(text))
        return [SlotSet("staff_message", None)]
