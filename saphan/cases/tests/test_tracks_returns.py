"""Stages 11-12: family assessment, return, reintegration, follow-up visits, and the guards of
the later phases."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from saphan.cases import process
from saphan.cases.process import Phase, TransitionError
from saphan.cases.services import (
    assistance_plan_create,
    family_assessment_record,
    follow_up_miss,
    follow_up_record,
    phase_advance,
    reintegration_plan_create,
    return_complete,
    return_plan_create,
)
from saphan.geo.models import District

from .tracks_world import TODAY, days, fresh, make_world


@pytest.fixture(autouse=True)
def english_messages():
    """These tests compare the services' messages in English; the Thai ones are in the catalogue."""
    with translation.override("en"):
        yield


@pytest.fixture
def w(db):
    return make_world()


def _assess(w, safe="yes", **kw):
    data = {
        "assessed_on": days(-3),
        "assessor": "นักสังคมสงเคราะห์ พมจ.ขอนแก่น",
        "findings": "ครอบครัวพร้อมรับกลับ",
        "safe_to_return": safe,
    }
    data.update(kw)
    return family_assessment_record(actor=w["cw"], case=w["case"], **data)


def _family_return(w, **kw):
    data = {"kind": "return_to_family_in_thailand", "planned_on": days(7),
            "destination_province": w["kk"]}  # fmt: skip
    data.update(kw)
    return return_plan_create(actor=w["cw"], case=w["case"], **data)


def test_return_to_family_needs_a_safe_assessment(w):
    with pytest.raises(ValidationError):  # no assessment
        _family_return(w)
    _assess(w, safe="no")
    with translation.override("en"), pytest.raises(ValidationError) as e:  # an unsafe one
        _family_return(w)
    assert "found it safe" in e.value.message_dict["kind"][0]
    assert not w["case"].return_plans.exists()
    with pytest.raises(ValidationError) as e:
        _assess(w, safe="with_conditions")
    assert "conditions" in e.value.message_dict
    assessment = _assess(w, safe="with_conditions", conditions="อพม. เยี่ยมทุกสัปดาห์")
    plan = _family_return(w)
    assert plan.family_assessment == assessment
    done = return_complete(
        actor=w["cw"], case=w["case"], plan=plan, returned_on=days(0), handed_over_to="มารดา"
    )
    assert done.returned_on == TODAY


def test_a_newer_unsafe_assessment_stops_the_return(w):
    _assess(w)
    plan = _family_return(w)
    _assess(w, safe="no", assessed_on=days(-1), findings="พบว่าญาติเกี่ยวข้องกับนายหน้า")
    with pytest.raises(ValidationError):
        return_complete(
            actor=w["cw"], case=w["case"], plan=plan, returned_on=days(0), handed_over_to="มารดา"
        )
    assert fresh(w["case"]).return_plans.get().returned_on is None


def test_repatriation_needs_the_counterpart_and_a_foreign_country(w):
    with pytest.raises(ValidationError) as e:
        return_plan_create(
            actor=w["cw"], case=w["case"], kind="repatriation_s38", planned_on=days(14),
            destination_country="MM",
        )  # fmt: skip
    assert "counterpart_org" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        return_plan_create(
            actor=w["cw"], case=w["case"], kind="repatriation_s38", planned_on=days(14),
            destination_country="TH", counterpart_org="DSW",
        )  # fmt: skip
    assert "destination_country" in e.value.message_dict
    plan = return_plan_create(
        actor=w["cw"], case=w["case"], kind="repatriation_s38", planned_on=days(14),
        destination_country="mm", counterpart_org="Department of Social Welfare, Myanmar",
        counterpart_contact="+95 1 000000",
    )  # fmt: skip
    assert plan.destination_country == "MM"
    with pytest.raises(ValidationError) as e:
        return_complete(
            actor=w["cw"], case=w["case"], plan=plan, returned_on=days(3), handed_over_to="DSW"
        )
    assert "returned_on" in e.value.message_dict


def test_district_must_be_in_the_province(w):
    district = District.objects.create(code="6301", name_th="เมืองตาก", name_en="Mueang Tak",
                                       province=w["tak"])  # fmt: skip
    _assess(w)
    with pytest.raises(ValidationError) as e:
        _family_return(w, destination_district=district)
    assert "destination_district" in e.value.message_dict


@pytest.mark.parametrize("who", ["police_user", "vol", "cw_kk"])
def test_who_may_not_write_the_return(w, who):
    with pytest.raises(PermissionDenied):
        family_assessment_record(
            actor=w[who], case=w["case"], assessed_on=days(-1), assessor="x", findings="x",
            safe_to_return="yes",
        )  # fmt: skip


# --- stage 12 ------------------------------------------------------------------------------------
def _reintegrate(w, started_on=None, **kw):
    data = {
        "home_province": w["kk"], "responsible_agency": w["psdhs_kk"],
        "plan": "ฝึกอาชีพ หางานในจังหวัด อพม. ติดตาม", "started_on": started_on or days(0),
        "volunteer_name": "นางสมศรี อพม.บ้านโนน", "volunteer_contact": "08x-xxx-xxxx",
    }  # fmt: skip
    data.update(kw)
    return reintegration_plan_create(actor=w["cw"], case=w["case"], **data)


def test_reintegration_schedules_four_visits_at_1_3_6_12_calendar_months(w):
    start = TODAY - dt.timedelta(days=1)
    plan = _reintegrate(w, started_on=start)
    visits = list(plan.visits.order_by("number"))
    from saphan.cases import clocks

    expected = [
        clocks.add(start, k) for k in ["follow_up_1", "follow_up_2", "follow_up_3", "follow_up_4"]
    ]
    assert [v.due_on for v in visits] == expected
    assert [v.number for v in visits] == [1, 2, 3, 4]
    assert all(v.status == "scheduled" for v in visits)
    with pytest.raises(ValidationError):  # one plan per case
        _reintegrate(w)


def test_jan_31_start_counts_calendar_months(w):
    plan = _reintegrate(w, started_on=dt.date(2025, 1, 31))
    assert [v.due_on for v in plan.visits.order_by("number")] == [
        dt.date(2025, 2, 28), dt.date(2025, 4, 30), dt.date(2025, 7, 31), dt.date(2026, 1, 31),
    ]  # fmt: skip


def test_reintegration_refusals(w):
    with pytest.raises(ValidationError) as e:  # the agency is not in the home province
        _reintegrate(w, responsible_agency=w["psdhs"])
    assert "responsible_agency" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        _reintegrate(w, started_on=days(3))
    assert "started_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        _reintegrate(w, plan=" ")
    assert "plan" in e.value.message_dict
    assert not w["case"].follow_up_visits.exists()


def test_follow_up_visits_done_and_missed(w):
    plan = _reintegrate(w, started_on=dt.date(2025, 1, 15))
    first, second = plan.visits.order_by("number")[:2]
    with pytest.raises(ValidationError) as e:
        follow_up_record(
            actor=w["cw"], case=w["case"], visit=first, done_on=dt.date(2025, 1, 10),
            visited_by="อพม.", findings="x",
        )  # fmt: skip
    assert "done_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        follow_up_record(
            actor=w["cw"], case=w["case"], visit=first, done_on=days(1), visited_by="อพม.",
            findings="x",
        )  # fmt: skip
    assert "done_on" in e.value.message_dict
    done = follow_up_record(
        actor=w["cw"], case=w["case"], visit=first, done_on=dt.date(2025, 2, 16),
        visited_by="นางสมศรี อพม.", findings="ทำงานร้านอาหาร ครอบครัวดูแลดี",
    )  # fmt: skip
    assert done.status == "done"
    with pytest.raises(ValidationError):
        follow_up_miss(actor=w["cw"], case=w["case"], visit=first, reason="x")
    with pytest.raises(ValidationError) as e:
        follow_up_miss(actor=w["cw"], case=w["case"], visit=second, reason="")
    assert "reason" in e.value.message_dict
    missed = follow_up_miss(actor=w["cw"], case=w["case"], visit=second, reason="ย้ายที่อยู่")
    assert missed.status == "missed"
    late = follow_up_record(
        actor=w["cw"], case=w["case"], visit=second, done_on=days(0), visited_by="พมจ.",
        findings="ติดตามพบที่อยู่ใหม่",
    )  # fmt: skip
    assert late.status == "done"


def test_a_visit_not_yet_due_cannot_be_missed(w):
    plan = _reintegrate(w)
    with pytest.raises(ValidationError):
        follow_up_miss(actor=w["cw"], case=w["case"], visit=plan.visits.first(), reason="x")


# --- guards of the later phases ------------------------------------------------------------------
def test_return_and_reintegration_needs_an_assistance_plan(w):
    case = w["case"]
    assert case.phase == Phase.PROTECTION
    with translation.override("en"):
        unmet = process.blockers(case, Phase.RETURN_REINTEGRATION)
    assert unmet == ["Make the protection and assistance plan (s.33) first."]
    with pytest.raises(TransitionError):
        phase_advance(actor=w["cw"], case=case, to=Phase.RETURN_REINTEGRATION)
    assistance_plan_create(actor=w["cw"], case=case, objectives="x", planned_end=days(30))
    phase_advance(actor=w["cw"], case=fresh(case), to=Phase.RETURN_REINTEGRATION)
    assert fresh(case).phase == Phase.RETURN_REINTEGRATION


def test_follow_up_needs_a_completed_return_or_a_reintegration_plan(w):
    case = w["case"]
    assistance_plan_create(actor=w["cw"], case=case, objectives="x", planned_end=days(30))
    phase_advance(actor=w["cw"], case=fresh(case), to=Phase.RETURN_REINTEGRATION)
    _assess(w)
    plan = _family_return(w)
    with translation.override("en"), pytest.raises(TransitionError) as e:  # planned, not returned
        phase_advance(actor=w["cw"], case=fresh(case), to=Phase.FOLLOW_UP)
    assert "Record the return" in str(e.value)
    return_complete(
        actor=w["cw"], case=fresh(case), plan=plan, returned_on=days(0), handed_over_to="มารดา"
    )
    phase_advance(actor=w["cw"], case=fresh(case), to=Phase.FOLLOW_UP)
    assert fresh(case).phase == Phase.FOLLOW_UP


def test_follow_up_with_a_reintegration_plan_alone(w):
    case = w["case"]
    assistance_plan_create(actor=w["cw"], case=case, objectives="x", planned_end=days(30))
    _reintegrate(w)
    phase_advance(actor=w["cw"], case=fresh(case), to=Phase.FOLLOW_UP)
    assert fresh(case).phase == Phase.FOLLOW_UP


def test_next_steps_of_the_later_phases(w):
    case = w["case"]
    actions = {s.action: s.done for s in process.next_steps(case)}
    assert actions["assistance_plan"] is False and "legal_proceeding" in actions
    assert "compensation_claim" in actions and "stay_permit" in actions
    assert "family_assessment" in actions and "return_plan" in actions
    assistance_plan_create(actor=w["cw"], case=case, objectives="x", planned_end=days(30))
    actions = {s.action: s.done for s in process.next_steps(fresh(case))}
    assert actions["assistance_plan"] is True and actions["planned_service"] is False
    phase_advance(actor=w["cw"], case=fresh(case), to=Phase.RETURN_REINTEGRATION)
    actions = {s.action: s.done for s in process.next_steps(fresh(case))}
    assert "reintegration_plan" in actions and "assistance_plan" not in actions
    _reintegrate(w)
    phase_advance(actor=w["cw"], case=fresh(case), to=Phase.FOLLOW_UP)
    actions = {s.action: s.done for s in process.next_steps(fresh(case))}
    assert actions["follow_up"] is False
