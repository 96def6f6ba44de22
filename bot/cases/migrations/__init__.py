"""Alembic scripts of the case store's schema (run by `bot.cases.migrate`)."""
