"""Across languages: an English query finds a practice written only in Thai, and a Thai query
one written only in English, through the domain glossary (lexical) as well as the embeddings,
among the law sections and checklists (bilingual) of the test database."""

import uuid

import numpy as np
import pytest

from saphan.core.thai import normalize_text
from saphan.knowledge import glossary, index
from saphan.knowledge.matrix import _best
from saphan.knowledge.search import Filters, search

THAI = [
    ("คลินิกทันตกรรมเคลื่อนที่สำหรับบ้านพักเด็กและครอบครัว", "เด็กในบ้านพักปวดฟันแต่ไม่มีหมอฟันในอำเภอ",
     "โรงพยาบาลจังหวัดส่งทันตแพทย์มาตรวจทุกเดือน"),
    ("ตรวจเรือประมงร่วมกับกรมประมงที่ท่าเรือ", "ลูกเรือประมงถูกยึดหนังสือเดินทางและค้างค่าจ้าง",
     "ทีมสหวิชาชีพขึ้นตรวจเรือทุกลำก่อนออกทะเล"),
    ("ฝึกอาชีพทำอาหารให้ผู้เสียหายหญิง", "ผู้เสียหายหญิงไม่มีรายได้หลังออกจากสถานคุ้มครอง",
     "ร่วมกับโรงแรมในจังหวัดสอนทำอาหารและรับเข้าฝึกงาน"),
    ("ติดตามค่าสินไหมทดแทนตามคำพิพากษา", "ผู้เสียหายชนะคดีแต่ไม่ได้รับเงินตามคำพิพากษาของศาล",
     "เจ้าหน้าที่ติดตามคดีรายกรณีและประสานกรมบังคับคดี"),
]  # fmt: skip
ENGLISH = [
    ("Passports returned through the embassy", "Workers had their passports confiscated by the employer.",
     "The labour office asked the embassy for new travel documents within a week."),
]  # fmt: skip


@pytest.fixture
def corpus(db):
    docs = [
        index.Doc(kind="practice", ref=uuid.uuid4(), title=t, body=f"{p}\n{a}", parts=[t, p, a])
        for t, p, a in THAI + ENGLISH
    ]
    index.index_docs(docs)
    return {d.title: d.ref for d in docs}


def _rank(hits, title: str) -> int | None:
    titles = [h.doc.title for h in hits]
    return titles.index(title) + 1 if title in titles else None


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("dentist visits for children in the shelter", THAI[0][0]),
        ("inspecting fishing boats at the port", THAI[1][0]),
        ("cooking training for women survivors", THAI[2][0]),
        ("compensation ordered by the court was never paid", THAI[3][0]),
    ],
)
def test_an_english_query_finds_the_thai_practice_by_its_words_alone(corpus, query, title):
    # Lexical only: the query shares no word with the Thai text; the glossary bridges it.
    hits = search(q=query, filters=Filters(kind="practice"), semantic=False)
    assert _rank(hits, title) == 1, [h.doc.title for h in hits]
    assert "<mark>" in hits[0].title_html + hits[0].snippet_html  # the Thai words found


@pytest.mark.parametrize(
    ("query", "title", "at_most"),
    [
        ("dentist visits for children in the shelter", THAI[0][0], 1),
        ("inspecting fishing boats at the port", THAI[1][0], 1),
        # the Labour Protection Act's wage claims (bilingual) may fairly come first
        ("compensation ordered by the court was never paid", THAI[3][0], 3),
    ],
)
def test_an_english_query_finds_the_thai_practice_among_everything(corpus, query, title, at_most):
    # The whole search (words, glossary, embeddings) over law, checklists and practices.
    rank = _rank(search(q=query, limit=5), title)
    assert rank is not None and rank <= at_most


def test_a_thai_query_finds_the_english_practice(corpus):
    query = "หนังสือเดินทางที่ถูกนายจ้างยึดไว้ ขอเอกสารใหม่จากสถานทูต"
    assert (
        _rank(search(q=query, filters=Filters(kind="practice"), semantic=False), ENGLISH[0][0]) == 1
    )
    assert _rank(search(q=query, filters=Filters(kind="practice")), ENGLISH[0][0]) == 1


def test_english_words_meet_whatever_their_ending():
    stem = glossary.stem
    assert stem("victims") == stem("victim") == "victim"
    assert stem("travelling") == stem("travel") == stem("travelled")
    assert stem("rescued") == stem("rescue")
    assert stem("calling") == "call"
    assert stem("ads") == "ad"
    assert stem("bus") == "bus"


def test_a_thai_word_is_found_on_word_boundaries_only():
    def concepts(q: str) -> dict[str, list[str]]:
        q = normalize_text(q)
        return {w: glossary.surface(w, c) for w, c in glossary.translations(q).items()}

    found = concepts("บ้านพักเด็กและครอบครัว")
    assert "family" in found["ครอบครัว"]
    assert "kitchen" not in found["ครอบครัว"]  # ครัว (kitchen) inside ครอบครัว (family)
    assert "shelter" in found["บ้านพัก"]
    found = concepts("sign language interpreter for a deaf victim")
    assert "ภาษามือ" in found["sign"] and "ล่าม" in found["interpreter"]
    assert "หูหนวก" in found["deaf"] and "ผู้เสียหาย" in found["victim"]


def test_every_glossary_line_has_both_languages():
    concepts = glossary.parse(glossary.GLOSSARY)
    assert len(concepts) > 300
    for c in concepts:
        assert c.english and c.thai, c


def test_equal_cosines_keep_the_lower_ids_whatever_the_order():
    scores = np.array([0.5, 0.9, 0.5, 0.5, 0.1, 0.5], dtype=np.float32)
    ids = np.array([60, 10, 30, 20, 50, 40])
    assert list(_best(ids, scores, 3)) == [10, 20, 30]
    order = np.random.default_rng(7).permutation(len(ids))
    assert list(_best(ids[order], scores[order], 3)) == [10, 20, 30]
    assert list(_best(ids, scores, 6)) == [10, 20, 30, 40, 60, 50]
