"""The `knowledge` benchmark runs end to end at a tiny scale and writes every result.

Shape only (DESIGN.md: performance is measured in bench/, never asserted in tests)."""

from __future__ import annotations

from .benchrun import is_number as _is_number
from .benchrun import run_suite


def test_knowledge_bench_runs_and_writes_every_result(tmp_path):
    result = run_suite(
        "knowledge",
        tmp_path,
        "--scale",
        "300",
        "--requests",
        "20",
        "--data-dir",
        str(tmp_path / "data"),
        timeout=900,
    )
    assert result["suite"] == "knowledge"
    assert result["documents"] == 300
    assert result["thai_queries"] >= 50
    assert result["cross_language_queries"] >= 30
    assert result["search_ms"]["n"] >= 200
    for stat in ("p50", "p95"):
        assert _is_number(result["search_ms"][stat])
    for key in ("thai_recall_at_5", "cross_language_recall_at_5"):
        assert 0 <= result[key] <= 1, key
