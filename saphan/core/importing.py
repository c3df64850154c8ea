"""What every spreadsheet import answers: how many rows it read and wrote, and each row's errors
in the user's language (a file with errors writes nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field


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
