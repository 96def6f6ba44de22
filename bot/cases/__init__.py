"""Support cases: the record handed to a human, and where it is stored."""

from bot.cases.model import CaseRecord
from bot.cases.store import CaseStore, open_store

__all__ = ["CaseRecord", "CaseStore", "open_store"]
