"""The `insight` benchmark runs end to end at a tiny scale (shape of the results only, no
timing: performance is measured in bench/, never asserted in tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from numbers import Real
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def test_insight_bench_runs_and_writes_every_result(tmp_path):
    output = tmp_path / "results" / "insight.json"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SAPHAN_DATA_DIR", "SAPHAN_THROWAWAY_DB", "DJANGO_SETTINGS_MODULE"}
    }
    env["PYTHAINLP_OFFLINE"] = "1"
    command = [
        sys.executable, "-m", "bench", "insight", "--scale", "600", "--requests", "3",
        "--data-dir", str(tmp_path / "data"), "--output", str(output),
    ]  # fmt: skip
    run = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"{run.stdout[-4000:]}\n{run.stderr[-4000:]}"

    result = json.loads(output.read_text(encoding="utf-8"))
    assert result["suite"] == "insight" and result["scale"] == 600
    assert result["cases"] == 600
    for page in ("national", "region", "province"):
        for stat in ("p50", "p95"):
            assert _is_number(result["dashboard_ms"][page][stat]), (page, stat)
        assert result["dashboard_ms"][page]["n"] == 3
        assert _is_number(result["dashboard_first_request_ms"][page])
    assert _is_number(result["indicator_refresh_s"])
    assert result["indicator_refresh"]["places_refreshed"] == 5
    assert result["stage_records"]["intake"] >= result["cases"]  # with the scenario cases
    assert not (tmp_path / "data").exists()
