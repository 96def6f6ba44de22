"""Support staff: accounts with hashed passwords, login sessions, login rate limits."""

from bot.staff.accounts import ROLES, StaffAccount, StaffAccounts, StaffError
from bot.staff.sessions import Sessions

__all__ = ["ROLES", "Sessions", "StaffAccount", "StaffAccounts", "StaffError"]
