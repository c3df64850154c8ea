"""One writer for every list taken away: XLSX with date cells in a Buddhist-Era display format,
CSV that Excel opens in Thai (UTF-8 with a BOM) with dates as B.E. dd/mm/yyyy text in
Thailand's time; in both, a text that would run as a formula stays text."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from saphan.core.spreadsheets import (
    BE_DATE_FORMAT,
    BE_DATETIME_FORMAT,
    Table,
    export_format,
    table_file,
)

UTC = dt.UTC
TABLE = Table(
    name="things",
    header=["ชื่อ", "วันที่", "เวลา", "จำนวน", "หมายเหตุ"],
    rows=[
        ["สมศรี ใจดี", dt.date(2025, 6, 15), dt.datetime(2025, 6, 15, 20, 30, tzinfo=UTC), 3,
         "=1+1"],
        ["-ลบ", None, None, None, "@SUM(A1)"],
    ],
)  # fmt: skip


def test_xlsx_dates_are_date_cells_shown_in_the_buddhist_era():
    name, data = table_file(TABLE, "xlsx")
    assert name == "things.xlsx"
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == TABLE.header and sheet[1][0].font.bold
    day, at = sheet["B2"], sheet["C2"]
    assert day.is_date and day.number_format == BE_DATE_FORMAT
    assert day.value == dt.datetime(2025, 6, 15)
    # 20:30 UTC is 03:30 the next morning in Bangkok: written as Thailand's wall clock
    assert at.is_date and at.number_format == BE_DATETIME_FORMAT
    assert at.value == dt.datetime(2025, 6, 16, 3, 30)
    assert sheet["D2"].value == 3 and sheet["D2"].data_type == "n"
    assert sheet["E2"].data_type == "s" and sheet["E2"].value == "'=1+1"
    assert sheet["A3"].value == "'-ลบ" and sheet["E3"].value == "'@SUM(A1)"


def test_csv_is_utf8_with_a_bom_and_be_dates_as_text():
    name, data = table_file(TABLE, "csv")
    assert name == "things.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == TABLE.header
    assert rows[1] == ["สมศรี ใจดี", "15/06/2568", "16/06/2568 03:30", "3", "'=1+1"]
    assert rows[2] == ["'-ลบ", "", "", "", "'@SUM(A1)"]


def test_the_format_asked_for_or_xlsx():
    assert export_format("csv") == "csv" and export_format(" CSV ") == "csv"
    assert export_format("xlsx") == "xlsx"
    assert export_format(None) == export_format("pdf") == export_format("") == "xlsx"
