"""Smoke tests of `python -m bench bench`: it starts, the baselines fit, the report prints.

The benchmark itself never runs under pytest (no timed tests); `make bench` runs it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import yaml

from bench.__main__ import main
from bench.accuracy import METRICS, ratio, summarise
from bench.baselines import KEYWORDS, keyword_baseline, tfidf_baseline
from bench.memory import PeakMemory
from bench.report import check_targets, print_report

TRAINING = {
    "severity": (
        ["production is down, all jobs fail", "本番が停止して全ジョブが失敗", "one tape job failed",
         "テープのジョブが1つ失敗", "how do I change the retention?", "保持期間の変更方法を教えて"],
        [1, 1, 3, 3, 4, 4],
    ),
    "case_type": (
        ["license expired on every socket", "ライセンスの期限切れ", "backup job failed with an error",
         "バックアップジョブがエラーで失敗", "please add support for a new hypervisor", "機能追加の要望"],
        ["licensing", "licensing", "technical", "technical", "feature_request",
         "feature_request"],
    ),
}

CASES = [
    ("our production is down and every job fails", 1, "technical"),
    ("本番環境が停止しています。至急リストアが必要です", 1, "technical"),
    ("a question about the license key expiry date", 4, "licensing"),
    # "urgent" (1) and "not urgent" (4) both hit: a tie goes to the more severe level
    ("the license key expired, not urgent", 1, "licensing"),
    ("ライセンスキーの有効期限について質問です", 4, "licensing"),
]


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["bench", "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    for option in ("--skip-train", "--samples", "--out"):
        assert option in text


def test_keyword_table_is_bilingual() -> None:
    table = yaml.safe_load(KEYWORDS.read_text(encoding="utf-8"))
    for task in ("severity", "case_type"):
        for label, words in table[task].items():
            assert words.get("en") and words.get("ja"), f"{task} {label} lacks a language"


@pytest.mark.parametrize(("text", "severity", "case_type"), CASES)
def test_keyword_baseline_follows_its_rules(text: str, severity: int, case_type: str) -> None:
    parse = keyword_baseline().fit(TRAINING).parse(text)
    assert parse["severity"]["value"] == severity
    assert parse["case_type"]["value"] == case_type


def test_keyword_baseline_falls_back_to_the_commonest_training_label() -> None:
    baseline = keyword_baseline().fit({"severity": ([""] * 3, [2, 2, 4]),
                                       "case_type": ([""] * 2, ["licensing"] * 2)})
    parse = baseline.parse("zzz")
    assert (parse["severity"]["value"], parse["case_type"]["value"]) == (2, "licensing")


# Near copies of training texts: character n-grams must carry them to their labels.
TFIDF_CASES = [
    ("テープのジョブが失敗", 3, "technical"),
    ("production is down, jobs fail", 1, "technical"),
    ("ライセンスの期限切れです", 4, "licensing"),
]


@pytest.mark.parametrize(("text", "severity", "case_type"), TFIDF_CASES)
def test_tfidf_baseline_learns_its_training_labels(text: str, severity: int,
                                                   case_type: str) -> None:
    parse = tfidf_baseline().fit(TRAINING).parse(text)
    assert (parse["severity"]["value"], parse["case_type"]["value"]) == (severity, case_type)
    assert parse["entities"] == []


def _report(value: float) -> dict:
    confusion = {"labels": ["1", "2", "none"], "matrix": [[3, 1, 0], [0, 4, 0]]}
    return {"n": 4, "macro_f1": value, "sev1_recall": value, "sev1_precision": value,
            "under_triage": 1 - value, "over_triage": 1 - value, "cites_criterion": value,
            "confusion": confusion}


def test_summary_ratios_and_report_print() -> None:
    scores = {lang: {"severity": _report(0.8), "case_type": _report(0.6)} for lang in ("en", "ja")}
    figures = summarise(scores)
    assert figures["en"]["severity_macro_f1"] == 0.8
    assert ratio(0.8, 0.4) == 2.0 and ratio(0.8, 0.0) is None
    ratios = {lang: {key: 1.0 for key, _, _ in METRICS} for lang in ("en", "ja")}
    scored = {"systems": {"pipeline": figures, "keyword rules": figures},
              "ratios": {"keyword rules": ratios}}
    timing = {"n": 3, "p50_ms": 10.0, "p95_ms": 30.0, "mean_ms": 12.0}
    results = {
        "machine": {"cpus": 2, "cpu_model": "cpu", "ram_gb": 8.0, "load_average": [0, 0, 0]},
        "model": "m.tar.gz", "code": {"commit": "abc1234", "uncommitted_model_inputs": []},
        "accuracy": {"sets": {"legacy": scored, "fresh": scored}},
        "speed": {"parse_in_process": {**timing, "cpu_p50_ms": 9.0, "cpu_p95_ms": 20.0},
                  "parse_http": timing, "turn_greeting": {**timing, "action": None},
                  "turn_rest": {**timing, "action": "action_triage", "skipped": 1},
                  "batch_triage": {"messages": 3, "messages_per_s": 50.0}, "model_load_s": 1.0,
                  "deadline": {"lines_per_s": 1e4, "startup_s": 0.5}, "training": None},
        "cost": {"memory": {"rasa": {"peak_mb": 1600.0, "processes": 1}}, "model_mb": 30.0},
        "ratios": {"parse_p95": 1.6, "turn_p95": 2.5, "greeting_p95": 1.2},
    }
    results["speed"]["batch_single"] = results["speed"]["batch_triage"]
    results["speed"]["batch_triage"] = {"messages": 9, "messages_per_s": 150.0, "workers": 2}
    results["targets"] = check_targets(results)
    verdicts = {row["target"]: row["result"] for row in results["targets"]}
    assert verdicts == {"NLU parse p95 / starter's": "FAIL",
                        "triage turn p95 / starter's turn": "PASS",
                        "greeting turn p95 / starter's turn": "PASS",  # limits are inclusive
                        "batch triage, all cores": "PASS",  # a rate must reach its limit
                        "transcripts, all cores": "n/a",
                        "training time, 2 cores": "n/a", "Rasa server peak memory": "FAIL"}
    out = io.StringIO()
    print_report(results, out)
    assert "not measured" in out.getvalue()
    assert "held-out set legacy" in out.getvalue() and "held-out set fresh" in out.getvalue()
    assert "sev1_precision" in out.getvalue() and "over_triage" in out.getvalue()
    assert "[ja] keyword rules: severity (rows truth, columns predicted)" in out.getvalue()


def test_confusion_chart_is_a_png(tmp_path: Path) -> None:
    from bench.charts import confusion_png

    figures = summarise({lang: {"severity": _report(0.8), "case_type": _report(0.6)}
                         for lang in ("en", "ja")})
    path = confusion_png({"systems": {"pipeline": figures, "tf-idf + LR": figures}}, "t",
                         tmp_path / "c.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _own_status_mb(field: str = "VmHWM") -> float:
    status = Path("/proc/self/status").read_text(encoding="ascii")
    kib = next(int(line.split()[1]) for line in status.splitlines()
               if line.startswith(f"{field}:"))
    return kib * 1024 / 1e6


def test_peak_memory_reads_this_process_and_keeps_the_highest_value() -> None:
    memory = PeakMemory({"self": os.getpid()})
    memory.sample()
    before = _own_status_mb()
    # Earlier tests may have left children (joblib's reusable workers): they are in the
    # tree too, so this process's own figure is read by its pid.
    assert memory.result()["self"]["processes"] >= 1 and os.getpid() in memory.peaks["self"]
    own_mb = memory.peaks["self"][os.getpid()] * 1024 / 1e6
    assert abs(own_mb - before) <= 1.0  # the kernel's own figure (4 KiB pages)
    # Touch 64 MB more than the peak so far: earlier tests in this process may have left
    # the resident size well below its high-water mark.
    extra = before - _own_status_mb("VmRSS") + 64
    ballast = bytearray(int(extra * 1e6))
    ballast[::4096] = b"x" * len(ballast[::4096])
    memory.sample()
    assert memory.peaks["self"][os.getpid()] * 1024 / 1e6 >= before + 60
    del ballast


def test_parse_versus_times_both_languages_and_reads_the_95th_percentile() -> None:
    from bench.parse_versus import _percentile, _texts
    from bot.nlu.language import detect_language

    texts = _texts(10)
    assert len(texts) == 10
    assert [detect_language(t) for t in texts[:2]] == ["en", "ja"]  # interleaved
    assert _percentile([float(v) for v in range(1, 101)], 0.95) == 96.0
