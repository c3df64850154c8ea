"""Benchmarks: synthetic data at national scale, timed scenarios, JSON results (see README.md)."""
