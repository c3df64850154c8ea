"""The synthetic knowledge demo: enough for search and suggestions, labelled, idempotent."""

import pytest

from saphan.core.tests.module_db import demo_loaded
from saphan.knowledge.demo import DEMO_TAG, ensure_demo
from saphan.knowledge.models import GoodPractice, PracticeStatus, SearchDoc, Workshop
from saphan.knowledge.search import search


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory, "kdemo"):
        yield ensure_demo()
    from saphan.knowledge.content import ensure_law_and_checklists

    with django_db_blocker.unblock():
        ensure_law_and_checklists()  # the session's law and checklists, for the tests after


@pytest.mark.django_db
def test_demo_covers_four_regions_and_is_labelled(demo):
    assert "220" in demo
    published = GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)
    assert published.count() == 220
    assert published.values("region").distinct().count() == 4
    assert Workshop.objects.count() == 40
    assert Workshop.objects.values("region").distinct().count() == 4
    assert all(p.context.startswith(DEMO_TAG) for p in published)
    assert GoodPractice.objects.filter(status=PracticeStatus.SUPERSEDED).exists()
    assert SearchDoc.objects.filter(kind="practice").count() == 220
    assert ensure_demo() is None  # a second call adds nothing
    assert GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED).count() == 220


@pytest.mark.django_db
def test_demo_search_finds_across_languages(demo):
    hits = search(q="interpreter video call fishing workers", limit=5)
    assert any("ล่ามภาษาเมียนมา" in h.doc.title for h in hits)
    hits = search(q="ห้องสัมภาษน์เป็นมิตรกับเด็ก", limit=5)  # สัมภาษณ์ misspelt
    assert hits[0].doc.title.startswith("ห้องสัมภาษณ์เป็นมิตรกับเด็ก")
