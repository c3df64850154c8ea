"""The `durability` benchmark runs end to end at a tiny scale: the real server, writes over HTTP,
kill -9 of the web workers and of PostgreSQL mid-load, restart. Every write the server
acknowledged must be in the database afterwards (0 lost): that is a correctness property, not
a timing, so it is asserted here."""

from __future__ import annotations

from .benchrun import is_number, run_suite


def test_durability_bench_loses_no_acknowledged_write(tmp_path):
    result = run_suite(
        "durability", tmp_path, "--scale", "100", "--data-dir", str(tmp_path / "data"), timeout=900
    )
    assert result["suite"] == "durability"
    assert result["lost"] == 0, result["lost_tokens"]
    assert result["acknowledged"] > 0
    assert result["writes_attempted"] <= 100
    assert result["acknowledged"] + result["unacknowledged"] == result["writes_attempted"]
    assert [e["event"] for e in result["events"]] == [
        "kill -9 web workers", "kill -9 PostgreSQL", "PostgreSQL started again",
    ]  # fmt: skip
    assert all(e["pids"] for e in result["events"][:2])
    assert {w["kind"] for w in result["by_writer"]} == {"note", "tip"}
    for key in ("load_s", "unacknowledged_present", "forms_that_did_not_open"):
        assert is_number(result[key]), key
    assert result["bounds"]["host"] == "127.0.0.1"
    assert not (tmp_path / "data").exists()  # the throw-away database is gone with the run
