"""The `households` benchmark runs end to end at a tiny scale, so its code cannot rot unnoticed.
Only the shape of the results is checked, never a timing."""

from __future__ import annotations

from .benchrun import is_number as _is_number
from .benchrun import run_suite


def test_households_bench_runs_and_writes_every_result(tmp_path):
    result = run_suite("households", tmp_path, "--scale", "3000", "--requests", "10", timeout=600)
    for key in ("pipeline_s", "households_per_s", "peak_rss_mb"):
        assert _is_number(result[key]), key
    assert result["households"] == 3000
    assert set(result["outreach_list_ms"]) >= {"p50", "p95", "n"}
    assert result["outreach_list_ms"]["n"] == 10
