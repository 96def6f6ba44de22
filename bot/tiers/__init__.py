"""Support-tier rules: `decide(triage, customer, now)` -> a frozen `Decision`."""

from bot.tiers.rules import decide
from bot.tiers.types import Customer, Decision, Triage

__all__ = ["Customer", "Decision", "Triage", "decide"]
