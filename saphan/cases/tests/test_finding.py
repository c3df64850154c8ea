"""Finding a case: the top bar's search box, Thai typed many ways, names in the rows as the
role allows, the nationality filter by country name, and the hint towards all cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from saphan.audit.models import ReadAccess
from saphan.cases.services import case_open, person_link
from saphan.cases.services.stages import IntakeInput
from saphan.orgs.models import AgencyKind
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import AgencyFactory, PersonFactory, ProvinceFactory, UserFactory

NAME = "น้ำฝน คำแก้ว"  # sara am twice, a tone mark on น้ำ and แก้ว


@pytest.fixture
def f(db):
    kk = ProvinceFactory(code="40")
    psdhs = AgencyFactory(code="psdhs-40", province=kk)
    police = AgencyFactory(code="police-40", kind=AgencyKind.POLICE, province=kk)
    w = {
        "cw": UserFactory(username="f_cw", province=kk, agency=psdhs),
        "cw2": UserFactory(username="f_cw2", province=kk, agency=psdhs),
        "mdt": UserFactory(username="f_mdt", province=kk, agency=police, roles=[Role.MDT_MEMBER]),
        "vol": UserFactory(username="f_vol", province=kk, agency=None, roles=[Role.VOLUNTEER]),
    }
    case = case_open(
        actor=w["cw2"],
        intake=IntakeInput(
            received_at=timezone.now() - dt.timedelta(hours=3),
            source="hotline_1300",
            channel="phone",
            description="ข้อมูลสมมติ",
        ),
    )
    person = PersonFactory(full_name=NAME, citizenships=["MM"])
    person_link(actor=w["cw2"], case=case, person=person)
    w["case"] = case
    return w


TYPED = [
    NAME,
    "น้ำ\u200bฝน",  # a zero-width space inside
    "น\u0e49\u0e4d\u0e32ฝน",  # sara am decomposed (nikhahit + sara aa), tone mark before it
    "คำแก\u0e49\u0e27",
    "คําแก้ว",  # nikhahit + sara aa instead of sara am
]


@pytest.mark.parametrize("typed", TYPED)
def test_thai_typed_any_way_finds_the_case_from_the_top_bar(client, f, typed):
    client.force_login(f["cw"])
    home = client.get(reverse("home")).content.decode()
    assert 'id="top-search"' in home and 'name="scope" value="all"' in home
    response = client.get(reverse("cases:list"), {"scope": "all", "q": typed})
    rows = response.context["rows"]
    assert [case.code for case, _d, _n in rows] == [f["case"].code]
    assert rows[0][2] == NAME  # the victim's name in the row, for a role with identity


def test_my_cases_with_no_match_points_to_all_cases(client, f):
    client.force_login(f["cw"])  # not the case worker of the case
    response = client.get(reverse("cases:list"), {"q": "น้ำฝน"})
    assert response.context["rows"] == [] and response.context["elsewhere"] == 1
    html = response.content.decode()
    assert 'id="search-all-cases"' in html and "scope=all" in html


def test_names_shown_only_with_identity_and_logged(client, f):
    client.force_login(f["cw"])
    before = ReadAccess.objects.count()
    response = client.get(reverse("cases:list"), {"scope": "all"})
    assert [n for _c, _d, n in response.context["rows"]] == [NAME]
    assert ReadAccess.objects.count() > before
    assert NAME in response.content.decode()

    # An MDT member given the case without identity sees the code, never the name, and a name
    # search does not reveal that the person is in it.
    from saphan.cases.models import AccessReason, CaseAccess

    CaseAccess.objects.create(
        case=f["case"], user=f["mdt"], reason=AccessReason.ASSIGNED, identity=False
    )
    client.force_login(f["mdt"])
    response = client.get(reverse("cases:list"), {"scope": "all"})
    assert [n for _c, _d, n in response.context["rows"]] == [""]
    assert NAME not in response.content.decode()
    response = client.get(reverse("cases:list"), {"scope": "all", "q": "น้ำฝน"})
    assert response.context["rows"] == []


def test_nationality_is_chosen_by_country_name(client, f):
    client.force_login(f["cw"])
    html = client.get(reverse("cases:list"), {"scope": "all"}).content.decode()
    assert '<select name="nationality"' in html and "เมียนมา" in html
    response = client.get(reverse("cases:list"), {"scope": "all", "nationality": "MM"})
    assert len(response.context["rows"]) == 1
    response = client.get(reverse("cases:list"), {"scope": "all", "nationality": "mm"})
    assert len(response.context["rows"]) == 1  # an old link's lower-case code still works
    response = client.get(reverse("cases:list"), {"scope": "all", "nationality": "LA"})
    assert response.context["rows"] == []
    response = client.get(reverse("cases:list"), {"scope": "all", "nationality": "ZZZ"})
    assert response.status_code == 200  # an unknown value is ignored, never a 500


def test_no_search_box_for_roles_without_cases(client, f):
    client.force_login(f["vol"])
    assert 'id="top-search"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("common", [False, True])
def test_a_name_borne_by_many_finds_the_same_cases_the_other_way(client, f, monkeypatch, common):
    """A name borne by more persons than SEARCH_PERSONS is looked for from the scope's cases
    instead of from the names: the same cases either way, identity rules alike."""
    from saphan.cases import selectors

    other = PersonFactory(full_name="น้ำฝน ใจดี")  # a second person with the word, no case
    assert other.pk
    monkeypatch.setattr(selectors, "SEARCH_PERSONS", 1 if common else 2000)
    client.force_login(f["cw"])
    for typed in ("น้ำฝน", "น้ำ\u200bฝน", "ฝน คำ"):
        rows = client.get(reverse("cases:list"), {"scope": "all", "q": typed}).context["rows"]
        assert [case.code for case, _d, _n in rows] == [f["case"].code], typed
    rows = client.get(reverse("cases:list"), {"scope": "all", "q": "ใจดี"}).context["rows"]
    assert rows == []
    client.force_login(f["mdt"])  # no identity access: nothing found by name either way
    rows = client.get(reverse("cases:list"), {"scope": "all", "q": "น้ำฝน"}).context["rows"]
    assert rows == []
