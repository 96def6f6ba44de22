"""Benchmarks: `triagebot bench` (accuracy against baselines, speed, cost; see the README
section "Benchmarks") and `python -m bot.bench.deadline_speed`."""
