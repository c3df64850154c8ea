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


def test_the_query_split_and_the_refs_are_fixed_by_the_seed():
    import random

    from bench.knowledge import _ref, held_out, typo
    from bench.knowledge_needles import ENGLISH, THAI

    needles = [{"lang": "th"}] * len(THAI) + [{"lang": "en"}] * len(ENGLISH)
    split = held_out(needles, 2569)
    assert split == held_out(needles, 2569)  # the same in every run (and process)
    assert split != held_out(needles, 2570)
    # half of each direction held out
    assert len([n for n in split if n < len(THAI)]) == len(THAI) // 2
    assert len([n for n in split if n >= len(THAI)]) == len(ENGLISH) // 2

    def refs(seed):
        rng = random.Random(seed)
        return [_ref(rng) for _ in range(3)]

    assert refs("needles:1") == refs("needles:1") != refs("needles:2")
    q = THAI[0][3]
    assert typo(q, random.Random(5)) == typo(q, random.Random(5)) != q
