import datetime as dt

import pytest
from django.urls import reverse

from saphan.knowledge import services
from saphan.knowledge.search import Filters, highlight, search
from saphan.orgs.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PRACTICES = [
    ("ล่ามภาษาเมียนมาทางวิดีโอคอลสำหรับคัดแยกแรงงานประมง", "แรงงานประมงชาวเมียนมาไม่มีล่าม",
     "ใช้ล่ามอาสาทางวิดีโอคอล", ["screening"], "90"),
    ("ฝึกอาชีพให้ผู้กลับจากแก๊งหลอกลวงออนไลน์", "ผู้กลับจากแก๊งคอลเซ็นเตอร์มีหนี้",
     "จับคู่งานในจังหวัดร่วมกับ อพม.", ["follow_up"], "40"),
    ("ห้องสัมภาษณ์เป็นมิตรกับเด็ก", "เด็กต้องเล่าเหตุการณ์ซ้ำหลายครั้ง",
     "บันทึกวิดีโอครั้งเดียวพร้อมนักจิตวิทยา", ["screening", "identification"], "10"),
]  # fmt: skip


@pytest.fixture
def practices(world):
    from saphan.orgs.tests.factories import ProvinceFactory

    ProvinceFactory(code="90")
    ProvinceFactory(code="10")
    out = []
    for title, problem, action, phases, province in PRACTICES:
        p = services.practice_draft(
            actor=world["cw_kk"],
            data=services.PracticeInput(
                title=title, context="บริบท", problem=problem, action=action, result="ได้ผล",
                reuse_conditions="มีทีม", phases=phases, province_id=province,
            ),
        )  # fmt: skip
        services.practice_submit(actor=world["cw_kk"], practice=p)
        out.append(services.practice_publish(actor=world["km"], practice=p))
    return out


def _titles(hits, n=5):
    return [h.doc.title for h in hits[:n]]


def test_thai_query_finds_the_practice_first(practices):
    hits = search(q="ล่ามภาษาเมียนมา คัดแยกแรงงานประมง")
    assert hits[0].doc.title == PRACTICES[0][0]
    assert "<mark>" in hits[0].title_html


def test_a_typo_still_finds_it_through_the_vocabulary(practices):
    # หลอกลวง misspelt หลอกลวว, อาชีพ misspelt อาชิพ
    hits = search(q="ฝึกอาชิพ แก๊งหลอกลวว", semantic=False)
    assert PRACTICES[1][0] in _titles(hits, 3)


def test_english_query_finds_thai_practices(practices):
    hits = search(q="interpreter by video call for fishermen", filters=Filters(kind="practice"))
    assert hits[0].doc.title == PRACTICES[0][0]
    hits = search(q="child-friendly interview room", filters=Filters(kind="practice"))
    assert hits[0].doc.title == PRACTICES[2][0]


def test_filters_by_kind_stage_region_and_date(practices):
    law = search(q="ห้องขัง 24 ชั่วโมง", filters=Filters(kind="law"))
    assert law and all(h.doc.kind == "law" for h in law)
    assert any("29" in h.doc.title for h in law[:3])
    staged = search(q="คัดแยก", filters=Filters(phase="follow_up"))
    assert all("follow_up" in h.doc.phases for h in staged)
    south = search(q="ล่าม", filters=Filters(kind="practice", region_id="south"))
    assert [h.doc.title for h in south] == [PRACTICES[0][0]]
    future = dt.date.today() + dt.timedelta(days=30)
    assert search(q="ล่าม", filters=Filters(kind="practice", date_from=future)) == []


def test_highlight_escapes_html():
    assert str(highlight("<b>ล่าม</b>", ["ล่าม"])) == "&lt;b&gt;<mark>ล่าม</mark>&lt;/b&gt;"


def test_search_page_shows_highlighted_results_and_be_dates(client, practices):
    client.login(username="vol", password=TEST_PASSWORD)
    page = client.get(reverse("knowledge:search"), {"q": "ล่ามภาษาเมียนมา"}).content.decode()
    assert "<mark>ล่าม</mark>" in page
    year_be = str(dt.date.today().year + 543)
    assert year_be in page
    bad = client.get(reverse("knowledge:search"), {"q": "ล่าม", "date_from": "01/01/2024"})
    assert "2024 + 543" in bad.content.decode()


def test_drafts_are_not_searchable(world):
    services.practice_draft(
        actor=world["cw_kk"],
        data=services.PracticeInput(
            title="ร่างลับเฉพาะผู้เขียน", context="x", problem="x", action="x", result="x",
            reuse_conditions="x", phases=["intake"],
        ),
    )  # fmt: skip
    assert not [h for h in search(q="ร่างลับเฉพาะผู้เขียน") if h.doc.kind == "practice"]


def test_case_panel_suggests_matching_practices(client, world, practices):
    from saphan.knowledge.selectors import suggested_practices

    case = world["case"]  # Tak, screening, forced criminality, a Thai victim
    case.phase = "follow_up"
    case.save(update_fields=["phase"])

    def titles(actor):
        return [p.title for p in suggested_practices(actor=actor, case=case)]

    assert titles(world["cw_tak"]) == []  # no shared feature
    scam = practices[1]
    scam.exploitation_types = ["ForcedCriminality"]
    scam.nationalities = ["TH"]
    scam.save()
    assert titles(world["cw_tak"]) == [PRACTICES[1][0]]
    client.login(username="cw_tak", password=TEST_PASSWORD)
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert PRACTICES[1][0] in page
