"""Every CSV and XLSX the system writes goes through here, so that no cell can run as a formula
when a person opens the file in Excel or LibreOffice (CSV/formula injection, OWASP): a text
value that starts with = + - @, a tab or a carriage return gets a leading apostrophe. Numbers,
dates and empty cells are left as they are; so is text that starts otherwise."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any

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
