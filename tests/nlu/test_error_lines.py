"""A pasted error line is a problem report, not a request for a human (issue 9, finding 7).

The texts here are not in the training data (data/nlu/*/bare_error_messages.yml holds
other lines), so the test checks what the model learned, not what it memorised.
"""

from __future__ import annotations

import pytest

from bot.triage.model import ModelParser

ERRORS = [
    "Failed to connect: 0x80004005 (source: VBR console)",
    "Error: failed to connect to the hardened repository 0x80072efe",
    "接続できませんでした: 0x80004005",
    "エラー「Failed to connect to repository」が出ています",
]
HUMAN = ["connect me to a person please", "サポートの方につないでもらえますか"]


@pytest.mark.parametrize("text", ERRORS)
def test_error_lines_are_problem_reports(trained_parser: ModelParser, text: str) -> None:
    assert trained_parser.parse(text)["intent"]["name"] == "describe_issue"


@pytest.mark.parametrize("text", HUMAN)
def test_asking_for_a_person_still_works(trained_parser: ModelParser, text: str) -> None:
    assert trained_parser.parse(text)["intent"]["name"] == "request_human"
