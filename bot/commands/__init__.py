"""Subcommands of `triagebot`, one module each (see bot/cli.py)."""
