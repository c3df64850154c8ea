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
from saphan.network.selectors import volunteers_for_case
from saphan.network.services import follow_up_assign, visit_cancel, visit_reassign, visit_record
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


def test_a_reassigned_follow_up_stays_with_its_case_and_the_reason_is_kept(world, client):
    from django.urls import reverse

    w = world
    visit = follow_up_assign(actor=w["cw"], case=w["case"], follow_up=w["fu1"],
                             volunteer=w["kk_vol"], purpose="ติดตามความเป็นอยู่")  # fmt: skip
    with pytest.raises(ValidationError) as e:  # a reason is required
        visit_reassign(actor=w["cw"], visit=visit, volunteer=w["kk_vol_far"], reason=" ")
    assert "reason" in e.value.message_dict
    with pytest.raises(ValidationError):  # to someone else
        visit_reassign(actor=w["cw"], visit=visit, volunteer=w["kk_vol"], reason="ป่วย")
    for who in ("kk_vol", "vol", "police_user"):
        with pytest.raises(PermissionDenied):
            visit_reassign(actor=w[who], visit=visit, volunteer=w["kk_vol_far"], reason="ป่วย")
    new = visit_reassign(actor=w["cw"], visit=visit, volunteer=w["kk_vol_far"],
                         reason="อพม. เดิมย้ายไปทำงานต่างจังหวัด")  # fmt: skip
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED and visit.cancelled_by == w["cw"]
    assert visit.cancel_reason == "อพม. เดิมย้ายไปทำงานต่างจังหวัด" and visit.cancelled_at
    assert new.replaces == visit and new.assigned_to == w["kk_vol_far"]
    assert (new.case, new.follow_up, new.visit_name, new.purpose, new.due_on) == (
        visit.case, visit.follow_up, visit.visit_name, visit.purpose, visit.due_on
    )  # fmt: skip
    event = TimelineEvent.objects.get(case=w["case"], kind="network_visit_reassigned")
    assert event.data["reason"] == "อพม. เดิมย้ายไปทำงานต่างจังหวัด"
    # The first volunteer no longer sees it as to do; the new one does, and may record it.
    assert not access.visible_visits(w["kk_vol"]).filter(status=VisitStatus.ASSIGNED).exists()
    client.force_login(w["kk_vol"])
    assert client.get(reverse("network:visit", args=[visit.pk])).status_code == 404
    visit_record(actor=w["kk_vol_far"], visit=new, done_on=TODAY, findings="พบแล้ว สบายดี")
    assert FollowUpVisit.objects.get(pk=w["fu1"].pk).status == FollowUpStatus.DONE
    assert TimelineEvent.objects.filter(case=w["case"], kind="network_visit_done").exists()
    with pytest.raises(ValidationError):  # a visit made cannot be reassigned or cancelled
        visit_cancel(actor=w["cw"], visit=new, reason="x")


def test_a_cancelled_follow_up_can_be_assigned_again(world):
    w = world
    visit = follow_up_assign(actor=w["cw"], case=w["case"], follow_up=w["fu1"],
                             volunteer=w["kk_vol"], purpose="ติดตาม")  # fmt: skip
    with pytest.raises(PermissionDenied):
        visit_cancel(actor=w["kk_vol"], visit=visit, reason="ไม่ว่าง")
    visit_cancel(actor=w["cw"], visit=visit, reason="ผู้เสียหายย้ายไปอยู่กรุงเทพฯ")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert (
        TimelineEvent.objects.get(case=w["case"], kind="network_visit_cancelled").data["reason"]
        == "ผู้เสียหายย้ายไปอยู่กรุงเทพฯ"
    )
    again = follow_up_assign(actor=w["cw"], case=w["case"], follow_up=w["fu1"],
                             volunteer=w["kk_vol_far"], purpose="ติดตาม")  # fmt: skip
    assert again.status == VisitStatus.ASSIGNED


def test_the_coordinator_reassigns_and_cancels_from_the_pages(world, client):
    from django.urls import reverse

    w = world
    visit = follow_up_assign(actor=w["cw"], case=w["case"], follow_up=w["fu1"],
                             volunteer=w["kk_vol"], purpose="ติดตาม")  # fmt: skip
    url = reverse("network:visit_manage", args=[visit.pk])
    client.force_login(w["kk_vol"])  # a volunteer may not
    assert client.get(reverse("network:visits")).status_code == 403
    assert client.get(url).status_code in (403, 404)
    client.force_login(w["cw"])
    page = client.get(reverse("network:visits"))
    assert url in page.text
    missing = client.post(url, {"action": "reassign", "volunteer": "", "reason": "x"})
    assert missing.status_code == 200 and 'aria-invalid="true"' in missing.text
    done = client.post(url, {"action": "reassign", "volunteer": w["kk_vol_far"].pk,
                             "reason": "ย้ายที่อยู่"})  # fmt: skip
    assert done.status_code == 302
    new = Visit.objects.get(replaces=visit)
    assert new.assigned_to == w["kk_vol_far"]
    client.post(reverse("network:visit_manage", args=[new.pk]),
                {"action": "cancel", "reason": "ครอบครัวปฏิเสธการเยี่ยม"})  # fmt: skip
    new.refresh_from_db()
    assert new.status == VisitStatus.CANCELLED and new.cancel_reason == "ครอบครัวปฏิเสธการเยี่ยม"
    assert "ครอบครัวปฏิเสธการเยี่ยม" in client.get(reverse("network:visit_manage", args=[new.pk])).text
