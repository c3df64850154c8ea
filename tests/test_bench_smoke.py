"""The `cases` benchmark runs end to end at a tiny scale, so the bench code cannot rot unnoticed.

It runs `python -m bench cases` in a child process (its own throw-away database, the real server
over HTTP) and checks the shape of the results. Nothing here asserts a timing: performance is
measured in bench/, never asserted in tests (DESIGN.md).
"""

from __future__ import annotations

from .benchrun import is_number as _is_number
from .benchrun import run_suite

LATENCIES = ("duplicate_search_ms", "case_list_ms", "case_detail_ms")
NUMBERS = ("generate_s", "persons_per_s", "duplicate_recall_at_10", "peak_rss_mb")


def test_cases_bench_runs_and_writes_every_result(tmp_path):
    result = run_suite(
        "cases",
        tmp_path,
        "--scale",
        "2000",
        "--requests",
        "20",
        "--queries",
        "60",
        "--variant-queries",
        "150",
        "--data-dir",
        str(tmp_path / "data"),
        timeout=600,
    )
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
    # The independent variant set: every kind in both parts, figures per group.
    variant = result["variant_recall_at_10"]
    assert result["variant_queries"] == 150 == result["variant_search_ms"]["n"]
    for part in ("held_out", "tuning"):
        for group in ("same_script", "cross_script", "all"):
            assert 0 <= variant[part][group]["recall"] <= 1, (part, group)
    assert variant["held_out"]["all"]["n"] + variant["tuning"]["all"]["n"] == 150
    assert set(variant["tuning"]["by_kind"]) >= {"thai_in_latin", "burmese_in_thai", "title"}
    # The same queries with the form's sex and nationality: as many, in both parts.
    form = result["variant_recall_at_10_with_form_evidence"]
    for part in ("held_out", "tuning"):
        assert form[part]["all"]["n"] == variant[part]["all"]["n"], part
        assert 0 <= form[part]["cross_script"]["recall"] <= 1, part
    assert result["variant_search_with_form_evidence_ms"]["n"] == 150
    # Answered counts every hit, and more only where no name check could tell.
    answered = result["variant_answered_at_10"]
    for part in ("held_out", "tuning"):
        assert answered[part]["all"]["recall"] >= variant[part]["all"]["recall"], part
    for key in ("cores", "ram_gb", "python", "postgresql"):
        assert result["machine"][key], key
    assert result["timestamp"] and "commit" in result["git"]
    # The throw-away database is gone with the run.
    assert not (tmp_path / "data").exists()
