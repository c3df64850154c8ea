"""Every CSV and XLSX the system writes goes through here, so that no cell can run as a formula
when a person opens the file in Excel or LibreOffice (CSV/formula injection, OWASP): a text
value that starts with = + - @, a tab or a carriage return gets a leading apostrophe. Numbers,
dates and empty cells are left as they are; so is text that starts otherwise.

A list taken away (``Table``) is written here too, as XLSX with B.E. date cells or as CSV that
Excel opens in Thai (``table_file``); the audit app seals it when it holds personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from .thai import to_be_year

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value to write in a cell: text that a spreadsheet would read as a formula is kept as
    text by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    return [neutralise(v) for v in row]


class SafeCsvWriter:
    """csv.writer / csv.DictWriter with every cell neutralised (fieldnames=... for dict rows)."""

    def __init__(self, f, *, fieldnames: list[str] | None = None, **kwargs):
        self.fieldnames = fieldnames
        if fieldnames is None:
            self._writer = csv.writer(f, **kwargs)
        else:
            self._writer = csv.DictWriter(f, fieldnames=fieldnames, **kwargs)

    def writeheader(self) -> None:
        self._writer.writeheader()

    def writerow(self, row) -> None:
        if isinstance(row, Mapping):
            self._writer.writerow({k: neutralise(v) for k, v in row.items()})
        else:
            self._writer.writerow(neutralise_row(row))

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def append(sheet, row: Iterable[Any]) -> None:
    """``sheet.append(row)`` for an openpyxl worksheet, neutralised (openpyxl would otherwise
    store a text beginning with '=' as a formula)."""
    sheet.append(neutralise_row(row))


def append_header(sheet, header: Iterable[Any]) -> None:
    """The first row of a new sheet: the column names, in bold."""
    from openpyxl.styles import Font

    append(sheet, [str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def workbook_bytes(book) -> bytes:
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def import_template(
    *,
    title: str,
    header: list[str],
    example: list[Any],
    widths: dict[str, int],
    lists: Iterable[tuple[str, list[str], Iterable[list[Any]]]] = (),
    code_width: int = 28,
) -> bytes:
    """An import file to fill in: the sheet ``title`` with its ``header`` and one ``example`` row
    to overwrite (columns as ``widths`` says), then a sheet for each list of codes the import
    accepts (name, header, rows: code, Thai, English)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    append_header(sheet, header)
    append(sheet, example)
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    for name, list_header, rows in lists:
        codes = book.create_sheet(name)
        append(codes, list_header)
        for row in rows:
            append(codes, row)
        for column, width in zip("ABC", (code_width, 60, 60), strict=True):
            codes.column_dimensions[column].width = width
    return workbook_bytes(book)


# --- a list taken away: one table as XLSX or CSV -----------------------------------------------
# Dates in XLSX are date cells (sortable, computable), shown in the Buddhist Era with Thai month
# names: Excel's locale prefix [$-107041E] is the Thai locale (041E) with the Thai Buddhist
# calendar (07), as Excel writes it when a Thai user picks a B.E. date format.
BE_DATE_FORMAT = "[$-107041E]d mmm yyyy;@"
BE_DATETIME_FORMAT = "[$-107041E]d mmm yyyy hh:mm;@"

XLSX = "xlsx"
CSV = "csv"
FORMATS = (XLSX, CSV)
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}


def export_format(value: str | None) -> str:
    """The format asked for (``xlsx`` or ``csv``); anything else is XLSX."""
    value = (value or "").strip().lower()
    return value if value in FORMATS else XLSX


@dataclass(frozen=True)
class Table:
    """A list as it leaves the system: ``name`` is the file's stem inside the download (ASCII),
    ``header`` the translated column names, ``rows`` the values (dates as dates, not text)."""

    name: str
    header: list[str]
    rows: list[list[Any]]


def _local(value: Any) -> Any:
    """A spreadsheet has no time zones: an aware time is written as Thailand's wall clock."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx_bytes(*, title: str, header: list[str], rows: list[list[Any]]) -> bytes:
    """One sheet: a bold header and the rows, formulas neutralised, dates as B.E. date cells."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    append_header(ws, header)
    for row in rows:
        append(ws, [_local(v) for v in row])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = BE_DATETIME_FORMAT
            elif isinstance(cell.value, dt.date):
                cell.number_format = BE_DATE_FORMAT
    return workbook_bytes(wb)


def be_text(value: dt.date) -> str:
    """A date as CSV text a Thai reader types and reads: ``15/06/2568`` (B.E.); a time of day
    as Thailand's wall clock, ``15/06/2568 13:05``."""
    value = _local(value)
    text = f"{value.day:02d}/{value.month:02d}/{to_be_year(value.year)}"
    if isinstance(value, dt.datetime):
        text += f" {value:%H:%M}"
    return text


def csv_bytes(*, header: list[str], rows: list[list[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so that Excel opens Thai text), formulas neutralised,
    dates as B.E. dd/mm/yyyy text, empty values as empty cells."""
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow(
            ["" if v is None else be_text(v) if isinstance(v, dt.date) else v for v in row]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_file(table: Table, fmt: str) -> tuple[str, bytes]:
    """``(file name, bytes)`` of ``table`` in ``fmt`` (``xlsx`` or ``csv``)."""
    fmt = export_format(fmt)
    if fmt == CSV:
        return f"{table.name}.csv", csv_bytes(header=table.header, rows=table.rows)
    return f"{table.name}.xlsx", xlsx_bytes(title=table.name, header=table.header, rows=table.rows)
