"""Assignments to national agencies without a province (the Department of Special Investigation,
the immigration bureau's headquarters): the constraint, the services, the plan pages and
roll-up, and the agency's own page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from saphan.orgs.models import AgencyKind
from saphan.orgs.roles import Jurisdiction, Role
from saphan.orgs.tests.factories import AgencyFactory, UserFactory
from saphan.plans import selectors, services
from saphan.plans.models import Assignment, Indicator

from .world import TODAY, make_world


@pytest.fixture
def w(db):
    w = make_world()
    national = dict(level=Jurisdiction.NATION, province=None, region=None)
    w["dsi"] = AgencyFactory(
        code="dsi", kind=AgencyKind.OTHER, name_th="กรมสอบสวนคดีพิเศษ", **national
    )
    w["imm"] = AgencyFactory(
        code="imm-hq", kind=AgencyKind.IMMIGRATION, name_th="สตม. ส่วนกลาง", **national
    )
    staff = dict(
        jurisdiction=Jurisdiction.NATION, province=None, region=None, roles=[Role.MDT_MEMBER]
    )
    w["dsi_officer"] = UserFactory(username="dsi_officer", agency=w["dsi"], **staff)
    w["imm_officer"] = UserFactory(username="imm_officer", agency=w["imm"], **staff)
    w["indicator"] = Indicator.objects.get(measure__strategy__plan=w["plan"], code="5.1.1")
    return w  # fmt: skip


def _assign(w, agency, *, year=2569, target="6", actor=None):
    return services.assignment_save(
        actor=actor or w["central"],
        indicator=w["indicator"],
        fields={"province": None, "agency": agency, "fiscal_year": year, "target": Decimal(target)},
    )


def test_the_database_needs_a_province_or_an_agency(w):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(indicator=w["indicator"], fiscal_year=2569, target=1)


def test_the_database_keeps_one_national_assignment_per_indicator_agency_year(w):
    Assignment.objects.create(indicator=w["indicator"], agency=w["dsi"], fiscal_year=2569, target=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            indicator=w["indicator"], agency=w["dsi"], fiscal_year=2569, target=2
        )
    # Another year, or another agency, is a different assignment.
    Assignment.objects.create(indicator=w["indicator"], agency=w["dsi"], fiscal_year=2570, target=1)
    Assignment.objects.create(indicator=w["indicator"], agency=w["imm"], fiscal_year=2569, target=1)


def test_central_officer_assigns_an_indicator_to_a_national_agency(w):
    assignment = _assign(w, w["dsi"])
    assert assignment.is_national and assignment.agency == w["dsi"]
    with pytest.raises(ValidationError) as exc:
        _assign(w, w["dsi"], target="7")
    assert "agency" in exc.value.error_dict
    assert Assignment.objects.filter(province__isnull=True).count() == 1


def test_no_province_needs_a_national_agency(w):
    with pytest.raises(ValidationError) as exc:
        _assign(w, None)
    assert "province" in exc.value.error_dict
    provincial = AgencyFactory(province=w["kk"])
    with pytest.raises(ValidationError):
        _assign(w, provincial)


def test_only_the_central_office_assigns_to_national_agencies(w):
    for who in ("dsi_officer", "sup_kk", "region_ne"):
        with pytest.raises(PermissionDenied):
            _assign(w, w["dsi"], actor=w[who])


def test_the_agency_sees_what_the_plan_asks_of_it_and_no_other_does(client, w):
    _assign(w, w["dsi"], target="6")
    _assign(w, w["imm"], target="9")
    data = selectors.agency_plan(actor=w["dsi_officer"], agency=w["dsi"], today=TODAY)
    rows = [r for s in data.strategies for m in s.measures for r in m.rows]
    assert [(r.indicator.code, r.assignment.target) for r in rows] == [("5.1.1", Decimal(6))]
    with pytest.raises(PermissionDenied):
        selectors.agency_plan(actor=w["imm_officer"], agency=w["dsi"], today=TODAY)
    with pytest.raises(PermissionDenied):
        selectors.agency_plan(actor=w["cw_kk"], agency=w["dsi"], today=TODAY)

    client.force_login(w["dsi_officer"])
    assert client.get(reverse("plans:index")).url == reverse("plans:my_agency")
    r = client.get(reverse("plans:my_agency") + "?year=2569")
    body = r.content.decode()
    assert r.status_code == 200
    assert "กรมสอบสวนคดีพิเศษ" in body and 'data-indicator="5.1.1"' in body
    assert "การประชุมทีมสหวิชาชีพ" in body
    assert client.get(reverse("plans:agency", args=[w["imm"].pk])).status_code == 403
    # A provincial case worker has no agency page.
    client.force_login(w["cw_kk"])
    assert client.get(reverse("plans:my_agency")).status_code == 403


def test_the_national_agencies_show_on_the_plan_and_the_national_rollup(client, w, monkeypatch):
    import datetime as dt

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 2, 20))
    _assign(w, w["dsi"], target="6")
    client.force_login(w["central"])
    for url in (reverse("plans:plan") + "?year=2569", reverse("plans:nation") + "?q=2569-2"):
        body = client.get(url).content.decode()
        assert 'id="national-agencies"' in body, url
        assert 'data-national="dsi-5.1.1"' in body and "หน่วยงานระดับชาติ" in body
    r = client.get(reverse("plans:manage_indicator", args=[w["indicator"].pk]))
    assert 'data-assignment="dsi-2569"' in r.content.decode()
    # The provinces' roll-up is unchanged: a national assignment belongs to no province.
    rollup = selectors.region_rollup(
        actor=w["region_ne"], region=w["northeast"], quarter=selectors.default_quarter(TODAY)
    )
    assert len(rollup.provinces) == 2
    assert client.get(reverse("plans:agency", args=[w["dsi"].pk]) + "?year=2569").status_code == 200


def test_the_assignment_form_accepts_a_national_agency_without_a_province(client, w):
    client.force_login(w["central"])
    url = reverse("plans:assignment_new", args=[w["indicator"].pk])
    r = client.post(
        url, {"province": "", "agency": str(w["imm"].pk), "fiscal_year": "2570", "target": "4"}
    )
    assert r.status_code == 302
    assert Assignment.objects.filter(agency=w["imm"], province__isnull=True, fiscal_year=2570)
    r = client.post(url, {"province": "", "agency": "", "fiscal_year": "2570", "target": "4"})
    assert r.status_code == 200
    assert "เลือกจังหวัด หรือเว้นว่างไว้แล้วเลือกหน่วยงานระดับชาติ" in r.content.decode()


def test_the_nations_rollup_pdf_and_xlsx_list_the_national_agencies(client, w):
    import io
    import shutil
    import subprocess

    from openpyxl import load_workbook

    _assign(w, w["dsi"], target="6")
    client.force_login(w["central"])
    xlsx = client.get(reverse("plans:nation_export", args=["xlsx"]) + "?q=2569-1")
    assert xlsx.status_code == 200
    sheets = {ws.title: ws for ws in load_workbook(io.BytesIO(xlsx.content)).worksheets}
    rows = list(sheets["หน่วยงานระดับชาติ"].iter_rows(values_only=True))
    assert rows[1][:2] == ("กรมสอบสวนคดีพิเศษ", "5.1.1") and rows[1][4] == 6
    pdf = client.get(reverse("plans:nation_export", args=["pdf"]) + "?q=2569-1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
        ).stdout.decode()
        assert "หน่วยงานระดับชาติ" in text and "กรมสอบสวนคดีพิเศษ" in text
    # A region's report is about its provinces only.
    client.force_login(w["region_ne"])
    region = client.get(reverse("plans:region_export", args=["northeast", "xlsx"]) + "?q=2569-1")
    titles = [ws.title for ws in load_workbook(io.BytesIO(region.content)).worksheets]
    assert "หน่วยงานระดับชาติ" not in titles
