"""A table (header + rows) as CSV or XLSX, the way the downloads and reports write them."""

from __future__ import annotations

import io

from openpyxl import Workbook

from saphan.core import spreadsheets


def to_csv(header: list, rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = spreadsheets.SafeCsvWriter(buffer)
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    # A byte-order mark so that Excel opens Thai text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(sheets: list[tuple[str, list, list[list], list[str]]]) -> bytes:
    """sheets: (title, header, rows, notes). Notes go under the table (source, suppression)."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows, notes in sheets:
        sheet = book.create_sheet(title=_sheet_title(title))
        spreadsheets.append_header(sheet, header)
        for row in rows:
            spreadsheets.append(sheet, ["" if v is None else v for v in row])
        if notes:
            sheet.append([])
            for note in notes:
                spreadsheets.append(sheet, [str(note)])
        sheet.column_dimensions["A"].width = 40
    return spreadsheets.workbook_bytes(book)


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet"
