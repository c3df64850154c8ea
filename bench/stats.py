"""Percentiles of timings, as every suite reports them."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) with linear interpolation between the closest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    k = (len(ordered) - 1) * q
    low = math.floor(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary(times_ms: Sequence[float]) -> dict:
    """p50, p95, mean and max in ms (0.1 ms), and how many timings they summarise."""
    return {
        "p50": round(percentile(times_ms, 0.5), 1),
        "p95": round(percentile(times_ms, 0.95), 1),
        "mean": round(sum(times_ms) / len(times_ms), 1),
        "max": round(max(times_ms), 1),
        "n": len(times_ms),
    }
