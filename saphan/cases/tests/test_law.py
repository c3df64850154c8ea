"""The law, more faithfully (issue 13, item 5): s.6 and s.6/1, the elements of the offence, a
child needs no means, "not a victim" weighs each indicator, charges and their waiver (s.41),
closure and open referrals, return tracks guarded by phase, custody ended by the screening, an
implausible custody start, and one due day for an all-day deadline everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from saphan.cases import clocks, process
from saphan.cases.enums import DecisionOrg, TraffickingStatus
from saphan.cases.models import Case, Custody, TimelineEvent, VictimCharge
from saphan.cases.services import (
    closure_decide,
    closure_request,
    custody_record,
    identification_decide,
    referral_send,
    reintegration_plan_create,
    return_plan_create,
    screening_record,
    victim_charge_record,
    victim_charge_waive,
)
from saphan.cases.services.stages import MemberPresent, ScreeningInput
from saphan.core.thai import to_be_year
from saphan.orgs.tests.factories import PersonFactory

from .builders import hold, open_case, screen
from .tracks_world import NOW, TODAY, fresh, make_world


@pytest.fixture
def w(db):
    return make_world()


def _case_at_identification(w, *, person=None, indicators=("Deception", "DebtBondage")):
    cw = w["cw"]
    case = open_case(
        cw, NOW - dt.timedelta(hours=10), source="police", channel="field",
        description="พบแรงงานบนเรือประมง", person=person,
    )  # fmt: skip
    hold(cw, case, NOW - dt.timedelta(hours=8), "บ้านพักเด็กและครอบครัว")
    screen(
        cw,
        case,
        NOW - dt.timedelta(hours=6),
        indicators=list(indicators),
        exploitation_types=["ForcedLabour"],
        consent_interview=True,
        consent_data_use=False,
    )
    return fresh(case)


def _decide(w, case, **kw):
    data = {
        "actor": w["cw"],
        "case": case,
        "status": TraffickingStatus.ACTUAL,
        "deciding_org": DecisionOrg.NON_POLICE_GOVERNMENT,
        "decided_at": NOW - dt.timedelta(hours=2),
        "reasons": "ทีมสหวิชาชีพพิจารณาแล้ว",
        "members": [MemberPresent(agency=w["police"], name="ร.ต.อ. ทดสอบ")],
    }
    data.update(kw)
    return identification_decide(**data)


def _day(d: dt.date) -> str:
    """A date as a Thai user types it (B.E. year)."""
    return f"{d.day:02d}/{d.month:02d}/{to_be_year(d.year)}"


def _child():
    return PersonFactory(
        birth_date=TODAY - dt.timedelta(days=365 * 15), birth_date_precision="exact"
    )


def _adult():
    return PersonFactory(
        birth_date=TODAY - dt.timedelta(days=365 * 30), birth_date_precision="exact"
    )


# --- the elements of the offence -------------------------------------------------------------
def test_an_actual_decision_needs_the_basis_in_thai(w):
    case = _case_at_identification(w)
    with translation.override("th"), pytest.raises(ValidationError) as e:
        _decide(w, case)
    assert "basis" in e.value.message_dict
    assert "6/1" in e.value.message_dict["basis"][0]
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in e.value.message_dict["basis"][0])


def test_an_adult_needs_a_means_under_s6(w):
    case = _case_at_identification(w, person=_adult())
    with translation.override("th"), pytest.raises(ValidationError) as e:
        _decide(w, case, basis="s6", acts=["recruiting"], purposes=["ForcedLabour"])
    assert set(e.value.message_dict) == {"means"}
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in e.value.message_dict["means"][0])
    assert not case.identifications.exists()
    decision = _decide(
        w, case, basis="s6", acts=["recruiting"], means=["debt_bondage"], purposes=["ForcedLabour"]
    )
    assert decision.basis == "s6" and decision.means == ["debt_bondage"]


def test_a_child_needs_no_means(w):
    case = _case_at_identification(w, person=_child())
    decision = _decide(w, case, basis="s6", acts=["harbouring"], purposes=["SexualExploitation"])
    assert decision.means == [] and decision.acts == ["harbouring"]


def test_act_and_purpose_are_required_under_s6(w):
    case = _case_at_identification(w, person=_child())
    with pytest.raises(ValidationError) as e:
        _decide(w, case, basis="s6")
    assert set(e.value.message_dict) == {"acts", "purposes"}


def test_forced_labour_under_s6_1_is_its_own_basis_and_purpose(w):
    case = _case_at_identification(w, person=_adult())
    with pytest.raises(ValidationError) as e:
        _decide(w, case, basis="s6_1", purposes=["SexualExploitation"])
    assert "purposes" in e.value.message_dict
    decision = _decide(w, case, basis="s6_1", purposes=["ForcedLabourOrServices"])
    assert decision.basis == "s6_1" and decision.means == []
    with translation.override("th"):
        assert decision.get_basis_display() == "การบังคับใช้แรงงานหรือบริการ (มาตรา 6/1)"


def test_a_possible_victim_needs_no_elements_yet(w):
    case = _case_at_identification(w)
    decision = _decide(w, case, status=TraffickingStatus.POSSIBLE)
    assert decision.basis == ""


# --- "not a victim": each indicator weighed ----------------------------------------------------
def test_not_a_victim_asks_how_each_indicator_was_weighed(w):
    case = _case_at_identification(w, indicators=("Deception", "DebtBondage"))
    assert process.screening_indicators(case) == ["Deception", "DebtBondage"]
    with pytest.raises(ValidationError) as e:
        _decide(
            w,
            case,
            status=TraffickingStatus.NOT_A_VICTIM,
            indicator_weighing={"Deception": "นายจ้างบอกสภาพงานตามจริง"},
        )
    assert "indicator_weighing" in e.value.message_dict
    decision = _decide(
        w,
        case,
        status=TraffickingStatus.NOT_A_VICTIM,
        indicator_weighing={
            "Deception": "นายจ้างบอกสภาพงานตามจริง",
            "DebtBondage": "หนี้ค่าเดินทางชำระหมดแล้ว ไม่ผูกมัด",
            "Isolation": "not seen at screening: dropped",
        },
    )
    assert set(decision.indicator_weighing) == {"Deception", "DebtBondage"}


def test_the_identification_page_asks_the_weighing_and_shows_it(w, client):
    case = _case_at_identification(w, indicators=("Deception",))
    client.force_login(w["cw"])
    url = reverse("cases:action", args=[case.code, "identification"])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="weigh_Deception"' in page.content
    assert b'name="basis"' in page.content and b'name="means"' in page.content
    form = {
        "version": case.version,
        "status": TraffickingStatus.NOT_A_VICTIM,
        "deciding_org": DecisionOrg.POLICE,
        "decided_at_date": _day(timezone.localtime(NOW - dt.timedelta(hours=1)).date()),
        "decided_at_time": timezone.localtime(NOW - dt.timedelta(hours=1)).strftime("%H:%M"),
        "reasons": "ไม่พบองค์ประกอบ",
        "member_1_agency": w["police"].pk,
        "member_1_name": "ร.ต.อ. ทดสอบ",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert not case.identifications.exists()
    form["weigh_Deception"] = "งานตรงตามที่ตกลง ไม่มีการหลอกลวง"
    saved = client.post(url, form)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    detail = client.get(reverse("cases:detail", args=[case.code]))
    assert "งานตรงตามที่ตกลง ไม่มีการหลอกลวง" in detail.content.decode()


# --- charges against the victim (s.41) ---------------------------------------------------------
def test_charges_and_their_waiver_are_recorded_and_shown(w, client):
    case = w["case"]
    cw = w["cw"]
    with pytest.raises(ValidationError) as e:
        victim_charge_record(
            actor=cw, case=case, offence="illegal_entry_exit_stay", charged_by="ตม.แม่สอด",
            charged_on=TODAY - dt.timedelta(days=3),
        )  # fmt: skip
    assert "reason" in e.value.message_dict  # s.41 lists it: a kept charge must say why
    charge = victim_charge_record(
        actor=cw, case=fresh(case), offence="other_non_punishment", charged_by="สภ.แม่สอด",
        charged_on=TODAY - dt.timedelta(days=3), details="ฉ้อโกงออนไลน์ภายใต้การบังคับ",
    )  # fmt: skip
    assert not charge.waived and not charge.under_s41
    with pytest.raises(ValidationError):
        victim_charge_waive(actor=cw, case=fresh(case), charge=charge, waived_on=TODAY, reason="")
    with pytest.raises(ValidationError):
        victim_charge_waive(
            actor=cw, case=fresh(case), charge=charge, waived_on=TODAY - dt.timedelta(days=5),
            reason="หลักการไม่ลงโทษผู้เสียหาย",
        )  # fmt: skip
    victim_charge_waive(
        actor=cw, case=fresh(case), charge=charge, waived_on=TODAY, reason="หลักการไม่ลงโทษผู้เสียหาย"
    )
    charge.refresh_from_db()
    assert charge.waived and charge.waived_on == TODAY
    assert TimelineEvent.objects.filter(case=case, kind="victim_charge_waived").exists()
    client.force_login(cw)
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert 'id="record-charges"' in page and "หลักการไม่ลงโทษผู้เสียหาย" in page


def test_a_charge_through_the_page_and_a_refusal_for_a_volunteer(w, client):
    case = w["case"]
    url = reverse("cases:action", args=[case.code, "victim-charge"])
    client.force_login(w["vol"])
    assert client.get(url).status_code in (403, 404)
    client.force_login(w["cw"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "version": case.version,
            "offence": "work_without_permit",
            "charged_by": "สภ.แม่สอด",
            "charged_on": _day(TODAY - dt.timedelta(days=2)),
            "waived": "on",
            "waived_on": _day(TODAY),
            "reason": "มาตรา 41 ไม่ดำเนินคดีผู้เสียหาย",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert VictimCharge.objects.get(case=case).waived


# --- closure and open referrals ------------------------------------------------------------------
def test_closure_refuses_an_unanswered_referral_or_withdraws_it_with_a_reason(w):
    case = w["case"]
    referral = referral_send(
        actor=w["cw"], case=case, to_agency=w["psdhs_kk"], reason="ReintegrationInHomeProvince",
        details="ส่งกลับภูมิลำเนา", share_identity=False,
    )  # fmt: skip
    with translation.override("th"), pytest.raises(ValidationError) as e:
        closure_request(actor=w["cw"], case=fresh(case), reason="reintegrated")
    assert "withdraw_referrals_reason" in e.value.message_dict
    assert not case.closures.exists()
    closure = closure_request(
        actor=w["cw"], case=fresh(case), reason="reintegrated",
        withdraw_referrals_reason="ผู้เสียหายกลับบ้านแล้ว ไม่ต้องการบริการ",
    )  # fmt: skip
    referral.refresh_from_db()
    assert referral.answer == "withdrawn" and referral.answered_at is not None
    assert referral.decline_reason == "ผู้เสียหายกลับบ้านแล้ว ไม่ต้องการบริการ"
    closure_decide(actor=w["sup"], case=fresh(case), closure=closure, approve=True)
    assert fresh(case).phase == process.Phase.CLOSED


def test_the_supervisor_cannot_approve_a_closure_while_a_referral_waits(w):
    case = w["case"]
    closure = closure_request(actor=w["cw"], case=case, reason="reintegrated")
    referral_send(
        actor=w["cw"], case=fresh(case), to_agency=w["psdhs_kk"],
        reason="ReintegrationInHomeProvince", share_identity=False,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        closure_decide(actor=w["sup"], case=fresh(case), closure=closure, approve=True)
    assert fresh(case).phase != process.Phase.CLOSED


# --- return tracks guarded by phase --------------------------------------------------------------
def test_return_and_reintegration_wait_for_protection(w, client):
    case = _case_at_identification(w)
    assert case.phase == process.Phase.IDENTIFICATION
    assert not process.return_tracks_open(case)
    with pytest.raises(ValidationError):
        return_plan_create(
            actor=w["cw"], case=case, kind="repatriation_s38", planned_on=TODAY,
            destination_country="MM", counterpart_org="DSW",
        )  # fmt: skip
    with pytest.raises(ValidationError):
        reintegration_plan_create(
            actor=w["cw"], case=fresh(case), home_province=w["tak"],
            responsible_agency=w["psdhs"], plan="ติดตาม", started_on=TODAY,
        )  # fmt: skip
    client.force_login(w["cw"])
    page = client.get(reverse("cases:action", args=[case.code, "return-plan"]))
    assert page.status_code == 302  # the step is not open for this case now
    detail = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert 'data-action="return-plan"' not in detail
    # In protection (the world's case) it is open.
    assert process.return_tracks_open(w["case"])
    plan = return_plan_create(
        actor=w["cw"], case=w["case"], kind="repatriation_s38", planned_on=TODAY,
        destination_country="MM", counterpart_org="DSW",
    )  # fmt: skip
    assert plan.pk


# --- custody --------------------------------------------------------------------------------------
def test_recording_the_screening_ends_custody_unless_still_held(w):
    case = _case_at_identification(w)
    custody = Custody.objects.get(case=case)
    assert custody.ended_at is not None
    assert TimelineEvent.objects.filter(case=case, kind="custody_ended").exists()
    interview = case.screenings.get()
    assert interview.consent_interview is True and interview.consent_data_use is False

    other = open_case(
        w["cw"], NOW - dt.timedelta(hours=5), source="police", channel="field", description="x"
    )
    hold(w["cw"], other, NOW - dt.timedelta(hours=4))
    screening_record(
        actor=w["cw"], case=fresh(other), custody_still_held=True,
        data=ScreeningInput(interviewed_at=NOW - dt.timedelta(hours=3)),
    )  # fmt: skip
    assert Custody.objects.get(case=other).ended_at is None


def test_an_implausible_custody_start_warns_and_asks_to_confirm(w):
    case = open_case(
        w["cw"], NOW - dt.timedelta(hours=60), source="police", channel="field", description="x"
    )
    with translation.override("th"), pytest.raises(ValidationError) as e:
        custody_record(
            actor=w["cw"], case=fresh(case), started_at=NOW - dt.timedelta(hours=50),
            place="บ้านพัก", place_is_not_a_cell=True,
        )  # fmt: skip
    assert "confirm_start" in e.value.message_dict
    assert not Custody.objects.filter(case=case).exists()
    assert clocks.custody_start_warning(NOW + dt.timedelta(hours=2), now=NOW)
    assert clocks.custody_start_warning(NOW - dt.timedelta(hours=3), now=NOW) is None
    custody = custody_record(
        actor=w["cw"], case=fresh(case), started_at=NOW - dt.timedelta(hours=50),
        place="บ้านพัก", place_is_not_a_cell=True, confirm_start=True,
    )  # fmt: skip
    assert custody.pk


# --- one due day everywhere -------------------------------------------------------------------------
def test_an_all_day_deadline_shows_its_own_day_everywhere(w):
    due_on = dt.date(2026, 9, 4)
    deadline = clocks.Deadline(
        kind="follow_up",
        label="x",
        due_at=clocks.day_end(due_on),
        status=clocks.DeadlineStatus.DUE,
        all_day=True,
    )
    assert deadline.due_day == due_on
    with translation.override("th"):
        assert deadline.due_text == "4 ก.ย. 2569"
    with translation.override("en"):
        assert deadline.due_text == "4 Sep 2026"
        assert deadline.due_text_th == "4 ก.ย. 2569"


def test_alerts_and_lists_show_the_follow_up_day(w, client):
    case = w["case"]
    rp = reintegration_plan_create(
        actor=w["cw"], case=case, home_province=w["tak"], responsible_agency=w["psdhs"],
        plan="ติดตามผลร่วมกับ อพม.", started_on=TODAY,
    )  # fmt: skip
    visit = rp.visits.order_by("number").first() if hasattr(rp, "visits") else None
    visit = visit or Case.objects.get(pk=case.pk).follow_up_visits.order_by("number").first()
    deadline = next(d for d in clocks.case_deadlines(fresh(case)) if d.subject_id == visit.pk)
    with translation.override("en"):
        expected = deadline.due_text
    assert deadline.due_day == visit.due_on
    from saphan.cases.tasks import _message_for

    with translation.override("en"):
        message = _message_for(fresh(case), deadline, "en", now=NOW, cache={})
    assert f"({expected})" in message and "00:00" not in message
    client.force_login(w["sup"])
    page = client.get(reverse("cases:deadlines"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    with translation.override("th"):
        assert deadline.due_text in page
