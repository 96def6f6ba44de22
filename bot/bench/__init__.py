"""Benchmarks (speed, accuracy, cost); run each module with `python -m`."""
