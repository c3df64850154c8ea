import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from saphan.cases.enums import FollowUpStatus
from saphan.cases.models import FollowUpVisit, TimelineEvent
from saphan.cases.services import reintegration_plan_create
from saphan.cases.tests.tracks_world import make_world
from saphan.geo.models import District, Subdistrict
from saphan.network.models import MemberKind, NetworkMember, Visit, VisitStatus
from saphan.network.services import follow_up_assign, visit_record
from saphan.network.services.visits import volunteers_for_case
from saphan.orgs import access
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def world(db):
    w = make_world()
    d = District.objects.create(
        code="4001", name_th="เมืองขอนแก่น", name_en="Mueang", province=w["kk"]
    )
    s = Subdistrict.objects.create(
        code="400101", name_th="ในเมือง", name_en="Nai Mueang", district=d
    )
    s2 = Subdistrict.objects.create(code="400102", name_th="สำราญ", name_en="Samran", district=d)
    person = w["case"].parties.get().person
    person.home_province = w["kk"]
    person.home_subdistrict = s
    person.home_village_code = "40010105"
    person.save()
    for name, sub, village in (("kk_vol_far", s2, "40010201"), ("kk_vol", s, "40010105")):
        u = UserFactory(username=name, province=w["kk"], agency=None, roles=[Role.VOLUNTEER])
        NetworkMember.objects.create(
            user=u, kind=MemberKind.VOLUNTEER, province=w["kk"], district=d, subdistrict=sub,
            village_code=village,
        )  # fmt: skip
        w[name] = u
    reintegration_plan_create(
        actor=w["cw"], case=w["case"], home_province=w["kk"], responsible_agency=w["psdhs_kk"],
        plan="ฝึกอาชีพ และติดตามผลร่วมกับ อพม.", started_on=TODAY - dt.timedelta(days=40),
    )  # fmt: skip
    w["fu1"] = FollowUpVisit.objects.get(case=w["case"], number=1)
    return w


def test_the_home_village_volunteer_comes_first(world):
    members, person = volunteers_for_case(world["case"])
    assert [m.user.username for m in members] == ["kk_vol", "kk_vol_far"]
    assert person.full_name == "มะลิ ศรีขอนแก่น"


def test_assign_record_and_the_result_returns_to_the_case(world):
    w = world
    visit = follow_up_assign(
        actor=w["cw"], case=w["case"], follow_up=w["fu1"], volunteer=w["kk_vol"],
        purpose="ติดตามความเป็นอยู่",
    )  # fmt: skip
    assert visit.visit_name == "มะลิ ศรีขอนแก่น" and "หมู่ 5" in visit.visit_address
    assert "ในเมือง" in visit.visit_address
    with pytest.raises(ValidationError):  # one open assignment per visit
        follow_up_assign(actor=w["cw"], case=w["case"], follow_up=w["fu1"], volunteer=w["kk_vol"],
                         purpose="x")  # fmt: skip
    # The volunteer sees the visit, never the case.
    assert list(access.visible_visits(w["kk_vol"])) == [visit]
    assert not access.visible_visits(w["kk_vol_far"]).exists()
    assert not access.visible_cases(w["kk_vol"]).exists()
    with pytest.raises(PermissionDenied):
        visit_record(actor=w["kk_vol_far"], visit=visit, done_on=TODAY, findings="x")
    with pytest.raises(ValidationError) as e:
        visit_record(actor=w["kk_vol"], visit=visit, done_on=TODAY, findings="  ")
    assert "findings" in e.value.message_dict
    visit_record(
        actor=w["kk_vol"], visit=visit, done_on=TODAY, findings="อยู่กับครอบครัว ทำงานรับจ้าง",
        risk_factors=["debt", "nonsense"], referrals=["vocational"], awareness_given=True,
    )  # fmt: skip
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE and visit.risk_factors == ["debt"]
    fu = FollowUpVisit.objects.get(pk=w["fu1"].pk)
    assert fu.status == FollowUpStatus.DONE and fu.done_on == TODAY and "อพม." in fu.visited_by
    done = TimelineEvent.objects.get(case=w["case"], kind="network_visit_done")
    assert done.data["findings"] == "อยู่กับครอบครัว ทำงานรับจ้าง" and done.actor == w["kk_vol"]
    assert TimelineEvent.objects.filter(case=w["case"], kind="network_visit_assigned").exists()
    with pytest.raises(ValidationError):
        visit_record(actor=w["kk_vol"], visit=visit, done_on=TODAY, findings="again")


def test_who_may_assign(world):
    w = world
    fu = w["fu1"]
    for who in ("vol", "police_user", "kk_vol"):
        with pytest.raises(PermissionDenied):
            follow_up_assign(actor=w[who], case=w["case"], follow_up=fu, volunteer=w["kk_vol"],
                             purpose="x")  # fmt: skip
    # A volunteer of another province cannot be given the visit.
    with pytest.raises(ValidationError):
        follow_up_assign(
            actor=w["cw"], case=w["case"], follow_up=fu, volunteer=w["vol"], purpose="x"
        )
    assert not Visit.objects.exists()
