"""The `insight` benchmark runs end to end at a tiny scale (shape of the results only, no
timing: performance is measured in bench/, never asserted in tests)."""

from __future__ import annotations

from .benchrun import is_number as _is_number
from .benchrun import run_suite


def test_insight_bench_runs_and_writes_every_result(tmp_path):
    result = run_suite(
        "insight",
        tmp_path,
        "--scale",
        "600",
        "--requests",
        "3",
        "--data-dir",
        str(tmp_path / "data"),
        timeout=900,
    )
    assert result["suite"] == "insight" and result["scale"] == 600
    assert result["cases"] == 600
    for page in ("national", "region", "province"):
        for stat in ("p50", "p95"):
            assert _is_number(result["dashboard_ms"][page][stat]), (page, stat)
        assert result["dashboard_ms"][page]["n"] == 3
        assert _is_number(result["dashboard_first_request_ms"][page])
    assert _is_number(result["indicator_refresh_s"])
    refresh = result["indicator_refresh"]
    assert refresh["cases_synced"] == refresh["cases_noted_by_triggers"] == refresh["changed_cases"]
    assert result["facts"] > 0 and _is_number(result["facts_build_s"])
    assert result["stage_records"]["intake"] >= result["cases"]  # with the scenario cases
    assert not (tmp_path / "data").exists()
