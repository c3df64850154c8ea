"""The `cases` benchmark runs end to end at a tiny scale, so the bench code cannot rot unnoticed.

It runs `python -m bench cases` in a child process (its own throw-away database, the real server
over HTTP) and checks the shape of the results. Nothing here asserts a timing: performance is
measured in bench/, never asserted in tests (DESIGN.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from numbers import Real
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LATENCIES = ("duplicate_search_ms", "case_list_ms", "case_detail_ms")
NUMBERS = ("generate_s", "persons_per_s", "duplicate_recall_at_10", "peak_rss_mb")


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def test_cases_bench_runs_and_writes_every_result(tmp_path):
    output = tmp_path / "results" / "cases.json"
    # The child sets up its own database: nothing of this test process's database may leak in.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SAPHAN_DATA_DIR", "SAPHAN_THROWAWAY_DB", "DJANGO_SETTINGS_MODULE"}
    }
    env["PYTHAINLP_OFFLINE"] = "1"
    command = [
        sys.executable, "-m", "bench", "cases", "--scale", "2000", "--requests", "20",
        "--queries", "60", "--data-dir", str(tmp_path / "data"), "--output", str(output),
    ]  # fmt: skip
    run = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"{run.stdout[-4000:]}\n{run.stderr[-4000:]}"

    result = json.loads(output.read_text(encoding="utf-8"))
    assert result["suite"] == "cases"
    assert result["scale"] == 2000
    assert result["generated"]["persons"] == 2000
    assert result["generated"]["cases"] == 600
    for key in NUMBERS:
        assert _is_number(result[key]), key
    for key in LATENCIES:
        for stat in ("p50", "p95"):
            assert _is_number(result[key][stat]), f"{key}.{stat}"
    assert result["case_list_ms"]["n"] == result["case_detail_ms"]["n"] == 20
    assert result["duplicate_search_ms"]["n"] == result["duplicate_queries"] >= 20
    assert 0 <= result["duplicate_recall_at_10"] <= 1
    assert result["keys_verified"] > 0
    for key in ("cores", "ram_gb", "python", "postgresql"):
        assert result["machine"][key], key
    assert result["timestamp"] and "commit" in result["git"]
    # The throw-away database is gone with the run.
    assert not (tmp_path / "data").exists()
