"""What every spreadsheet import answers: how many rows it read and wrote, and each row's errors
in the user's language (a file with errors writes nothing)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass
class RowError:
    row: int  # the sheet's row number; 0 for the file as a whole
    column: str  # the sheet's column letter ("A"), "" for the row as a whole
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    imported: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list = field(default_factory=list)  # what the import did with each row, if it says

    @property
    def ok(self) -> bool:
        return not self.errors


def cell_text(value) -> str:
    """A cell as text: "" for an empty cell, a whole number without ".0", no outer spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_sheet(
    file: Any, *, result: ImportResult, columns: int, max_rows: int, nothing: str
) -> list[tuple[int, list]] | None:
    """The rows below the header of the first sheet of the XLSX ``file``: (row number, the first
    ``columns`` cell values, padded with None), empty rows left out; ``result.rows`` is how many.
    None, with the error for the file as a whole in ``result``, when the file cannot be read, has
    no rows (``nothing`` says what it should have held) or more than ``max_rows`` (the reading
    stops at the first row past them)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(file.read()), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same clear answer
        result.errors.append(
            RowError(0, "", _("The file cannot be read as an Excel workbook (.xlsx)."))
        )
        return None
    raw = []
    for number, values in enumerate(
        workbook.worksheets[0].iter_rows(min_row=2, values_only=True), start=2
    ):
        cells = list(values[:columns]) + [None] * (columns - len(values[:columns]))
        if any(cell_text(v) for v in cells):
            raw.append((number, cells))
        if len(raw) > max_rows:
            break
    workbook.close()
    result.rows = len(raw)
    if not raw:
        result.errors.append(RowError(0, "", nothing))
        return None
    if len(raw) > max_rows:
        result.errors.append(
            RowError(0, "", _("A file may hold at most %(n)d rows; split it into smaller files.")
                     % {"n": max_rows})
        )  # fmt: skip
        return None
    return raw


def errors_sorted(result: ImportResult) -> bool:
    """Whether the file has errors (then it writes nothing); they are put in the sheet's order
    (by row, then column) for the page that lists them."""
    result.errors.sort(key=lambda e: (e.row, e.column))
    return bool(result.errors)
