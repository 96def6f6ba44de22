"""Fixtures: the packaged policy, its raw YAML, and writing edited copies to tmp_path."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.policy import Policy, load_policy
from bot.policy.loader import DEFAULT_PATH

SOURCE = Path(os.environ.get(
    "TRIAGEBOT_POLICY_SOURCE",
    Path(__file__).resolve().parents[3] / "shared" / "policy" / "support-policy.ja.txt",
))


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(DEFAULT_PATH)


@pytest.fixture(scope="session")
def _raw() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def raw(_raw: dict[str, Any]) -> dict[str, Any]:
    """A fresh deep copy of the packaged policy.yml, safe to edit."""
    return copy.deepcopy(_raw)


@pytest.fixture
def write_policy(tmp_path: Path) -> Callable[[Any], Path]:
    """Write data (a dict, dumped as YAML, or raw text) to tmp_path/policy.yml."""

    def write(data: Any) -> Path:
        path = tmp_path / "policy.yml"
        body = data if isinstance(data, str) else yaml.dump(
            data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
        path.write_text(body, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def source_text() -> str:
    """The Japanese source policy, which lies in shared/ beside the repository (as in CI)."""
    if not SOURCE.exists():
        pytest.fail(f"source policy not found at {SOURCE}: check out shared/ beside the "
                    "repository, or set TRIAGEBOT_POLICY_SOURCE to the file")
    return SOURCE.read_text(encoding="utf-8")
