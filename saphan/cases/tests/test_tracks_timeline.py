"""Every new kind of timeline event has its text, renders in Thai and English from the data
the services actually write, and shows labels, names, dates and amounts rather than codes."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from saphan.cases import timeline
from saphan.cases.models import TimelineEvent
from saphan.cases.services import (
    assistance_plan_close,
    assistance_plan_create,
    case_note_add,
    compensation_claim_add,
    compensation_order_add,
    compensation_payment_add,
    document_attach,
    family_assessment_record,
    follow_up_miss,
    follow_up_record,
    legal_proceeding_add,
    legal_proceeding_update,
    legal_testimony_given,
    legal_testimony_schedule,
    planned_service_add,
    planned_service_update,
    protection_measure_add,
    referral_answer,
    referral_send,
    referral_withdraw,
    reintegration_plan_create,
    return_complete,
    return_plan_create,
    shelter_stay_end,
    shelter_stay_start,
    stay_permit_record,
)
from saphan.core.tests import files

from .tracks_world import NOW, TODAY, days, fresh, make_world

NEW_KINDS = {
    "assistance_plan_created", "assistance_plan_closed", "service_planned", "service_updated",
    "shelter_stay_started", "shelter_stay_ended", "legal_proceeding_added",
    "legal_proceeding_updated", "testimony_scheduled", "testimony_given",
    "protection_measure_added", "compensation_claimed", "compensation_ordered",
    "compensation_paid", "stay_permit_recorded", "family_assessed", "return_planned",
    "return_completed", "reintegration_planned", "follow_up_done", "follow_up_missed",
    "referral_sent", "referral_accepted", "referral_declined", "referral_withdrawn",
    "case_transferred", "note_added", "document_attached",
}  # fmt: skip


@pytest.fixture
def walked(db, settings, tmp_path):
    """One case taken through every parallel track by the services."""
    settings.MEDIA_ROOT = tmp_path
    w = make_world()
    cw, case = w["cw"], w["case"]
    plan = assistance_plan_create(actor=cw, case=case, objectives="ฟื้นฟู", planned_end=days(30))
    service = planned_service_add(actor=cw, case=case, plan=plan, type="Interpreter",
                                  provider_agency=w["shelter"], planned_start=days(0))  # fmt: skip
    planned_service_update(actor=cw, case=case, service=service, status="in_progress",
                           actual_start=days(0))  # fmt: skip
    assistance_plan_close(actor=cw, case=case, plan=plan, actual_end=days(0))
    stay = shelter_stay_start(actor=cw, case=case, shelter=w["shelter"], started_on=days(-5))
    shelter_stay_end(
        actor=cw, case=case, stay=stay, ended_on=days(0), exit_reason="returned_to_family"
    )
    proceeding = legal_proceeding_add(actor=cw, case=case, victim_role="witness",
                                      police_case_number="88/2569", police_station="สภ.แม่สอด")  # fmt: skip
    legal_proceeding_update(actor=cw, case=case, proceeding=proceeding, status="trial",
                            court="ศาลอาญาคดีค้ามนุษย์")  # fmt: skip
    testimony = legal_testimony_schedule(actor=cw, case=case, proceeding=proceeding,
                                         scheduled_at=NOW - dt.timedelta(hours=3), kind="video")  # fmt: skip
    legal_testimony_given(actor=cw, case=case, testimony=testimony)
    protection_measure_add(actor=cw, case=case, proceeding=proceeding, measure="escort",
                           started_on=days(-1))  # fmt: skip
    claim = compensation_claim_add(actor=cw, case=case, kind="from_offender_in_criminal_case",
                                   amount_claimed="120000", claimed_on=days(-20))  # fmt: skip
    compensation_order_add(actor=cw, case=case, claim=claim, amount_ordered="100000",
                           ordered_on=days(-10), decided_by="ศาลอาญาคดีค้ามนุษย์")  # fmt: skip
    compensation_payment_add(actor=cw, case=case, claim=claim, amount_paid="12500.50",
                             paid_on=days(-1), payer="จำเลย")  # fmt: skip
    stay_permit_record(actor=cw, case=case, purpose="compensation_claim", permit_type="stay_and_work",
                       valid_from=days(0), valid_to=days(180), issuing_office="ตม.")  # fmt: skip
    family_assessment_record(actor=cw, case=case, assessed_on=days(-1), assessor="พมจ.ขอนแก่น",
                             findings="ปลอดภัย", safe_to_return="yes")  # fmt: skip
    ret = return_plan_create(actor=cw, case=case, kind="return_to_family_in_thailand",
                             planned_on=days(0), destination_province=w["kk"])  # fmt: skip
    return_complete(actor=cw, case=case, plan=ret, returned_on=days(0), handed_over_to="มารดา")
    reint = reintegration_plan_create(actor=cw, case=case, home_province=w["kk"],
                                      responsible_agency=w["psdhs_kk"], plan="x",
                                      started_on=TODAY - dt.timedelta(days=100))  # fmt: skip
    visits = list(reint.visits.order_by("number"))
    follow_up_record(actor=cw, case=case, visit=visits[0], done_on=days(-60), visited_by="อพม.",
                     findings="ดี")  # fmt: skip
    follow_up_miss(actor=cw, case=case, visit=visits[1], reason="ไม่อยู่บ้าน")
    consent = {"consent_recorded": True, "consent_at": NOW - dt.timedelta(hours=1)}
    r1 = referral_send(actor=cw, case=case, to_agency=w["police_kk"], reason="LegalProceedings",
                       share_identity=False)  # fmt: skip
    referral_withdraw(actor=cw, case=case, referral=r1, reason="ไม่จำเป็นแล้ว")
    r2 = referral_send(actor=cw, case=case, to_agency=w["psdhs_kk"], reason="Other", **consent)
    referral_answer(actor=w["cw_kk"], referral=r2, accept=False, decline_reason="ไม่ใช่พื้นที่")
    case_note_add(actor=cw, case=case, text="x")
    document_attach(actor=cw, case=case, upload=SimpleUploadedFile("a.pdf", files.pdf()))
    r3 = referral_send(actor=cw, case=fresh(case), to_agency=w["psdhs_kk"], kind="transfer",
                       reason="ReintegrationInHomeProvince", **consent)  # fmt: skip
    referral_answer(actor=w["cw_kk"], referral=r3, accept=True)
    w["events"] = list(TimelineEvent.objects.filter(case=case).select_related("actor"))
    return w


def test_every_new_kind_has_a_template(walked):
    assert NEW_KINDS <= set(timeline.TEMPLATES)
    assert NEW_KINDS <= {e.kind for e in walked["events"]}


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_event_renders_fully(walked, lang):
    with translation.override(lang):
        for event in walked["events"]:
            params = {k: timeline._show(k, v) for k, v in event.data.items()}
            text = str(timeline.TEMPLATES[event.kind]) % params  # every placeholder has data
            assert timeline.render(event).text == text and "%(" not in text


def test_events_show_labels_names_and_amounts(walked):
    with translation.override("en"):
        lines = {e.kind: timeline.render(e).text for e in walked["events"]}
        kk = walked["psdhs_kk"].name_en
        sent = [timeline.render(e).text for e in walked["events"] if e.kind == "referral_sent"]
    assert lines["compensation_paid"].endswith("12,500.50 baht")
    assert "Interpreter" in lines["service_planned"]
    assert walked["shelter"].name_en in lines["shelter_stay_started"]
    assert "Returned to the family" in lines["shelter_stay_ended"]
    assert kk in lines["case_transferred"] and "Khon Kaen" in lines["case_transferred"]
    assert "ไม่จำเป็นแล้ว" in lines["referral_withdrawn"]
    assert any("identity not shared" in t for t in sent)
    assert any("with the person's consent" in t for t in sent)
    assert "Video testimony" in lines["testimony_scheduled"]
    assert "KB" in lines["document_attached"]
    with translation.override("th"):
        line = timeline.render(
            next(e for e in walked["events"] if e.kind == "return_completed")
        ).text
    assert str(TODAY.year + 543) in line  # dates in the Buddhist Era


def test_languages_and_countries_read_as_names(walked):
    from saphan.cases.models import TimelineEvent

    case = walked["events"][0].case
    rights = TimelineEvent.objects.filter(case=case, kind="rights_notified").first()
    returned = next(e for e in walked["events"] if e.kind == "return_planned")
    assert rights is not None and returned.data["country"] == "TH"
    with translation.override("th"):
        assert f"ภาษา{rights.data['language']}:" not in timeline.render(rights).text
        assert (
            "(TH)" not in timeline.render(returned).text and "ไทย" in timeline.render(returned).text
        )
