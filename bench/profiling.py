"""`python -m bench profile`: where a turn's and a parse's time goes, step by step.

The model is loaded in this process as the Rasa server loads it (endpoints.yml: the action
server, started here on a free port, and the SQL tracker store in a temporary var/), and
Rasa's own functions are timed from outside (`bench.probes`): each graph node (NLU
components, policies), each action and each call to the action server, the tracker store.
Three measurements:
- triage turns: a held-out problem description from a new sender, as `make bench` sends;
- parses: every NLU component, per message;
- one long conversation (the user turns of a conversation test, then more questions), to
  show how prediction and tracker-store costs grow with the tracker's length.
`--cprofile FILE` also writes cProfile statistics of the triage turns.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import pstats
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import yaml

from bench import heldout
from bench.probes import Probes, proc_cpu_seconds
from bench.sandbox import sandbox_settings

FETCH, SAVE = "fetch tracker + session start", "save tracker"  # steps named in bench.probes
LONG_STORY = "full case"  # the conversation test whose user turns make the long conversation
EXTRA_QUESTIONS = ["what are your support hours?", "can I call you?", "what's the SLA for this?"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help="model .tar.gz (default: the model for the current data)")
    parser.add_argument("--turns", type=int, default=60, help="timed triage turns")
    parser.add_argument("--parses", type=int, default=200, help="timed parses")
    parser.add_argument("--warmup", type=int, default=10, help="untimed calls first")
    parser.add_argument("--cprofile", type=Path, help="write cProfile stats of the turns here")
    parser.add_argument("--top", type=int, default=25, help="rows of the cProfile summary")
    parser.add_argument("--as-rasa-is", action="store_true",
                        help="without our changes to Rasa (answer check, tracker store): the "
                        "figures before them")


def story_turns(project: Path, name_part: str = LONG_STORY) -> list[str]:
    """The user messages of the first English conversation test whose name has `name_part`."""
    stories = yaml.safe_load((project / "tests/conversations/en.yml").read_text("utf-8"))
    for story in stories.get("stories", []):
        if name_part in story.get("story", ""):
            return [str(s["user"]).strip() for s in story["steps"] if "user" in s]
    raise ValueError(f"no conversation test named like {name_part!r} in tests/conversations/en.yml")


class Bot:
    """The model loaded with the project's endpoints, answering in this process, with what
    `bot.rasa_server` adds to Rasa; `as_rasa_is` leaves Rasa's check of action answers, its
    graph runner and its SQL tracker store (`bot.rasa_ext.trackers`) as they come: the
    "before" figures."""

    def __init__(self, model: Path, as_rasa_is: bool = False) -> None:
        from rasa.core.agent import Agent
        from rasa.core.tracker_store import TrackerStore
        from rasa.utils.common import configure_logging_and_warnings
        from rasa.utils.endpoints import read_endpoint_config
        from rasa.utils.log_utils import configure_structlog

        from bot.rasa_ext import action_calls, action_results
        from bot.triage import graph_runner

        configure_logging_and_warnings(logging.WARNING)
        configure_structlog(logging.WARNING)
        action_calls.install()
        config = read_endpoint_config("endpoints.yml", "tracker_store")
        if as_rasa_is and config is not None:
            config.type = "bot.rasa_ext.trackers.TrackerStore"
        else:
            action_results.install()
            graph_runner.install()
        store = TrackerStore.create(config)
        self.agent = Agent.load(str(model), tracker_store=store,
                                action_endpoint=read_endpoint_config("endpoints.yml",
                                                                     "action_endpoint"))
        self.loop = asyncio.new_event_loop()

    def say(self, text: str, sender: str) -> list[dict[str, Any]]:
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        out = CollectingOutputChannel()
        self.loop.run_until_complete(self.agent.handle_message(UserMessage(text, out, sender)))
        return out.messages

    def events(self, sender: str) -> int:
        tracker = self.loop.run_until_complete(self.agent.tracker_store.retrieve(sender))
        return len(tracker.events) if tracker else 0

    def parse(self, text: str) -> Any:
        return self.loop.run_until_complete(self.agent.parse_message(text))


def _cycled(texts: list[str], count: int) -> list[str]:
    return (texts * (count // max(len(texts), 1) + 1))[:count]


def _turns(bot: Bot, probes: Probes, texts: list[str], count: int, warmup: int,
           actions_pid: int) -> dict[str, Any]:
    for text in texts[:warmup]:
        bot.say(text, uuid.uuid4().hex)
    probes.reset()
    wall, cpu = 0.0, 0.0
    actions_cpu = proc_cpu_seconds(actions_pid)
    for text in _cycled(texts, count):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        bot.say(text, uuid.uuid4().hex)
        wall += time.perf_counter() - begin
        cpu += time.process_time() - begin_cpu
    return {"turns": count, "wall_ms": wall / count * 1000, "cpu_ms": cpu / count * 1000,
            "action_server_cpu_ms": (proc_cpu_seconds(actions_pid) - actions_cpu) / count * 1000,
            "steps": probes.table(count)}


def _long_conversation(bot: Bot, probes: Probes, turns: list[str]) -> list[dict[str, Any]]:
    sender, rows = uuid.uuid4().hex, []
    for text in [*turns, *EXTRA_QUESTIONS * 4]:
        probes.reset()
        begin = time.process_time()
        bot.say(text, sender)
        steps = {row["step"]: row for row in probes.table(1)}
        rule = steps.get("node run_RulePolicy0", {})
        rows.append({"events": bot.events(sender), "cpu_ms": (time.process_time() - begin) * 1000,
                     "predictions": int(rule.get("calls_per_unit", 0)),
                     "rule_policy_ms": rule.get("cpu_mean_ms"),
                     "retrieve_ms": steps.get(FETCH, {}).get("cpu_mean_ms"),
                     "save_ms": steps.get(SAVE, {}).get("cpu_mean_ms")})
    return rows


def print_profile(found: dict[str, Any], out: Any = sys.stdout) -> None:
    """The three measurements as tables."""
    turns = found["turns"]
    print(f"== triage turn ({turns['turns']} turns, new sender each): wall {turns['wall_ms']:.1f}"
          f" ms, CPU {turns['cpu_ms']:.1f} ms in the Rasa process, "
          f"{turns['action_server_cpu_ms']:.1f} ms in the action server", file=out)
    _steps(turns["steps"], out)
    parses = found["parses"]
    print(f"\n== NLU parse ({parses['parses']} parses): wall {parses['wall_ms']:.1f} ms, "
          f"CPU {parses['cpu_ms']:.1f} ms", file=out)
    _steps(parses["steps"], out)
    print("\n== one long conversation, turn by turn (CPU ms; tracker read = fetch tracker + "
          "session start, write = save tracker)", file=out)
    print("  events  turn ms  predictions  RulePolicy ms each  tracker read  tracker write",
          file=out)
    for row in found["long"]:
        cells = [f"{row[k]:.2f}" if row[k] is not None else "-"
                 for k in ("rule_policy_ms", "retrieve_ms", "save_ms")]
        print(f"  {row['events']:6}  {row['cpu_ms']:7.1f}  {row['predictions']:11}  {cells[0]:>18}"
              f"  {cells[1]:>12}  {cells[2]:>13}", file=out)


def _steps(rows: list[dict[str, Any]], out: Any) -> None:
    print(f"  {'step':58} {'calls':>6} {'mean ms':>8} {'CPU ms':>7} {'ms/unit':>8}", file=out)
    for row in rows:
        print(f"  {row['step'][:58]:58} {row['calls_per_unit']:6.2f} {row['mean_ms']:8.2f}"
              f" {row['cpu_mean_ms']:7.2f} {row['per_unit_ms']:8.2f}", file=out)


def run(args: argparse.Namespace) -> int:
    from bench.run import heldout_texts, interleave
    from bot.services import Server, Services, _python, wait_ready
    from bot.settings import load_settings
    from bot.triage.model import resolve_model

    base = load_settings()
    model = resolve_model(args.model)
    var_dir = Path(tempfile.mkdtemp(prefix="triagebot-profile-"))
    settings = sandbox_settings(base, var_dir)
    os.environ.update(settings.rasa_env())  # endpoints.yml's ${...} and the action server's
    services = Services()
    actions = Server("actions", _python("bot.action_server"), settings.rasa_env(),
                     var_dir / "actions.log", settings.project_dir)
    services.servers["actions"] = actions
    actions.start()
    try:
        wait_ready(f"http://127.0.0.1:{settings.actions_port}/health", services)
        texts = heldout_texts(heldout.HELDOUT / "legacy")
        issues = interleave(texts["en"][1], texts["ja"][1])
        parse_texts = interleave(texts["en"][0], texts["ja"][0])
        bot = Bot(model, as_rasa_is=args.as_rasa_is)
        probes = Probes()
        with probes.installed():
            found = {"model": model.name,
                     "turns": _turns(bot, probes, issues, args.turns, args.warmup,
                                     actions.proc.pid if actions.proc else 0),
                     "parses": probes.parses(bot.parse, parse_texts, args.parses, args.warmup),
                     "long": _long_conversation(bot, probes, story_turns(base.project_dir))}
        if args.cprofile:  # a pass of its own: cProfile slows every Python call down
            profile = cProfile.Profile()
            for text in _cycled(issues, args.turns):
                profile.runcall(bot.say, text, uuid.uuid4().hex)
            profile.dump_stats(args.cprofile)
        services.check_alive()
    finally:
        services.stop()
    print(f"model {found['model']}{' (Rasa as it is)' if args.as_rasa_is else ''}; load "
          f"average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print_profile(found)
    if args.cprofile:
        print(f"\n== cProfile of the turns, by cumulative time (all: {args.cprofile})")
        pstats.Stats(str(args.cprofile)).sort_stats("cumulative").print_stats(args.top)
    shutil.rmtree(var_dir, ignore_errors=True)
    return 0
