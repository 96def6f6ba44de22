"""A second labeller's labels scored against a held-out set's writer."""

from __future__ import annotations

import json
from pathlib import Path

from bench.agreement import agreement

SET = """version: "3.1"
nlu:
- intent: describe_issue
  metadata: {severity: 1, case_type: technical}
  examples: |
    - every backup job fails and production is down
- intent: describe_issue
  metadata: {severity: 3, case_type: technical}
  examples: |
    - the tape copy failed last night
    - ＶＭ１台のジョブだけ失敗
"""


def test_agreement_counts_what_both_labellers_said(tmp_path: Path) -> None:
    (tmp_path / "en.yml").write_text(SET, encoding="utf-8")
    rows = [{"text": "every backup job fails and production is down", "severity": 1,
             "case_type": "technical"},
            {"text": "the tape copy failed last night", "severity": 2,
             "case_type": "technical"},
            {"text": "VM1台のジョブだけ失敗", "severity": 3, "case_type": "technical"}]  # NFKC
    (tmp_path / "second_labeller.en.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    found = agreement(tmp_path)["en"]
    assert (found["n"], found["unlabelled"]) == (3, 0)
    assert found["severity_agreed"] == 2 and found["case_type_agreed"] == 3
    assert found["severity"]["sev1_recall"] == 1.0


def test_a_set_without_a_second_labelling_reports_nothing(tmp_path: Path) -> None:
    (tmp_path / "en.yml").write_text(SET, encoding="utf-8")
    assert agreement(tmp_path) == {}
