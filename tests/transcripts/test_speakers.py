"""Speaker separation: who the agent is, and "Label: text" lines."""

from __future__ import annotations

import pytest

from bot.transcripts.model import AGENT, CALLER, Call, Turn
from bot.transcripts.speakers import (
    agent_labels,
    assign_roles,
    is_backchannel,
    split_labelled,
    tables,
)

# speakers in order of appearance, --agent-speaker, expected agent labels, how found
CASES = [
    (["Agent", "Caller"], [], {"Agent"}, "name"),
    (["Caller", "Agent"], [], {"Agent"}, "name"),
    (["Dana Whitfield", "Support (Tokyo)"], [], {"Support (Tokyo)"}, "name"),
    (["Agent 2", "Mike"], [], {"Agent 2"}, "name"),
    (["お客様", "オペレーター"], [], {"オペレーター"}, "name"),
    (["サポート 佐藤", "田中"], [], {"サポート 佐藤"}, "name"),
    (["Customer", "Mike"], [], {"Mike"}, "caller name"),
    (["spk_0", "spk_1"], [], {"spk_0"}, "first speaker"),
    (["spk_1", "spk_0"], [], {"spk_1"}, "first speaker"),
    (["ch_0", "ch_1"], [], {"ch_0"}, "first speaker"),
    (["SPEAKER_00", "SPEAKER_01", "SPEAKER_02"], [], {"SPEAKER_00"}, "first speaker"),
    (["spk_0", "spk_1"], ["spk_1"], {"spk_1"}, "override"),
    (["spk_0", "spk_1"], ["SPK_1"], {"spk_1"}, "override"),
    (["Agent", "Caller"], ["Caller"], {"Caller"}, "override"),
    (["spk_0"], [], set(), "single speaker"),
    ([], [], set(), "single speaker"),
    (["Agentur Müller", "Bob"], [], {"Agentur Müller"}, "first speaker"),  # not "Agent ..."
]


@pytest.mark.parametrize(("speakers", "override", "agents", "how"), CASES)
def test_agent_labels(speakers: list[str], override: list[str], agents: set[str],
                      how: str) -> None:
    assert agent_labels(speakers, override) == (agents, how)


def call(*turns: tuple[str | None, str], **meta: object) -> Call:
    return Call("c", "vtt", tuple(Turn(text=t, speaker=s) for s, t in turns), "0" * 64,
                dict(meta))


def test_roles_assigned_and_unlabelled_turns_are_the_callers() -> None:
    got = assign_roles(call(("spk_0", "hello"), (None, "noise"), ("spk_1", "it fails")))
    assert [t.role for t in got.turns] == [AGENT, CALLER, CALLER]
    assert got.metadata["agent_speakers"] == ["spk_0"]
    assert got.metadata["agent_found_by"] == "first speaker"


def test_metadata_agent_speaker_beats_the_command_line() -> None:
    got = assign_roles(call(("spk_0", "a"), ("spk_1", "b"), agent_speaker="spk_1"),
                       override=["spk_0"])
    assert [t.role for t in got.turns] == [CALLER, AGENT]
    got = assign_roles(call(("spk_0", "a"), ("spk_1", "b"), agent_speaker=["spk_0"]))
    assert [t.role for t in got.turns] == [AGENT, CALLER]


LABELLED = [
    ("Agent: Hello\nCaller: it fails\nevery night", [("Agent", "Hello"),
                                                   ("Caller", "it fails every night")]),
    ("[SPEAKER_00]: hi\n[SPEAKER_01] my job", [("SPEAKER_00", "hi"), ("SPEAKER_01", "my job")]),
    ("オペレーター:はい\nお客様:失敗します", [("オペレーター", "はい"), ("お客様", "失敗します")]),
    ("Agent: only one label here\nAgent: again", None),
    ("Error: access denied\nWarning: disk full", None),
    ("The job failed.\nAgent: ok\nCaller: fine", None),
    ("at 10:30 it failed\nat 11:45 again", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), LABELLED)
def test_split_labelled(text: str, expected: list[tuple[str, str]] | None) -> None:
    got = split_labelled(text)
    assert (None if got is None else [(t.speaker, t.text) for t in got]) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Yes.", True), ("Okay, thank you!", True), ("はい。", True), ("ありがとうございます", True),
    ("Yes, every job failed", False), ("はい、全部失敗しています", False), ("", True),
])
def test_backchannel(text: str, expected: bool) -> None:
    assert is_backchannel(text) is expected


def test_every_table_entry_is_text() -> None:
    t = tables()
    for name in (*t.agent, *t.caller, *t.not_labels, *t.backchannel):
        assert isinstance(name, str) and name
