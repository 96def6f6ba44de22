"""`python -m bench bench`: accuracy against two baselines, speed and cost, in one run.

Prints a table and writes every figure to `--out` (JSON). The servers run on free
loopback ports with a private temporary var/ folder and are stopped even on error.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
import time
from itertools import chain, zip_longest
from pathlib import Path
from typing import Any

from bench import heldout
from bench.reference import cpu_ratios, ratios
from bench.sandbox import sandbox_settings
from bench.starter import Starter, ensure_starter
from bot.policy.schema import LANGS
from bot.settings import Settings

RESULTS = Path(__file__).resolve().parent / "results.json"
# Reference turns answered by Rasa alone (no custom action): what the actions add.
GREETINGS = ["hello", "こんにちは"]
# The set whose texts the speed figures send (the same texts from run to run).
SPEED_SET = "legacy"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default=str(RESULTS),
                        help="results JSON (default: bench/results.json)")
    parser.add_argument("--skip-train", action="store_true",
                        help="do not time a fresh `rasa train`; report the figure of --out")
    parser.add_argument("--samples", type=int, default=200,
                        help="timed calls per latency figure and messages for batch triage")
    parser.add_argument("--warmup", type=int, default=10,
                        help="untimed calls before each latency figure")
    parser.add_argument("--deadline-lines", type=int, default=10_000,
                        help="cases fed to `triagebot deadline`")
    parser.add_argument("--heldout", action="append", metavar="SET",
                        help=f"held-out set for accuracy: one of {', '.join(heldout.SETS)} or a "
                        "folder; repeat for several (default: every set present)")
    parser.add_argument("--model", help="model .tar.gz to measure (default: the cached model "
                        "for the current data and config, trained first if missing)")


def heldout_texts(root: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Per language: (all held-out texts, those describing a problem)."""
    from bot.nlu.label_classifier import example_label

    return {lang: ([e.get("text") for e in examples],
                   [e.get("text") for e in examples if example_label(e, "severity")])
            for lang, examples in heldout.examples(root).items()}


def interleave(*lists: list[str]) -> list[str]:
    """a0, b0, a1, b1, ...: both languages in every prefix."""
    return [t for t in chain.from_iterable(zip_longest(*lists)) if t is not None]


def in_process(model: Path, args: argparse.Namespace, sets: dict[str, Path], data_dir: Path,
               parse_texts: list[str], issue_texts: list[str]
               ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Accuracy, in-process parse latency and batch throughput with the model loaded here."""
    from rasa.utils.log_utils import configure_structlog

    from bench import accuracy, latency
    from bot.triage.model import ModelParser

    configure_structlog(logging.WARNING)  # Rasa logs every parse at debug level otherwise
    begin = time.perf_counter()
    parser = ModelParser(model)
    speed: dict[str, Any] = {"model_load_s": time.perf_counter() - begin}
    try:
        scores = accuracy.compare(parser, sets, data_dir)
        speed["parse_in_process"] = latency.in_process_parse(
            parser, parse_texts, args.samples, args.warmup)
        speed["batch_single"] = latency.batch_throughput(parser, issue_texts, args.samples)
    finally:
        parser.close()
    return scores, speed


def served(settings: Settings, model: Path, args: argparse.Namespace, parse_texts: list[str],
           issue_texts: list[str], starter: Starter
           ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """HTTP parse and REST-turn latency, ours and the starter bot's (`bench.reference`), and
    our servers' peak memory."""
    from bench.memory import PeakMemory
    from bench.reference import measure_side_by_side
    from bot.services import start_bot

    services = start_bot(settings, model)
    try:
        token = settings.auth_token()
        roots = {"rasa": services.procs["rasa"].pid, "actions": services.procs["actions"].pid}
        memory = PeakMemory(roots)
        memory.start()
        try:
            speed, reference = measure_side_by_side(
                settings.rasa_port, token, list(roots.values()), starter,
                settings.var_dir / "logs", parse_texts, issue_texts, GREETINGS, args.samples,
                args.warmup)
            services.check_alive()
        finally:
            memory.stop()
    finally:
        services.stop()
    return speed, reference, memory.result()


def write_charts(accuracy: dict[str, Any]) -> list[str]:
    """One PNG of the severity confusion matrices per held-out set, in bench/."""
    from bench.charts import BENCH, confusion_png

    return [str(confusion_png(scored, f"severity confusion, held-out set {name}",
                              BENCH / f"confusion_{name}.png"))
            for name, scored in accuracy["sets"].items()]


def run(args: argparse.Namespace) -> int:
    from bench import latency, report, throughput, training
    from bot import model_cache
    from bot.commands.train import ensure_model
    from bot.settings import load_settings

    out = Path(args.out)
    base = load_settings()
    try:
        sets = heldout.chosen(args.heldout)
    except FileNotFoundError as err:
        print(f"python -m bench bench: {err}", file=sys.stderr)
        return 2
    var_dir = Path(tempfile.mkdtemp(prefix="triagebot-bench-"))
    results: dict[str, Any] = {"machine": report.machine(),
                               "code": report.code_state(base.project_dir),
                               "samples": args.samples, "warmup": args.warmup}
    try:
        if args.skip_train:
            train_time = training.last_training(out)
        else:
            print("timing a fresh `rasa train` (minutes) ...", file=sys.stderr)
            train_time, trained = training.time_training(
                base.project_dir, var_dir, model_cache.model_name(base.project_dir))
            if model_cache.cached_model(base) is None:  # saves `triagebot train` its run
                base.model_dir.mkdir(parents=True, exist_ok=True)
                shutil.copy2(trained, base.model_dir / trained.name)
                model_cache.store_in_cache(trained, base)
        model = Path(args.model) if args.model else ensure_model(base)
        print("the starter bot (`rasa init`, trained once, then cached) ...", file=sys.stderr)
        starter = ensure_starter(base.var_dir / "bench-starter")
        results["model"] = model.name
        texts = heldout_texts(heldout.HELDOUT / SPEED_SET)
        parse_texts = interleave(*(texts[lang][0] for lang in LANGS if lang in texts))
        issue_texts = interleave(*(texts[lang][1] for lang in LANGS if lang in texts))
        results["accuracy"], speed = in_process(model, args, sets,
                                                base.project_dir / "data" / "nlu",
                                                parse_texts, issue_texts)
        print("batch throughput on every core ...", file=sys.stderr)
        speed["batch_triage"] = throughput.batch_triage(model, issue_texts, args.samples * 5)
        speed["transcripts"] = throughput.transcripts(model)
        served_speed, reference, memory = served(sandbox_settings(base, var_dir), model, args,
                                                 parse_texts, issue_texts, starter)
        speed.update(served_speed, training=train_time,
                     deadline=latency.deadline_rate(args.deadline_lines))
    except BaseException:
        print(f"python -m bench bench: failed; logs kept in {var_dir}", file=sys.stderr)
        raise
    shutil.rmtree(var_dir, ignore_errors=True)
    results["speed"] = speed
    results["reference"] = reference
    results["ratios"] = ratios(speed, reference)
    results["cpu_ratios"] = cpu_ratios(speed, reference)
    results["cost"] = {"memory": memory, "model_mb": model.stat().st_size / 1e6}
    results["targets"] = report.check_targets(results)
    results["charts"] = write_charts(results["accuracy"])
    report.print_report(results, sys.stdout)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {out}", file=sys.stderr)
    return 0
