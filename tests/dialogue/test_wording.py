"""One word for one thing in Japanese: severity is 重大度 everywhere the customer reads it."""

from __future__ import annotations

import yaml

from bot.policy import load_policy
from tests import REPO


def _domain_texts() -> list[str]:
    domain = yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))
    return [v.get("text", "") + " ".join(b["title"] for b in v.get("buttons", []))
            for variants in domain["responses"].values() for v in variants]


def test_japanese_severity_is_always_juudaido() -> None:
    policy_texts = [m.text.ja for m in load_policy().messages.values()]
    offending = [t for t in _domain_texts() + policy_texts if "深刻度" in t]
    assert offending == []
    assert any("重大度" in t for t in policy_texts) and any("重大度" in t for t in _domain_texts())
