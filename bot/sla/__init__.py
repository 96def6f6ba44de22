"""The SLA clock: first-response deadlines in the customer's time zone and calendar."""

from bot.sla.deadline import Deadline, DeadlineInputError, first_response_deadline

__all__ = ["Deadline", "DeadlineInputError", "first_response_deadline"]
