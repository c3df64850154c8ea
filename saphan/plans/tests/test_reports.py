"""The quarterly report from draft to review, and every refusal on the way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from saphan.core.errors import ConflictError
from saphan.core.tests import files
from saphan.plans import services
from saphan.plans.models import Evidence, ProgressReport, ReportState
from saphan.plans.periods import Quarter
from saphan.plans.services import EntryInput

from .world import TODAY, make_world

Q1 = Quarter(2569, 1)


@pytest.fixture
def w(db, monkeypatch):
    calls = []

    def fake_compute(key, *, start, end, province_code):
        calls.append((key, start, end, province_code))
        return {"victims_identified": Decimal("7"), "rights_notice_share": Decimal("85.5")}[key]

    monkeypatch.setattr("saphan.plans.computed.compute", fake_compute)
    world = make_world()
    world["calls"] = calls
    return world


def _fill(report, *, value="10", status="on_track"):
    entries = {}
    for e in report.entries.select_related("assignment__indicator"):
        computed = e.assignment.indicator.is_computed
        entries[str(e.pk)] = EntryInput(
            value=None if computed else value, status=status, narrative="ทำแล้ว"
        )
    return entries


def _submitted(w, who="cw_kk"):
    report = services.report_start(actor=w[who], province=w["kk"], quarter=Q1, today=TODAY)
    report = services.report_save(actor=w[who], report=report, entries=_fill(report))
    return services.report_submit(actor=w[who], report=report)


def test_start_makes_one_entry_per_assignment_with_computed_values_filled(w):
    report = services.report_start(actor=w["cw_kk"], province=w["kk"], quarter=Q1, today=TODAY)
    assert report.state == ReportState.DRAFT
    assert report.entries.count() == 4
    values = {
        e.assignment.indicator.code: e.value
        for e in report.entries.select_related("assignment__indicator")
    }
    assert values == {
        "3.1.1": Decimal("7.00"),
        "3.1.2": Decimal("85.50"),
        "4.1.1": None,
        "5.1.1": None,
    }
    # Khon Kaen's figures over the quarter's dates: October-December 2025.
    assert {c[1:] for c in w["calls"]} == {(Q1.start, Q1.end, "40")}
    assert str(Q1.start) == "2025-10-01" and str(Q1.end) == "2025-12-31"
    again = services.report_start(actor=w["sup_kk"], province=w["kk"], quarter=Q1, today=TODAY)
    assert again.pk == report.pk


def test_full_flow_submit_approve_review(w):
    report = _submitted(w)
    assert report.state == ReportState.SUBMITTED
    assert report.status == "on_track"
    assert report.submitted_by == w["cw_kk"]
    report = services.report_approve(actor=w["sup_kk"], report=report)
    assert report.state == ReportState.APPROVED
    report = services.report_review(actor=w["region_ne"], report=report, note="ดีมาก")
    assert report.state == ReportState.REVIEWED
    assert report.reviewed_by == w["region_ne"]


def test_a_computed_value_cannot_be_typed(w):
    report = services.report_start(actor=w["cw_kk"], province=w["kk"], quarter=Q1, today=TODAY)
    computed = report.entries.get(assignment__indicator__code="3.1.1")
    with pytest.raises(ValidationError) as exc:
        services.report_save(
            actor=w["cw_kk"], report=report, entries={str(computed.pk): EntryInput(value="999")}
        )
    assert str(computed.pk) in exc.value.message_dict
    computed.refresh_from_db()
    assert computed.value == Decimal("7.00")


def test_bad_values_are_refused_with_nothing_saved(w):
    report = services.report_start(actor=w["cw_kk"], province=w["kk"], quarter=Q1, today=TODAY)
    entries = _fill(report)
    reported = [k for k, v in entries.items() if v.value is not None]
    entries[reported[0]] = EntryInput(value="สิบ", status="on_track")
    entries[reported[1]] = EntryInput(value="-3", status="on_track")
    with pytest.raises(ValidationError) as exc:
        services.report_save(actor=w["cw_kk"], report=report, entries=entries)
    assert set(exc.value.message_dict) == set(reported[:2])
    assert not report.entries.exclude(status="").exists()


def test_submit_needs_every_value_and_status(w):
    report = services.report_start(actor=w["cw_kk"], province=w["kk"], quarter=Q1, today=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.report_submit(actor=w["cw_kk"], report=report)
    assert any("4.1.1" in m for m in exc.value.messages)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_future_quarter_cannot_be_reported(w):
    with pytest.raises(ValidationError):
        services.report_start(
            actor=w["cw_kk"], province=w["kk"], quarter=Quarter(2569, 4), today=TODAY
        )


def test_stale_form_is_a_conflict(w):
    report = services.report_start(actor=w["cw_kk"], province=w["kk"], quarter=Q1, today=TODAY)
    services.report_save(actor=w["cw_kk"], report=report, entries={}, expected_version=1)
    with pytest.raises(ConflictError):
        services.report_save(actor=w["sup_kk"], report=report, entries={}, expected_version=1)


# --- who may not -------------------------------------------------------------------------------
def test_only_the_provinces_own_staff_start_its_report(w):
    for who in ("cw_tak", "sup_tak", "region_ne", "central", "vol_kk", "police_kk"):
        with pytest.raises(PermissionDenied):
            services.report_start(actor=w[who], province=w["kk"], quarter=Q1, today=TODAY)
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    "who, step",
    [
        # A case worker cannot approve.
        ("cw_kk", "report_approve"),
        # A supervisor of Tak cannot approve Khon Kaen's report.
        ("sup_tak", "report_approve"),
        # Review waits for the supervisor's approval.
        ("region_ne", "report_review"),
    ],
    ids=["case_worker_cannot_approve", "tak_supervisor_cannot_approve", "review_waits_approval"],
)
def test_a_submitted_report_refuses_the_wrong_step(w, who, step):
    report = _submitted(w)
    with pytest.raises(PermissionDenied):
        getattr(services, step)(actor=w[who], report=report)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_regional_officer_of_the_north_cannot_review_a_northeast_report(w):
    report = services.report_approve(actor=w["sup_kk"], report=_submitted(w))
    with pytest.raises(PermissionDenied):
        services.report_review(actor=w["region_north"], report=report)
    with pytest.raises(PermissionDenied):
        services.report_return(actor=w["region_north"], report=report, reason="ไม่ครบ")


def test_a_sent_report_cannot_be_changed_until_returned(w):
    report = _submitted(w)
    with pytest.raises(PermissionDenied):
        services.report_save(actor=w["cw_kk"], report=report, entries={})
    with pytest.raises(ValidationError):
        services.report_return(actor=w["sup_kk"], report=report, reason="  ")
    report = services.report_return(actor=w["sup_kk"], report=report, reason="แก้ตัวเลข 4.1.1")
    assert report.state == ReportState.RETURNED
    services.report_save(actor=w["cw_kk"], report=report, entries=_fill(report, value="12"))
    report = services.report_submit(actor=w["cw_kk"], report=report)
    assert report.state == ReportState.SUBMITTED and report.returned_reason == ""


def test_the_regional_office_can_return_an_approved_report(w):
    report = services.report_approve(actor=w["sup_kk"], report=_submitted(w))
    report = services.report_return(actor=w["region_ne"], report=report, reason="ขอหลักฐานเพิ่ม")
    assert report.state == ReportState.RETURNED
    assert report.approved_by is None


# --- evidence ----------------------------------------------------------------------------------
def test_evidence_is_checked_like_case_documents(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = services.report_start(actor=w["cw_kk"], province=w["kk"], quarter=Q1, today=TODAY)
    pdf = SimpleUploadedFile(
        "minutes.pdf", files.pdf(text="minutes"), content_type="application/pdf"
    )
    evidence = services.evidence_attach(
        actor=w["cw_kk"], report=report, upload=pdf, title="รายงานการประชุม"
    )
    assert evidence.content_type == "application/pdf"
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a jpeg", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.evidence_attach(actor=w["cw_kk"], report=report, upload=fake)
    settings.CASE_DOCUMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 100, content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.evidence_attach(actor=w["cw_kk"], report=report, upload=big)
    assert Evidence.objects.count() == 1
    assert len(list((tmp_path / "plan-evidence" / str(report.pk)).iterdir())) == 1
    with pytest.raises(PermissionDenied):
        services.evidence_attach(actor=w["cw_tak"], report=report, upload=pdf)


# --- alerts ------------------------------------------------------------------------------------
def test_each_step_alerts_the_next_person_in_their_language(w, django_capture_on_commit_callbacks):
    from saphan.core.models import Alert

    with django_capture_on_commit_callbacks(execute=True):
        report = _submitted(w)
    sup_alert = Alert.objects.get(user=w["sup_kk"])
    assert "ขอนแก่น" in sup_alert.message and "รอหัวหน้าอนุมัติ" in sup_alert.message
    assert not Alert.objects.filter(user=w["sup_tak"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_approve(actor=w["sup_kk"], report=report)
    assert Alert.objects.filter(user=w["region_ne"]).exists()
    assert not Alert.objects.filter(user=w["region_north"]).exists()
    assert Alert.objects.filter(user=w["cw_kk"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(actor=w["region_ne"], report=report, reason="ขอหลักฐาน")
    assert Alert.objects.filter(user=w["sup_kk"], level="warning").exists()


# --- the plan's targets --------------------------------------------------------------------------
def test_only_a_central_officer_sets_a_provinces_targets(w):
    from saphan.plans.models import Assignment

    rows = {
        a.indicator.code: a
        for a in Assignment.objects.filter(province=w["kk"]).select_related("indicator")
    }
    target = rows["4.1.1"]
    for who in ("sup_kk", "cw_kk", "region_ne"):
        with pytest.raises(PermissionDenied):
            services.assignment_targets_set(
                actor=w[who], province=w["kk"], fiscal_year=2569, targets={str(target.pk): "250"}
            )
    with pytest.raises(ValidationError) as exc:
        services.assignment_targets_set(
            actor=w["central"], province=w["kk"], fiscal_year=2569,
            targets={str(target.pk): "250", str(rows["3.1.2"].pk): "120"},
        )  # fmt: skip
    assert set(exc.value.message_dict) == {str(rows["3.1.2"].pk)}  # a share above 100 %
    target.refresh_from_db()
    assert target.target == Decimal(200)
    changed = services.assignment_targets_set(
        actor=w["central"], province=w["kk"], fiscal_year=2569, targets={str(target.pk): "250"}
    )
    target.refresh_from_db()
    assert changed == 1 and target.target == Decimal(250)
