"""Places of the crime, alleged perpetrators across cases, and partner agencies' members on a
case: the services, who sees what (orgs/access.py), and the pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from saphan.audit.models import ReadAccess
from saphan.cases.models import Counterpart, PerpetratorLink, TimelineEvent
from saphan.cases.selectors_crime import perpetrator_search
from saphan.cases.services import (
    mdt_member_add,
    mdt_member_remove,
    perpetrator_add,
    perpetrator_link,
    place_add,
    referral_answer,
    referral_send,
)
from saphan.geo.models import District
from saphan.orgs import access
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import UserFactory

from .tracks_world import NOW, TODAY, make_world


@pytest.fixture
def w(db):
    w = make_world()
    w["pol2"] = UserFactory(
        username="pol2", province=w["tak"], agency=w["police"], roles=[Role.MDT_MEMBER]
    )
    return w


def _perp(w, actor=None, **kw):
    data = {"name": "นายสมชาย ใจร้าย", "aliases": "Somchai, เฮียชาย", "roles": ["RecruiterOrIntermediary"],
            "sex": "Masculine", "nationality": "TH", "relation_to_victim": "Unaquainted",
            "relation_details": "รู้จักทาง Facebook"}  # fmt: skip
    data.update(kw)
    return perpetrator_add(actor=actor or w["cw"], case=w["case"], **data)


def test_place_recorded_with_timeline_and_checks(w):
    place = place_add(
        actor=w["cw"], case=w["case"], place_type="Recruitment", setting="scam_compound",
        country="MM", description="Myawaddy", date_from=TODAY - dt.timedelta(days=60),
        date_to=TODAY - dt.timedelta(days=10),
    )  # fmt: skip
    assert place.country == "MM" and place.recorded_by == w["cw"]
    assert TimelineEvent.objects.filter(case=w["case"], kind="place_recorded").exists()
    with pytest.raises(ValidationError) as e:  # a Thai province for a place abroad
        place_add(actor=w["cw"], case=w["case"], place_type="Transit", setting="",
                  country="MM", province=w["tak"])  # fmt: skip
    assert "province" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        place_add(actor=w["cw"], case=w["case"], place_type="Exploitation", setting="factory",
                  country="TH", date_from=TODAY, date_to=TODAY - dt.timedelta(days=1))  # fmt: skip
    assert "date_to" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        place_add(actor=w["vol"], case=w["case"], place_type="Transit", setting="", country="TH")


def test_place_district_gives_its_province(w):
    district = District.objects.create(code="6306", name_th="แม่สอด", name_en="Mae Sot",
                                       province=w["tak"])  # fmt: skip
    place = place_add(actor=w["cw"], case=w["case"], place_type="Transit", setting="other",
                      country="TH", district=district)  # fmt: skip
    assert place.province == w["tak"]
    with pytest.raises(ValidationError):
        place_add(actor=w["cw"], case=w["case"], place_type="Transit", setting="other",
                  country="TH", province=w["kk"], district=district)  # fmt: skip


def test_perpetrator_recorded_and_linked_never_duplicated(w):
    p = _perp(w)
    assert PerpetratorLink.objects.filter(perpetrator=p, case=w["case"]).count() == 1
    event = TimelineEvent.objects.get(case=w["case"], kind="perpetrator_recorded")
    assert "สมชาย" not in str(event.data)  # the timeline never names a perpetrator
    with pytest.raises(ValidationError):
        perpetrator_link(actor=w["cw"], case=w["case"], perpetrator=p)
    with pytest.raises(ValidationError) as e:
        _perp(w, name="", aliases="")
    assert "name" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        _perp(w, roles=[])
    assert "roles" in e.value.message_dict


@pytest.mark.parametrize("who", ["vol", "shelter_user"])
def test_volunteers_and_shelter_staff_never_see_perpetrators(w, who):
    _perp(w)
    assert not access.visible_perpetrators(w[who]).exists()
    assert not list(perpetrator_search(actor=w[who], q="สมชาย"))
    with pytest.raises(PermissionDenied):
        _perp(w, actor=w[who])


def test_police_finds_the_perpetrator_only_in_cases_it_may_open(w):
    p = _perp(w)
    # the Tak police member already on the case finds them by a misspelt alias
    assert list(perpetrator_search(actor=w["police_user"], q="Somchay")) == [p]
    assert list(perpetrator_search(actor=w["police_user"], q="สมชาย")) == [p]
    # Khon Kaen's police sees no case of Tak: nothing
    assert not list(perpetrator_search(actor=w["police_kk_user"], q="สมชาย"))
    assert not access.visible_perpetrators(w["police_kk_user"]).exists()


def test_only_the_supervisor_adds_a_member_and_removal_ends_access(w):
    for who in ["cw", "police_user", "vol", "sup_kk"]:
        with pytest.raises(PermissionDenied):
            mdt_member_add(actor=w[who], case=w["case"], member=w["pol2"], identity=False)
    assert not access.can_view_case(w["pol2"], w["case"])
    row = mdt_member_add(actor=w["sup"], case=w["case"], member=w["pol2"], identity=False)
    assert access.can_view_case(w["pol2"], w["case"])
    assert not access.can_see_identity(w["pol2"], w["case"])
    assert TimelineEvent.objects.filter(case=w["case"], kind="mdt_member_added").exists()
    with pytest.raises(ValidationError):  # already there
        mdt_member_add(actor=w["sup"], case=w["case"], member=w["pol2"], identity=False)
    with pytest.raises(ValidationError):  # a volunteer is no partner agency's member
        mdt_member_add(actor=w["sup"], case=w["case"], member=w["vol"], identity=False)
    with pytest.raises(ValidationError) as e:
        mdt_member_remove(actor=w["sup"], case=w["case"], access=row, reason="")
    assert "reason" in e.value.message_dict
    mdt_member_remove(actor=w["sup"], case=w["case"], access=row, reason="งานสอบสวนเสร็จ")
    assert not access.can_view_case(w["pol2"], w["case"])
    assert TimelineEvent.objects.filter(case=w["case"], kind="mdt_member_removed").exists()


def test_member_with_identity_needs_a_reason(w):
    with pytest.raises(ValidationError) as e:
        mdt_member_add(actor=w["sup"], case=w["case"], member=w["pol2"], identity=True)
    assert "note" in e.value.message_dict
    mdt_member_add(actor=w["sup"], case=w["case"], member=w["pol2"], identity=True,
                   note="ต้องสอบปากคำผู้เสียหาย")  # fmt: skip
    assert access.can_see_identity(w["pol2"], w["case"])


def test_linking_a_known_perpetrator_to_another_case(w):
    from saphan.cases.services import case_open
    from saphan.cases.services.stages import IntakeInput

    p = _perp(w)
    other = case_open(actor=w["cw"], intake=IntakeInput(
        received_at=NOW - dt.timedelta(days=1), source="police", channel="field",
        description="อีกรายหนึ่ง"))  # fmt: skip
    link = perpetrator_link(
        actor=w["cw"], case=other, perpetrator=p, relation_to_victim="Acquainted"
    )
    assert link.case == other
    assert TimelineEvent.objects.filter(case=other, kind="perpetrator_linked").exists()
    # Khon Kaen's case worker cannot link a perpetrator they cannot see
    with pytest.raises(PermissionDenied):
        perpetrator_link(actor=w["cw_kk"], case=other, perpetrator=p)


def test_police_member_answers_a_referral_to_its_agency(w):
    referral = referral_send(actor=w["cw"], case=w["case"], to_agency=w["police_kk"],
                             reason="LegalAssistance", share_identity=False)  # fmt: skip
    referral_answer(actor=w["police_kk_user"], referral=referral, accept=True)
    assert access.can_view_case(w["police_kk_user"], w["case"])
    assert not access.can_see_identity(w["police_kk_user"], w["case"])


def test_pages(client, w):
    p = _perp(w)
    case = w["case"]
    client.force_login(w["cw"])
    page = client.get(reverse("cases:detail", args=[case.code]))
    assert page.status_code == 200 and "นายสมชาย ใจร้าย" in page.content.decode()
    assert ReadAccess.objects.filter(user_id=w["cw"].pk, record_id=str(p.pk)).exists()
    # the place form, with a bad date order: a message, nothing saved
    url = reverse("cases:action", args=[case.code, "place"])
    form = client.get(url)
    assert form.status_code == 200
    page = client.post(url, {"version": case.version, "place_type": "Exploitation",
                             "setting": "fishing_vessel", "country": "ID", "description": "เรือประมง"})  # fmt: skip
    assert page.status_code == 302
    assert case.places.filter(setting="fishing_vessel", country="ID").exists()
    # volunteers: no perpetrators page, and no perpetrator on a case page they cannot open
    client.force_login(w["vol"])
    assert client.get(reverse("cases:perpetrators") + "?q=สมชาย").status_code == 403
    assert client.get(reverse("cases:perpetrator", args=[p.pk])).status_code == 403
    # police of another province: searches and finds nothing, the record is a 404
    client.force_login(w["police_kk_user"])
    page = client.get(reverse("cases:perpetrators") + "?q=สมชาย")
    assert page.status_code == 200 and "ใจร้าย" not in page.content.decode()
    assert client.get(reverse("cases:perpetrator", args=[p.pk])).status_code == 404
    # the Tak police member on the case finds them
    client.force_login(w["police_user"])
    page = client.get(reverse("cases:perpetrators") + "?q=somchai")
    assert "นายสมชาย ใจร้าย" in page.content.decode()
    assert client.get(reverse("cases:perpetrator", args=[p.pk])).status_code == 200


def test_supervisor_adds_member_through_the_page(client, w):
    case = w["case"]
    client.force_login(w["cw"])
    url = reverse("cases:action", args=[case.code, "mdt-member"])
    assert client.get(url).status_code == 403
    client.force_login(w["sup"])
    assert client.get(url).status_code == 200
    page = client.post(url, {"version": case.version, "member": w["pol2"].pk})
    assert page.status_code == 302
    client.force_login(w["pol2"])
    page = client.get(reverse("cases:detail", args=[case.code]))
    assert page.status_code == 200
    assert "มะลิ" not in page.content.decode()


@pytest.fixture
def directory(db):
    """The directory as its migration seeds it (a test that flushes the database, run before on
    the same worker, would have emptied it)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "saphan.cases.migrations.0008_crime_places_perpetrators_counterparts"
    )
    migration.seed_and_link(apps, None)


def test_counterpart_directory_is_seeded_and_listed(client, w, directory):
    assert Counterpart.objects.filter(name_en__contains="MoSVY").exists()
    client.force_login(w["cw"])
    page = client.get(reverse("cases:counterparts"))
    assert page.status_code == 200 and "IOM" in page.content.decode()
    client.force_login(w["vol"])
    assert client.get(reverse("cases:counterparts")).status_code == 403


def test_directory_choices_in_family_tracing_and_return(w, directory):
    from saphan.cases.services import family_assessment_record, return_plan_create

    dsw = Counterpart.objects.get(name_en__contains="DSW")
    fa = family_assessment_record(
        actor=w["cw"], case=w["case"], assessed_on=TODAY, assessor="IOM caseworker",
        findings="Family found in Mon State", safe_to_return="yes", counterpart=dsw,
    )  # fmt: skip
    assert fa.counterpart == dsw
    plan = return_plan_create(
        actor=w["cw"], case=w["case"], kind="repatriation_s38",
        planned_on=TODAY + dt.timedelta(days=10), destination_country="MM", counterpart=dsw,
    )  # fmt: skip
    assert plan.counterpart == dsw and plan.counterpart_org == dsw.name_en  # text kept too


def test_police_accepts_a_referral_to_its_agency_in_the_pages(client, w):
    referral = referral_send(actor=w["cw"], case=w["case"], to_agency=w["police_kk"],
                             reason="LegalAssistance", share_identity=False)  # fmt: skip
    client.force_login(w["police_kk_user"])
    listing = client.get(reverse("cases:referrals"))
    assert listing.status_code == 200 and str(referral.pk) in listing.content.decode()
    answer = client.post(
        reverse("cases:referral-answer", args=[referral.pk]),
        {"version": w["case"].version, "answer": "accept"},
    )
    assert answer.status_code == 302
    page = client.get(reverse("cases:detail", args=[w["case"].code]))
    assert page.status_code == 200 and "มะลิ" not in page.content.decode()
