import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from saphan.cases.models import Case, Intake, TimelineEvent
from saphan.network.models import Tip, TipStatus, TipWay
from saphan.network.services import tips
from saphan.orgs import access

NOW = timezone.now()


def tip_input(**kw) -> tips.TipInput:
    data = {
        "province_id": "40", "district_id": "4001", "subdistrict_id": "400101",
        "village_code": "40010103", "seen_at": NOW - dt.timedelta(hours=2),
        "description": "มีนายหน้าชวนวัยรุ่นในหมู่บ้านไปทำงานต่างประเทศ รายได้สูง ไม่ต้องมีประสบการณ์",
        "urgency": "urgent",
    }  # fmt: skip
    data.update(kw)
    return tips.TipInput(**data)


def test_volunteer_reports_and_contact_is_kept_only_with_consent(net):
    tip = tips.tip_report(actor=net["vol"], data=tip_input(reporter_contact="0812345678"))
    assert (tip.way, tip.source, tip.province_id, tip.status) == (
        TipWay.NETWORK, "volunteer", "40", TipStatus.NEW,
    )  # fmt: skip
    assert tip.reporter_contact == "" and not tip.reporter_agrees_to_contact
    agreed = tips.tip_report(
        actor=net["youth"],
        data=tip_input(reporter_agrees_to_contact=True, reporter_contact="line:abc"),
    )
    assert agreed.source == "youth_council" and agreed.reporter_contact == "line:abc"
    assert agreed.reporter_name  # the member's own name


def test_bad_places_and_empty_text_are_refused(net):
    with pytest.raises(ValidationError) as e:
        tips.tip_report(actor=net["vol"], data=tip_input(district_id="6301", description=" "))
    assert {"district", "description"} <= set(e.value.message_dict)
    with pytest.raises(ValidationError) as e:
        tips.tip_report(actor=net["vol"], data=tip_input(village_code="40010299"))
    assert "village_code" in e.value.message_dict
    with pytest.raises(ValidationError):
        tips.tip_report(actor=net["vol"], data=tip_input(seen_at=NOW + dt.timedelta(days=2)))
    with pytest.raises(ValidationError) as e:
        tips.tip_report(actor=net["vol"], data=tip_input(reporter_agrees_to_contact=True))
    assert "reporter_contact" in e.value.message_dict
    assert Tip.objects.count() == 0


def test_staff_cannot_use_the_volunteer_form_and_volunteers_cannot_log_hotline_calls(net):
    with pytest.raises(PermissionDenied):
        tips.tip_report(actor=net["cw"], data=tip_input())
    with pytest.raises(PermissionDenied):
        tips.tip_record_hotline(actor=net["vol"], data=tip_input())
    call = tips.tip_record_hotline(actor=net["cw_tak"], data=tip_input())
    assert call.way == TipWay.HOTLINE and call.province_id == "40" and call.source == "hotline_1300"


def test_public_form_is_rate_limited_per_address(net):
    for _ in range(tips.PUBLIC_LIMIT_PER_HOUR):
        tip = tips.tip_submit_public(data=tip_input(), sender_address="10.0.0.1")
    assert tip.way == TipWay.PUBLIC and len(tip.tracking_code) == 11
    assert tip.sender_key and "10.0.0.1" not in tip.sender_key
    with pytest.raises(tips.RateLimited):
        tips.tip_submit_public(data=tip_input(), sender_address="10.0.0.1")
    tips.tip_submit_public(data=tip_input(), sender_address="10.0.0.2")  # another sender is fine


def test_triage_is_for_the_province_staff_only(net):
    tip = tips.tip_report(actor=net["vol"], data=tip_input())
    assert list(access.triage_tips(net["cw"])) == [tip]
    assert list(access.triage_tips(net["sup"])) == [tip]
    for who in ("vol", "youth", "cw_tak", "central"):
        assert not access.triage_tips(net[who]).exists()
    assert list(access.reported_tips(net["vol"])) == [tip]
    for who in ("vol", "cw_tak"):
        with pytest.raises(PermissionDenied):
            tips.tip_close(actor=net[who], tip=tip, reason="spam")


def test_open_a_case_from_a_tip_goes_through_the_intake_service(net):
    tip = tips.tip_report(actor=net["vol"], data=tip_input(urgency="immediate"))
    case = tips.tip_open_case(actor=net["cw"], tip=tip)
    tip.refresh_from_db()
    assert tip.status == TipStatus.CASE_OPENED and tip.case == case
    assert case.province_id == "40" and case.case_worker == net["cw"]
    intake = Intake.objects.get(case=case)
    assert (intake.source, intake.urgency, intake.place_subdistrict_id) == (
        "volunteer", "immediate", "400101",
    )  # fmt: skip
    kinds = set(TimelineEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {"case_opened", "intake_recorded", "network_tip_linked"} <= kinds
    with pytest.raises(ValidationError):
        tips.tip_open_case(actor=net["cw"], tip=tip)  # only once
    # The volunteer still sees only the status, and no case.
    assert not access.visible_cases(net["vol"]).exists()


def test_attach_refer_and_close(net):
    first = tips.tip_report(actor=net["vol"], data=tip_input())
    case = tips.tip_open_case(actor=net["sup"], tip=first)
    second = tips.tip_report(actor=net["vol"], data=tip_input(description="อีกเรื่องเดียวกัน"))
    with pytest.raises(ValidationError) as e:
        tips.tip_attach(actor=net["cw"], tip=second, case_code="40-0000-99999")
    assert "case_code" in e.value.message_dict
    tips.tip_attach(actor=net["cw"], tip=second, case_code=case.code)
    assert Intake.objects.filter(case=case).count() == 2
    assert Tip.objects.get(pk=second.pk).status == TipStatus.ATTACHED

    third = tips.tip_report(actor=net["vol"], data=tip_input())
    with pytest.raises(ValidationError):
        tips.tip_refer(actor=net["cw"], tip=third, province=net["tak"], note="")
    tips.tip_refer(actor=net["cw"], tip=third, province=net["tak"], note="เกิดเหตุที่แม่สอด")
    third.refresh_from_db()
    assert third.province_id == "63" and third.referred_from_id == "40" and third.status == "new"
    assert access.triage_tips(net["cw_tak"]).filter(pk=third.pk).exists()
    assert not access.triage_tips(net["cw"]).filter(pk=third.pk).exists()

    tips.tip_close(actor=net["cw_tak"], tip=third, reason="insufficient", note="ข้อมูลไม่พอ")
    assert Tip.objects.get(pk=third.pk).status == TipStatus.CLOSED
    with pytest.raises(ValidationError):
        tips.tip_close(actor=net["cw_tak"], tip=third, reason="spam")
    assert Case.objects.count() == 1
