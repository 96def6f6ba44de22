"""Tooling around the bot, never imported by `bot/`: `python -m bench COMMAND`.

`bench` (accuracy against baselines, speed and cost -> bench/results.json), `eval` (held-out
and cross-validated NLU scores, model selection) and `deadline` (speed of `triagebot
deadline` against a minute-stepping reference). See the README sections "NLU accuracy" and
"Benchmarks".
"""
