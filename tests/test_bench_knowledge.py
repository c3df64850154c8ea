"""The `knowledge` benchmark runs end to end at a tiny scale and writes every result.

Shape only (DESIGN.md: performance is measured in bench/, never asserted in tests)."""

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


def test_knowledge_bench_runs_and_writes_every_result(tmp_path):
    output = tmp_path / "results" / "knowledge.json"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SAPHAN_DATA_DIR", "SAPHAN_THROWAWAY_DB", "DJANGO_SETTINGS_MODULE"}
    }
    env["PYTHAINLP_OFFLINE"] = "1"
    command = [
        sys.executable, "-m", "bench", "knowledge", "--scale", "300", "--requests", "20",
        "--data-dir", str(tmp_path / "data"), "--output", str(output),
    ]  # fmt: skip
    run = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"{run.stdout[-4000:]}\n{run.stderr[-4000:]}"

    result = json.loads(output.read_text(encoding="utf-8"))
    assert result["suite"] == "knowledge"
    assert result["documents"] == 300
    assert result["thai_queries"] >= 50
    assert result["cross_language_queries"] >= 30
    assert result["search_ms"]["n"] >= 200
    for stat in ("p50", "p95"):
        assert _is_number(result["search_ms"][stat])
    for key in ("thai_recall_at_5", "cross_language_recall_at_5"):
        assert 0 <= result[key] <= 1, key
