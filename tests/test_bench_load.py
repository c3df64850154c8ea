"""The `load` benchmark runs end to end at a tiny scale, so the bench code cannot rot unnoticed:
data generated, the real server started, the supervisors signed in through the pages, locust
(headless, in its own process) at two levels of users with a graceful reload in the last, and
the bare view. Only the shape of the results is checked: performance is measured in bench/,
never asserted in tests (DESIGN.md)."""

from __future__ import annotations

from .benchrun import is_number, run_suite

KINDS = {
    "page: case list", "page: case", "page: search by name", "page: note form",
    "page: note written", "api: cases", "api: case", "api: timeline", "api: tip created",
}  # fmt: skip


def test_load_bench_runs_and_writes_every_result(tmp_path):
    result = run_suite(
        "load", tmp_path, "--scale", "300", "--users", "2,4", "--seconds", "6",
        "--data-dir", str(tmp_path / "data"), timeout=1500,
    )  # fmt: skip
    assert result["suite"] == "load" and result["scale"] == 300
    assert result["generated"]["cases"] == 90
    assert [level["users"] for level in result["levels"]] == [2, 4]
    for level in result["levels"]:
        assert level["all"]["requests"] > 0, level
        assert set(level["by_kind"]) <= KINDS, level["by_kind"]
        for key in ("rps", "p50_ms", "p95_ms", "p99_ms"):
            assert is_number(level["all"][key]), key
        assert is_number(level["errors"] if "errors" in level else level["all"]["errors"])
        assert is_number(level["peak_rss_mb"]) and level["peak_rss_mb"] > 0
        # Every kind of request is one its account may make: none refused (a 403 is the bench's
        # own mistake, e.g. tips posted with an account that may not write them).
        refused = [f for f in level["failures"] if "403" in f["error"] or "401" in f["error"]]
        assert not refused, refused
    reload = result["levels"][-1]["event"]
    assert reload["workers_before"] and reload["workers_after"]
    new = set(reload["workers_after"]) - set(reload["workers_before"])
    assert len(new) >= 2 and is_number(reload["new_workers_s"])  # new workers took over
    assert result["bare_view"]["all"]["requests"] > 0
    assert result["server"]["workers"] == 2 and result["locust"]["staff_accounts"]
    assert set(result["targets"]["met"]) == {"errors", "p95_ms_at_50_users", "peak_rss_mb"}
    assert not (tmp_path / "data").exists()  # the throw-away database is gone with the run
