"""Recording a screening interview without a valid qualification: warned, asked for a reason,
refused without one (a clear Thai message, nothing saved), saved with it and the reason on the
timeline."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from saphan.cases.models import Case, ScreeningInterview, TimelineEvent
from saphan.cases.services import case_open, screening_record
from saphan.cases.services.stages import IntakeInput, ScreeningInput
from saphan.core.thai import to_be_year

from .conftest import complete, years_ago

NOW = timezone.now()
THAI_REFUSAL = "กรุณาระบุเหตุผลที่ท่านเป็นผู้สัมภาษณ์"


def _case(actor):
    return case_open(actor=actor, intake=IntakeInput(
        received_at=NOW - dt.timedelta(hours=5), source="hotline_1300", channel="phone",
        description="ญาติแจ้งว่าถูกหลอกไปทำงาน",
    ))  # fmt: skip


def _input(**kw):
    return ScreeningInput(interviewed_at=NOW - dt.timedelta(hours=1), **kw)


@pytest.mark.django_db
def test_unqualified_without_reason_is_refused(world):
    case = _case(world["cw"])
    with pytest.raises(ValidationError) as e:
        screening_record(actor=world["cw"], case=case, data=_input())
    assert "qualification_override_reason" in e.value.message_dict
    assert not ScreeningInterview.objects.exists()


@pytest.mark.django_db
def test_unqualified_with_reason_is_saved_and_the_reason_is_on_the_timeline(world):
    complete(world["cw"], "screening", years_ago(3.2))  # lapsed
    case = _case(world["cw"])
    interview = screening_record(
        actor=world["cw"],
        case=case,
        data=_input(qualification_override_reason="ไม่มีผู้ผ่านการอบรมมาได้ทัน"),
    )
    assert interview.qualification_override_reason == "ไม่มีผู้ผ่านการอบรมมาได้ทัน"
    event = TimelineEvent.objects.get(case=case, kind="screening_unqualified")
    assert event.data["reason"] == "ไม่มีผู้ผ่านการอบรมมาได้ทัน"


@pytest.mark.django_db
def test_qualified_interviewer_needs_no_reason_and_leaves_no_warning(world):
    complete(world["police"], "screening", years_ago(1))
    complete(world["cw"], "screening", years_ago(1))
    case = _case(world["cw"])
    screening_record(actor=world["cw"], case=case, data=_input(qualification_override_reason="x"))
    assert ScreeningInterview.objects.get().qualification_override_reason == ""
    assert not TimelineEvent.objects.filter(kind="screening_unqualified").exists()


@pytest.mark.django_db
def test_qualification_is_judged_on_the_interview_day(world):
    complete(world["cw"], "screening", timezone.localdate())
    case = _case(world["cw"])
    # Interviewed yesterday, trained today: not yet qualified on the day of the interview.
    with pytest.raises(ValidationError):
        screening_record(
            actor=world["cw"],
            case=case,
            data=ScreeningInput(interviewed_at=NOW - dt.timedelta(hours=26)),
        )


def _post(client, case, **extra):
    local = timezone.localtime(NOW - dt.timedelta(hours=1))
    data = {
        "version": Case.objects.get(pk=case.pk).version, "submission_key": str(uuid.uuid4()),
        "interviewed_at_date": f"{local.day:02d}/{local.month:02d}/{to_be_year(local.year)}",
        "interviewed_at_time": f"{local:%H:%M}", **extra,
    }  # fmt: skip
    return client.post(
        reverse("cases:action", args=[case.code, "screening"]), data, HTTP_ACCEPT_LANGUAGE="th"
    )


@pytest.mark.django_db
def test_the_form_warns_refuses_in_thai_then_saves_with_a_reason(client, world):
    case = _case(world["cw"])
    client.force_login(world["cw"])
    page = client.get(
        reverse("cases:action", args=[case.code, "screening"]), HTTP_ACCEPT_LANGUAGE="th"
    ).content.decode()
    assert 'id="qualification-warning"' in page
    r = _post(client, case)
    assert r.status_code == 200
    assert THAI_REFUSAL in r.content.decode()
    assert not ScreeningInterview.objects.exists()
    r = _post(client, case, qualification_override_reason="เจ้าหน้าที่ที่ผ่านการอบรมลาป่วย")
    assert r.status_code == 302
    assert TimelineEvent.objects.filter(case=case, kind="screening_unqualified").exists()
    page = client.get(reverse("cases:detail", args=[case.code]), HTTP_ACCEPT_LANGUAGE="th")
    assert "เจ้าหน้าที่ที่ผ่านการอบรมลาป่วย" in page.content.decode()


@pytest.mark.django_db
def test_qualified_interviewer_sees_no_warning(client, world):
    complete(world["cw"], "screening", years_ago(1))
    case = _case(world["cw"])
    client.force_login(world["cw"])
    page = client.get(reverse("cases:action", args=[case.code, "screening"])).content.decode()
    assert 'id="qualification-warning"' not in page
    assert _post(client, case).status_code == 302
