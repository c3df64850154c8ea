"""The competency table page (/capacity/competencies/) through HTTP: the list with validity in
years and months, the role x competency grid, the competency form, its messages in the user's
language, double submits, and 403 plus no menu link for everyone but national central officers."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from saphan.capacity.catalogue import SCREENING
from saphan.capacity.models import Competency, CompetencyRequirement, Course, validity_text
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import UserFactory, national_user
from saphan.site.navigation import navigation_for

TABLE = reverse("capacity:competencies")
NEW = reverse("capacity:competency_new")


def _edit(code: str) -> str:
    return reverse("capacity:competency_edit", args=[code])


def _cell(code: str, role: str) -> str:
    return f"{Competency.objects.get(code=code).pk}:{role}"


def _grid_now() -> dict:
    """The grid as the page draws it: every ticked cell is both ``need`` and ``had``."""
    cells = [f"{r.competency_id}:{r.role}" for r in CompetencyRequirement.objects.all()]
    return {"need": list(cells), "had": list(cells)}


def _roles(code: str) -> set[str]:
    return set(
        CompetencyRequirement.objects.filter(competency__code=code).values_list("role", flat=True)
    )


def _row(page: str, code: str) -> str:
    return re.search(rf'<tr id="competency-{code}".*?</tr>', page, re.S).group(0)


def test_validity_in_years_and_months_in_both_languages():
    with translation.override("th"):
        assert [validity_text(m) for m in (36, 18, 6, 12, None, 0)] == [
            "3 ปี", "1 ปี 6 เดือน", "6 เดือน", "1 ปี", "ไม่มีวันหมดอายุ", "ไม่มีวันหมดอายุ",
        ]  # fmt: skip
    with translation.override("en"):
        assert [validity_text(m) for m in (36, 13, 1)] == ["3 years", "1 year 1 month", "1 month"]


@pytest.mark.django_db
def test_the_table_lists_names_validity_courses_and_the_grid(client, world):
    Competency.objects.filter(code="child_interviewing").update(validity_months=18)
    client.force_login(world["central"])
    page = client.get(TABLE, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    screening = _row(page, SCREENING)
    assert "การสัมภาษณ์คัดแยกผู้เสียหาย" in screening
    assert "Screening interview of possible victims" in screening
    assert '<td class="validity text-nowrap">3 ปี</td>' in screening
    assert 'data-course="screening"' in screening
    assert "1 ปี 6 เดือน" in _row(page, "child_interviewing")
    assert "ไม่มีวันหมดอายุ" in _row(page, "nrm")
    pk = Competency.objects.get(code=SCREENING).pk
    ticked = re.findall(rf'name="need" value="{pk}:(\w+)" data-role="\w+" checked', page)
    assert set(ticked) == {Role.CASE_WORKER, Role.MDT_MEMBER}
    assert page.count('name="need"') == Competency.objects.count() * len(Role.values)
    page = client.get(TABLE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<td class="validity text-nowrap">3 years</td>' in _row(page, SCREENING)


@pytest.mark.django_db
def test_the_grid_saves_only_the_cells_that_changed_and_a_repeat_changes_nothing(client, world):
    client.force_login(world["central"])
    drawn = _grid_now()
    data = {
        "need": [c for c in drawn["need"] if c != _cell(SCREENING, Role.MDT_MEMBER)]
        + [_cell("nrm", Role.CASE_WORKER)],
        "had": drawn["had"],
    }
    # Meanwhile another officer ticks a cell this page did not show as ticked: kept.
    CompetencyRequirement.objects.create(
        competency=Competency.objects.get(code="nrm"), role=Role.MDT_MEMBER
    )
    r = client.post(TABLE, data, HTTP_ACCEPT_LANGUAGE="th")
    assert r.status_code == 302 and r["Location"] == TABLE
    assert _roles(SCREENING) == {Role.CASE_WORKER}
    assert _roles("nrm") == {Role.PROVINCIAL_SUPERVISOR, Role.CASE_WORKER, Role.MDT_MEMBER}
    page = client.get(TABLE, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "เพิ่มข้อกำหนด 1 รายการ" in page and "นำข้อกำหนดออก 1 รายการ" in page
    before = CompetencyRequirement.objects.count()
    r = client.post(TABLE, data, HTTP_ACCEPT_LANGUAGE="en")  # the same form sent again
    assert r.status_code == 302 and CompetencyRequirement.objects.count() == before
    assert "Nothing was changed." in client.get(TABLE, HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.django_db
def test_a_new_competency_through_the_form_and_its_double_submit(client, world):
    client.force_login(world["central"])
    interpreters = Course.objects.get(code="interpreters")
    data = {
        "code": "interpreted_interview", "name_th": "การสัมภาษณ์ผ่านล่าม",
        "name_en": "Interviewing through an interpreter", "validity_months": "24",
        "courses": [str(interpreters.pk)],
    }  # fmt: skip
    for _ in range(2):
        r = client.post(NEW, data, HTTP_ACCEPT_LANGUAGE="th")
        assert r.status_code == 302
        assert r["Location"] == TABLE + "#competency-interpreted_interview"
    comp = Competency.objects.get(code="interpreted_interview")
    assert comp.validity_months == 24 and list(comp.courses.all()) == [interpreters]
    page = client.get(TABLE, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "2 ปี" in _row(page, "interpreted_interview")


@pytest.mark.django_db
def test_form_refusals_are_in_the_users_language(client, world):
    client.force_login(world["central"])
    base = {"name_th": "ทดสอบ", "name_en": "Test", "validity_months": "36"}
    r = client.post(NEW, {**base, "code": SCREENING}, HTTP_ACCEPT_LANGUAGE="th")
    assert r.status_code == 200
    assert "มีสมรรถนะที่ใช้รหัสนี้อยู่แล้ว" in r.content.decode()
    r = client.post(NEW, {**base, "code": SCREENING}, HTTP_ACCEPT_LANGUAGE="en")
    assert "A competency with this code already exists" in r.content.decode()
    r = client.post(_edit(SCREENING), {**base, "validity_months": "999"}, HTTP_ACCEPT_LANGUAGE="th")
    assert r.status_code == 200 and "ไม่เกิน 240 เดือน" in r.content.decode()
    r = client.post(_edit(SCREENING), {**base, "validity_months": "-3"}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200 and "at most 240 months" in r.content.decode()
    assert Competency.objects.get(code=SCREENING).validity_months == 36


@pytest.mark.django_db
def test_editing_validity_and_courses(client, world):
    client.force_login(world["central"])
    page = client.get(_edit(SCREENING)).content.decode()
    assert 'name="code"' not in page  # a code is fixed once made
    assert 'name="validity_months"' in page and 'value="36"' in page
    law = Course.objects.get(code="law-basic")
    screening_course = Course.objects.get(code="screening")
    r = client.post(
        _edit(SCREENING),
        {
            "name_th": "การสัมภาษณ์คัดแยกผู้เสียหาย", "name_en": "Screening interview",
            "validity_months": "0", "courses": [str(screening_course.pk), str(law.pk)],
        },
    )  # fmt: skip
    assert r.status_code == 302
    comp = Competency.objects.get(code=SCREENING)
    assert comp.validity_months is None and set(comp.courses.all()) == {screening_course, law}


@pytest.mark.django_db
def test_others_get_403_and_no_menu_link(client, world):
    km_nation = national_user("km.nation", Role.KNOWLEDGE_MANAGER)
    central_kk = UserFactory(
        username="central.kk", roles=[Role.CENTRAL_OFFICER], province=world["kk"]
    )
    urls = [TABLE, NEW, _edit(SCREENING)]
    for user in (
        world["sup"],
        world["region_ne"],
        world["cw"],
        world["vol"],
        km_nation,
        central_kk,
    ):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user.username, url)
        assert client.post(TABLE, {"need": [], "had": _grid_now()["had"]}).status_code == 403
        assert client.post(_edit(SCREENING), {"validity_months": "1"}).status_code == 403
        assert "capacity:competencies" not in [i.url_name for i in navigation_for(user)]
    assert _roles(SCREENING) == {Role.CASE_WORKER, Role.MDT_MEMBER}
    assert Competency.objects.get(code=SCREENING).validity_months == 36
    client.logout()
    assert client.get(TABLE).status_code == 302  # to the sign-in page
    client.force_login(world["central"])
    assert "capacity:competencies" in [i.url_name for i in navigation_for(world["central"])]
    page = client.get(reverse("capacity:gaps")).content.decode()
    assert f'href="{TABLE}"' in page
