"""The test suite; `REPO` is the repository the tests check (its project files and data)."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
