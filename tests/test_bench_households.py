"""The `households` benchmark runs end to end at a tiny scale, so its code cannot rot unnoticed.
Only the shape of the results is checked, never a timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from numbers import Real
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_households_bench_runs_and_writes_every_result(tmp_path):
    output = tmp_path / "results" / "households.json"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SAPHAN_DATA_DIR", "SAPHAN_THROWAWAY_DB", "DJANGO_SETTINGS_MODULE"}
    }
    env["PYTHAINLP_OFFLINE"] = "1"
    # The runner makes (and removes) its own data dir under the system temp dir.
    command = [
        sys.executable, "-m", "bench", "households", "--scale", "3000", "--requests", "10",
        "--output", str(output),
    ]  # fmt: skip
    run = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"{run.stdout[-4000:]}\n{run.stderr[-4000:]}"
    result = json.loads(output.read_text())
    for key in ("pipeline_s", "households_per_s", "peak_rss_mb"):
        assert isinstance(result[key], Real) and not isinstance(result[key], bool), key
    assert result["households"] == 3000
    assert set(result["outreach_list_ms"]) >= {"p50", "p95", "n"}
    assert result["outreach_list_ms"]["n"] == 10
