"""`python -m bench eval`: severity, case-type and entity scores, per held-out set and language.

Held-out: the trained model on each set of bench/heldout (never used for any choice).
Cross-validation: 5 folds over the training data with the classifiers of config.yml.
`--select` adds the model comparison and the needs_review margin sweep (training data only).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from bench import heldout
from bot.policy.loader import CASE_TYPES
from bot.policy.schema import LANGS
from bot.settings import load_settings

ENTITY_TYPES = ("support_id", "case_number", "version", "email", "phone")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help="model .tar.gz (default: $TRIAGEBOT_MODEL, else the "
                        "model trained for the current data and config)")
    parser.add_argument("--heldout", action="append", metavar="SET",
                        help=f"held-out set: one of {', '.join(heldout.SETS)} or a folder; "
                        "repeat for several (default: every set present)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", metavar="PATH", help="also write all numbers as JSON")
    parser.add_argument("--no-heldout", action="store_true", help="skip the held-out set")
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    parser.add_argument("--select", action="store_true",
                        help="compare models and sweep the review margin (training data)")


def _component_config(config: Path, suffix: str) -> dict[str, Any]:
    pipeline = yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]
    entry = next(e for e in pipeline if e["name"].endswith(suffix))
    return {k: v for k, v in entry.items() if k != "name"}


def cites_criterion(parse: dict[str, Any]) -> bool:
    """Whether a parse names a real policy criterion (not only a `fallback_*` one)."""
    return any(not str(c.get("id", "")).startswith("fallback_")
               for c in parse.get("criteria") or [])


def heldout_scores(parser: Any, root: Path) -> dict[str, Any]:
    """Scores of `parser` (anything with `parse(text)`) on each language of one set."""
    from bench.metrics import MISSING, classification_report, entity_report, severity_report
    from bot.nlu.label_classifier import example_label

    scores = {}
    for lang, examples in heldout.examples(root).items():
        sev_t, sev_p, ct_t, ct_p, gold, predicted = [], [], [], [], [], []
        cited: list[bool] = []  # per severity proposal: does it name a policy criterion?
        for example in examples:
            parse = parser.parse(example.get("text"))
            gold.append({(e["entity"], e["start"], e["end"]) for e in example.get("entities") or []})
            predicted.append({(e["entity"], e["start"], e["end"]) for e in parse["entities"]})
            if (severity := example_label(example, "severity")) is not None:
                sev_t.append(int(severity))
                sev_p.append((parse.get("severity") or {}).get("value", MISSING))
                if sev_p[-1] != MISSING:
                    cited.append(cites_criterion(parse))
            if (case_type := example_label(example, "case_type")) is not None:
                ct_t.append(case_type)
                ct_p.append((parse.get("case_type") or {}).get("value", MISSING))
        severity = severity_report(sev_t, sev_p)
        severity["cites_criterion"] = sum(cited) / len(cited) if cited else 0.0
        scores[lang] = {
            "severity": severity,
            "case_type": classification_report(ct_t, ct_p, CASE_TYPES),
            "entities": entity_report(gold, predicted, ENTITY_TYPES),
        }
    return scores


def cv_scores(project_dir: Path, folds: int, select: bool) -> dict[str, Any]:
    """Out-of-fold scores on the training data, per language (and the selection tables)."""
    from rasa.shared.nlu.training_data.loading import load_data

    from bench import cv, selection
    from bench.metrics import classification_report, severity_report
    from bot.nlu.case_type import CharacterCaseTypeView
    from bot.nlu.label_classifier import example_label
    from bot.nlu.language import detect_language
    from bot.nlu.severity import decide

    config = project_dir / "config.yml"
    sev_config = _component_config(config, "SeverityClassifier")
    ct_config = _component_config(config, "CaseTypeClassifier")
    models = {"severity": selection.logistic(sev_config),
              "case_type": selection.logistic(ct_config)}
    if ct_config.get("character_weight", 0.0) > 0.0:  # the case type's character view
        models["case_type_view"] = selection.logistic(
            {**CharacterCaseTypeView.get_default_config(),
             **_component_config(config, "CharacterCaseTypeView")})
    if select:
        models.update(selection.candidates())
    data = load_data(str(project_dir / "data" / "nlu"))
    examples, results = cv.out_of_fold(data, config, ("severity", "case_type"), models, folds)
    langs = [detect_language(m.get("text")) or "en" for m in examples]
    margin = sev_config.get("review_margin", 0.2)
    out: dict[str, Any] = {"review_margin": margin}
    sev_truth = [int(example_label(m, "severity")) for m in examples]
    ct_truth = [example_label(m, "case_type") for m in examples]
    sev_classes, sev_probs = results["severity"]["severity"]
    ct_classes, ct_probs = results["case_type"]["case_type"]
    if "case_type_view" in results["case_type"]:
        view_classes, view_probs = results["case_type"]["case_type_view"]
        assert list(view_classes) == list(ct_classes)
        weight = ct_config["character_weight"]
        ct_probs = (1 - weight) * ct_probs + weight * view_probs
    sev_pred = [decide(sorted(zip(sev_classes, row), key=lambda p: -p[1]), margin)[0]
                for row in sev_probs]
    ct_pred = [ct_classes[int(row.argmax())] for row in ct_probs]
    for lang in LANGS:
        idx = [i for i, g in enumerate(langs) if g == lang]
        out[lang] = {
            "severity": severity_report([sev_truth[i] for i in idx], [sev_pred[i] for i in idx]),
            "case_type": classification_report(
                [ct_truth[i] for i in idx], [ct_pred[i] for i in idx], CASE_TYPES),
        }
    if select:
        out["selection"] = _selection(results, sev_truth, ct_truth, langs)
        out["calibration"] = _calibration(data, config, sev_config)
    return out


def _calibration(data: Any, config: Path, sev_config: dict[str, Any]) -> dict[str, Any]:
    """The rules-and-learned blend and the review margin, swept out of fold."""
    from bench import calibration
    from bot.nlu.label_classifier import example_label
    from bot.nlu.language import detect_language

    view_config = _component_config(config, "CharacterSeverityView")
    fact_config = _component_config(config, "FactExtractor")
    examples, learned, character, facts = calibration.out_of_fold(data, config, sev_config,
                                                                  view_config, fact_config)
    truth = [int(example_label(m, "severity")) for m in examples]
    langs = [detect_language(m.get("text")) or "en" for m in examples]
    rows = calibration.sweep(truth, learned, facts, langs,
                             sev_config.get("min_rule_share", 0.2), character)
    return {"sweep": rows, "chosen": calibration.choose(rows)}


def _selection(results: dict[str, Any], sev_truth: list[int], ct_truth: list[Any],
               langs: list[str]) -> dict[str, Any]:
    from bench import selection
    from bench.metrics import classification_report, severity_report

    table = {}
    for name in selection.candidates():
        classes, probs = results["severity"][name]
        sev = severity_report(sev_truth, [classes[int(r.argmax())] for r in probs])
        classes, probs = results["case_type"][name]
        ct = classification_report(ct_truth, [classes[int(r.argmax())] for r in probs],
                                   CASE_TYPES)
        table[name] = {"severity_macro_f1": sev["macro_f1"], "sev1_recall": sev["sev1_recall"],
                       "under_triage": sev["under_triage"], "case_type_macro_f1": ct["macro_f1"]}
    classes, probs = results["severity"]["severity"]
    sweep = selection.margin_sweep(sev_truth, classes, probs, langs)
    return {"models": table, "margin_sweep": sweep, "chosen_margin": selection.choose_margin(sweep)}


def _print_classes(name: str, report: dict[str, Any], out: Any) -> None:
    extra = ""
    if "under_triage" in report:
        extra = (f"  sev1 recall {report['sev1_recall']:.3f}"
                 f"  precision {report['sev1_precision']:.3f}"
                 f"  under-triage {report['under_triage']:.3f}"
                 f"  over-triage {report['over_triage']:.3f}")
    print(f"  {name}: n={report['n']}  macro-F1 {report['macro_f1']:.3f}{extra}", file=out)
    for label, row in report["per_class"].items():
        print(f"    {label:>16}  P {row['precision']:.3f}  R {row['recall']:.3f}"
              f"  n={row['support']}", file=out)
    labels = report["confusion"]["labels"]
    print("    confusion (rows truth, cols predicted): " + " ".join(labels), file=out)
    for label, row in zip(labels, report["confusion"]["matrix"]):
        print(f"    {label:>16}  " + " ".join(f"{v:4d}" for v in row), file=out)


def _print_languages(title: str, by_lang: dict[str, Any], out: Any) -> None:
    for lang, scores in by_lang.items():
        print(f"== {title} [{lang}]", file=out)
        _print_classes("severity", scores["severity"], out)
        _print_classes("case type", scores["case_type"], out)
        for kind, row in scores.get("entities", {}).items():
            print(f"  entity {kind:>12}  P {row['precision']:.3f}  R {row['recall']:.3f}"
                  f"  F1 {row['f1']:.3f}  n={row['support']}", file=out)


def _compare(sets: dict[str, Path], pipeline: dict[str, Any]) -> dict[str, Any]:
    """The pipeline beside both baselines (fitted now on the training data), per set; the
    severity confusion matrices also as bench/confusion_<set>.png."""
    from bench.accuracy import compare
    from bench.run import write_charts

    compared = compare(None, sets, load_settings().project_dir / "data" / "nlu", pipeline)
    compared["charts"] = write_charts(compared)
    return compared


def print_scores(results: dict[str, Any], out: Any = sys.stdout) -> None:
    """Human-readable tables of everything computed."""
    from bench.charts import print_confusions
    from bench.report import print_accuracy

    for name, by_lang in results.get("heldout", {}).items():
        _print_languages(f"held-out set {name}", by_lang, out)
    for name, scored in results.get("compare", {}).get("sets", {}).items():
        print(f"== held-out set {name}: pipeline beside the baselines "
              "(ratio = pipeline / baseline)", file=out)
        print_accuracy(scored, out)
        print_confusions(scored, "severity", out)
    if "cv" in results:
        _print_languages("5-fold CV on training data (learned classifiers alone; the blend "
                         "with the facts is in --select)",
                         {lang: results["cv"][lang] for lang in LANGS}, out)
    selection = results.get("cv", {}).get("selection")
    if selection:
        print("== model comparison (5-fold CV, training data, argmax, no margin)", file=out)
        for name, row in selection["models"].items():
            print(f"  {name:28} severity F1 {row['severity_macro_f1']:.3f}  sev1 R "
                  f"{row['sev1_recall']:.3f}  under {row['under_triage']:.3f}  case-type F1 "
                  f"{row['case_type_macro_f1']:.3f}", file=out)
        print("== review margin sweep (configured severity model)", file=out)
        for row in selection["margin_sweep"]:
            print(f"  margin {row['margin']:.2f} [{row['group']}]  F1 {row['macro_f1']:.3f}  "
                  f"sev1 R {row['sev1_recall']:.3f}  under {row['under_triage']:.3f}  "
                  f"review {row['review_rate']:.3f}", file=out)
        print(f"  smallest margin meeting the goals: {selection['chosen_margin']}", file=out)
    calibration = results.get("cv", {}).get("calibration")
    if calibration:
        print("== severity from facts: character weight x learned weight x review margin x "
              "outage floor (5-fold CV, training data)", file=out)
        for row in calibration["sweep"]:
            print(f"  c {row['character_weight']:.2f} w {row['learned_weight']:.2f} "
                  f"margin {row['margin']:.2f} {row['close_call']:5} "
                  f"floor {row['outage_floor']:.2f} [{row['group']}]"
                  f"  F1 {row['macro_f1']:.3f}  sev1 R {row['sev1_recall']:.3f}"
                  f"  P {row['sev1_precision']:.3f}  under {row['under_triage']:.3f}"
                  f"  over {row['over_triage']:.3f}  review {row['review_rate']:.3f}"
                  f"  cites a rule {row['cites_rule']:.3f}", file=out)
        print(f"  chosen (best worst-language sev-1 precision among the safe settings): "
              f"{calibration['chosen']}", file=out)


def run(args: argparse.Namespace) -> int:
    from bot.triage.model import ModelParser, NoModelError, resolve_model

    results: dict[str, Any] = {}
    if not args.no_heldout:
        try:
            sets = heldout.chosen(args.heldout)
            parser = ModelParser(resolve_model(args.model))
        except (NoModelError, FileNotFoundError) as err:
            print(f"python -m bench eval: {err}", file=sys.stderr)
            return 2
        results["model"] = str(parser.path)
        try:
            results["heldout"] = {name: heldout_scores(parser, root) for name, root in sets.items()}
        finally:
            parser.close()
        results["compare"] = _compare(sets, results["heldout"])
    if not args.no_cv:
        results["cv"] = cv_scores(load_settings().project_dir, args.folds, args.select)
    print_scores(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0
