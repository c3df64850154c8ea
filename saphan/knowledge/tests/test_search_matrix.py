"""The in-process matrix of document vectors stays current without reading the whole index
again: writes bump a version row (triggers), inserts and updates are read alone, a delete
loads everything again."""

import re
import uuid

import numpy as np
import pytest

from saphan.knowledge import index, matrix, search
from saphan.knowledge.models import SearchDoc
from saphan.knowledge.search import MATRIX


def _doc(title: str, ref=None) -> index.Doc:
    return index.Doc(
        kind="practice", ref=ref or uuid.uuid4(), title=title, body=title, parts=[title]
    )


def _version():
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT version, deletions FROM knowledge_searchindexversion")
        return cur.fetchone()


@pytest.fixture
def full_loads(monkeypatch):
    """How many times the whole matrix was loaded."""
    count = {"n": 0}
    real = MATRIX._load_all

    def counted():
        count["n"] += 1
        real()

    monkeypatch.setattr(MATRIX, "_load_all", counted)
    return count


@pytest.mark.django_db
def test_writes_bump_the_version_and_deletes_the_deletions():
    before = _version()
    index.index_docs([_doc("ห้องสัมภาษณ์ที่เป็นมิตรกับเด็ก")])
    after = _version()
    assert after[0] > before[0] and after[1] == before[1]
    SearchDoc.objects.filter(title="ห้องสัมภาษณ์ที่เป็นมิตรกับเด็ก").delete()
    assert _version()[1] == after[1] + 1


@pytest.mark.django_db
def test_scripts_are_counted_by_postgresql_at_write():
    index.index_docs([_doc("ล่ามภาษาเมียนมา interpreter")])
    row = SearchDoc.objects.get(title="ล่ามภาษาเมียนมา interpreter")
    assert row.latin_letters == len(re.sub("[^a-zA-Z]", "", row.tokens)) > 0
    assert row.thai_letters == len(re.sub("[^\u0e01-\u0e4e]", "", row.tokens)) > 0


@pytest.mark.django_db
def test_new_and_changed_documents_are_read_alone_and_a_delete_reloads_all(full_loads):
    MATRIX.ensure()
    assert full_loads["n"] == 1
    known = len(MATRIX.ids)
    common = MATRIX.common.copy()

    ref = uuid.uuid4()
    index.index_docs([_doc("ธนาคารอาหารสำหรับผู้เสียหายระหว่างรอคดี", ref)])
    new_id = SearchDoc.objects.get(ref=ref).id
    MATRIX.stale()
    MATRIX.ensure()
    assert full_loads["n"] == 1  # read alone
    assert len(MATRIX.ids) == known + 1 and MATRIX.position()[new_id] == known
    raw = np.frombuffer(bytes(SearchDoc.objects.get(ref=ref).embedding), dtype=np.float32)
    assert np.allclose(MATRIX.vectors[known], matrix._without(raw[None, :], common)[0], atol=1e-6)
    assert np.allclose(MATRIX.common, common)  # the direction stays the full load's
    hits = search.search(q="ถุงยังชีพอาหารให้ผู้เสียหายที่รอขึ้นศาล", limit=5)
    assert any(h.doc.ref == ref for h in hits)

    # The same document written again: its row is replaced, none added.
    index.index_docs([_doc("ศาลเคลื่อนที่สืบพยานผู้เสียหายผ่านจอภาพ", ref)])
    MATRIX.stale()
    MATRIX.ensure()
    assert full_loads["n"] == 1
    assert len(MATRIX.ids) == known + 1
    raw = np.frombuffer(bytes(SearchDoc.objects.get(ref=ref).embedding), dtype=np.float32)
    assert np.allclose(MATRIX.vectors[known], matrix._without(raw[None, :], common)[0], atol=1e-6)

    index.unindex(kind="practice", ref=ref)
    MATRIX.stale()
    MATRIX.ensure()
    assert full_loads["n"] == 2
    assert len(MATRIX.ids) == known and new_id not in MATRIX.position()


@pytest.mark.django_db
def test_without_a_write_the_matrix_is_not_read_again(full_loads, monkeypatch):
    MATRIX.ensure()
    monkeypatch.setattr(MATRIX, "_load_changed", lambda: pytest.fail("read again"))
    MATRIX.stale()
    MATRIX.ensure()
    assert full_loads["n"] == 1


def test_a_large_product_shared_by_two_threads_is_the_same_product(monkeypatch):
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((1001, 384)).astype(np.float32)
    qv = rng.standard_normal(384).astype(np.float32)
    monkeypatch.setattr(matrix, "SPLIT_ROWS", 100)
    assert np.allclose(matrix._product(vectors, qv), vectors @ qv, atol=1e-4)
