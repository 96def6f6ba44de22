"""The support policy as data: `load_policy()` returns the validated, frozen `Policy`."""

from bot.policy.loader import load_policy
from bot.policy.reader import PolicyError
from bot.policy.schema import Message, Policy, Program, Target, Text

__all__ = ["Message", "Policy", "PolicyError", "Program", "Target", "Text", "load_policy"]
