import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from saphan.cases.models import Case
from saphan.network.models import Tip, TipStatus, Visit
from saphan.network.services import TipInput, tip_report
from saphan.orgs.tests.factories import CaseFactory

from .test_members_import import xlsx


def form_data(**kw):
    today = timezone.localdate()
    data = {
        "description": "เห็นรถตู้มารับเด็กสาวในหมู่บ้านตอนกลางคืน บอกว่าไปทำงานร้านอาหาร",
        "urgency": "urgent",
        "seen_at_date": f"{today.day:02d}/{today.month:02d}/{today.year + 543}",
        "seen_at_time": "",
        "province": "40", "district": "4001", "subdistrict": "400101", "village_code": "40010103",
        "place_detail": "ศาลาวัด",
    }  # fmt: skip
    data.update(kw)
    return data


def a_tip(net, **kw):
    data = {"province_id": "40", "seen_at": timezone.now() - dt.timedelta(hours=1),
            "description": "มีนายหน้าชวนไปทำงาน"}  # fmt: skip
    data.update(kw)
    return tip_report(actor=net["vol"], data=TipInput(**data))


def test_a_volunteer_cannot_open_cases(client, net):
    case = CaseFactory(province=net["kk"], agency=net["psdhs"])
    client.force_login(net["vol"])
    assert client.get(reverse("cases:list")).status_code in (403, 404)
    assert client.get(reverse("cases:detail", args=[case.code])).status_code in (403, 404)
    assert client.get(reverse("network:triage")).status_code == 403


def test_volunteer_reports_a_concern(client, net):
    client.force_login(net["vol"])
    page = client.get(reverse("network:report"))
    assert page.status_code == 200 and 'name="village_code"' in page.text
    r = client.post(reverse("network:report"), form_data())
    assert r.status_code == 302, r.context["form"].errors.as_json()
    tip = Tip.objects.get()
    assert tip.reported_by == net["vol"] and tip.village_code == "40010103"
    mine = client.get(reverse("network:mine"))
    assert tip.tracking_code in mine.text


def test_bad_report_keeps_what_was_typed(client, net):
    client.force_login(net["vol"])
    r = client.post(reverse("network:report"), form_data(district="6301", description="x" * 5))
    assert r.status_code == 200 and "x" * 5 in r.text
    assert not Tip.objects.exists()


def test_staff_cannot_use_the_volunteer_report(client, net):
    client.force_login(net["cw"])
    assert client.get(reverse("network:report")).status_code == 403


def test_public_tip_gives_a_code_and_status_shows_only_status(client, net):
    r = client.post(reverse("network:public_tip"), form_data())
    assert r.status_code == 200
    tip = Tip.objects.get()
    assert tip.tracking_code in r.text and tip.reported_by is None
    status = client.get(reverse("network:tip_status"), {"code": tip.tracking_code.lower()})
    assert status.status_code == 200 and "tip-status" in status.text
    assert "รถตู้" not in status.text  # only the status, never the content
    missing = client.get(reverse("network:tip_status"), {"code": "XXXXX-XXXXX"})
    assert "tip-status" not in missing.text


def test_honeypot_keeps_nothing(client, net):
    r = client.post(reverse("network:public_tip"), form_data(website="http://spam.example"))
    assert r.status_code == 200 and not Tip.objects.exists()


def test_public_form_rate_limit_answers_429(client, net):
    for _ in range(5):
        client.post(reverse("network:public_tip"), form_data())
    r = client.post(reverse("network:public_tip"), form_data())
    assert r.status_code == 429 and Tip.objects.count() == 5


def test_triage_queue_urgent_first_and_open_a_case(client, net):
    routine = a_tip(net, urgency="routine")
    urgent = a_tip(net, urgency="immediate", description="มีคนถูกกักตัวในบ้านหลังหนึ่ง")
    client.force_login(net["cw"])
    page = client.get(reverse("network:triage"))
    assert page.text.index(str(urgent.pk)) < page.text.index(str(routine.pk))
    r = client.post(reverse("network:tip", args=[urgent.pk]), {"action": "open", "open-note": ""})
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("cases:detail", args=[case.code])
    assert Tip.objects.get(pk=urgent.pk).status == TipStatus.CASE_OPENED
    detail = client.get(reverse("cases:detail", args=[case.code]))
    assert urgent.tracking_code in detail.text  # the timeline names the tip


def test_triage_of_another_province_is_not_found(client, net):
    tip = a_tip(net)
    client.force_login(net["cw_tak"])
    assert client.get(reverse("network:tip", args=[tip.pk])).status_code == 404
    assert (
        client.post(
            reverse("network:tip", args=[tip.pk]), {"action": "close", "close-reason": "spam"}
        ).status_code
        == 404
    )
    assert Tip.objects.get(pk=tip.pk).status == TipStatus.NEW


def test_close_needs_a_reason(client, net):
    tip = a_tip(net)
    client.force_login(net["sup"])
    r = client.post(reverse("network:tip", args=[tip.pk]), {"action": "close", "close-reason": ""})
    assert r.status_code == 200 and Tip.objects.get(pk=tip.pk).status == TipStatus.NEW


def test_hotline_call_goes_to_the_province_queue(client, net):
    client.force_login(net["cw_tak"])
    r = client.post(reverse("network:hotline"), form_data(source="hotline_1300"))
    assert r.status_code == 302
    assert Tip.objects.get().province_id == "40"
    client.force_login(net["vol"])
    assert client.get(reverse("network:hotline")).status_code == 403


def _send_members(client, data: bytes, key=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("network:members"),
        {"file": SimpleUploadedFile("m.xlsx", data), "submission_key": str(key or uuid.uuid4())},
    )


def test_members_import_runs_in_the_background_with_its_progress_then_row_errors_or_result(
    client, net, django_capture_on_commit_callbacks
):
    from saphan.core.models import ImportRun
    from saphan.network.tasks import members_import_run

    client.force_login(net["sup"])
    bad = xlsx([["vol.x", "", "", "อพม.", "40010101", "", ""]])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        r = _send_members(client, bad)
    run = ImportRun.objects.get()
    assert len(queued) == 1 and r.status_code == 302
    assert r["Location"] == reverse("network:members_import", args=[run.pk])
    page = client.get(r["Location"]).text
    assert 'hx-trigger="every 1s"' in page and 'id="members-table"' in page
    members_import_run(str(run.pk))
    part = client.get(r["Location"], headers={"HX-Request": "true"}).text
    assert "import-errors" in part and "hx-trigger" not in part
    assert "<td>2</td><td>—</td><td>ไม่ได้กรอกชื่อ</td>" in part  # row 2: the first name
    good = xlsx([["vol.x", "สมหญิง", "ดีใจ", "อพม.", "40010101", "", ""]])
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = _send_members(client, good, key)
        again = _send_members(client, good, key)  # a double click: one import
    assert len(queued) == 1 and first["Location"] == again["Location"]
    members_import_run(first["Location"].rstrip("/").rsplit("/", 1)[-1])
    part = client.get(first["Location"], headers={"HX-Request": "true"}).text
    assert 'id="import-done"' in part and "1 แถว" in part and 'id="import-notes"' in part
    assert "สมหญิง" in client.get(reverse("network:members")).text
    client.force_login(net["cw"])
    assert _send_members(client, good).status_code == 403
    assert client.get(first["Location"]).status_code == 403


def test_area_options(client, net):
    r = client.get(reverse("network:areas", args=["subdistrict"]), {"district": "4001"})
    assert "400101" in r.text and "400102" in r.text
    r = client.get(reverse("network:areas", args=["village"]), {"subdistrict": "400101"})
    assert "40010130" in r.text
    assert client.get(reverse("network:areas", args=["planet"])).status_code == 404


@pytest.mark.django_db
def test_volunteer_visit_pages_are_their_own(client, net):
    from saphan.network.models import VisitKind

    visit = Visit.objects.create(
        kind=VisitKind.HOUSEHOLD, assigned_to=net["vol"], assigned_by=net["cw"], province=net["kk"],
        visit_name="ครัวเรือน 1", purpose="เยี่ยม",
    )  # fmt: skip
    client.force_login(net["youth"])
    assert client.get(reverse("network:visit", args=[visit.pk])).status_code == 404
    client.force_login(net["vol"])
    assert "ครัวเรือน 1" in client.get(reverse("network:mine")).text
    today = timezone.localdate()
    r = client.post(
        reverse("network:visit", args=[visit.pk]),
        {"done_on": f"{today.day:02d}/{today.month:02d}/{today.year + 543}", "findings": "ครอบครัวมีหนี้",
         "risk_factors": ["debt"], "awareness_given": "on"},
    )  # fmt: skip
    assert r.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "done" and visit.risk_factors == ["debt"] and visit.awareness_given
