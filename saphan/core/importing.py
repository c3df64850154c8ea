"""What every spreadsheet import answers: how many rows it read and wrote, and each row's errors
in the user's language (a file with errors writes nothing); and the imports the background
worker runs while the page shows their progress."""

from __future__ import annotations

import io
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser as User  # core sits below orgs

    from .models import ImportRun

logger = logging.getLogger("saphan.importing")


@dataclass
class RowError:
    row: int  # the sheet's row number; 0 for the file as a whole
    column: str  # the sheet's column letter ("A"), "" for the row as a whole
    message: str


@dataclass
class RowNote:
    """What an import did with one row it wrote (an account made, one left unchanged)."""

    row: int
    username: str
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


# --- imports run by the background worker, with their progress -----------------------------------
# A page sends the file and is answered at once; the worker checks and writes the rows and keeps
# its progress on the run's row (ImportRun), which the page asks for every second (htmx).


class Progress:
    """What an importer reports as it goes: ``checked(n, total)`` while it checks the rows,
    ``written(n, total)`` while it writes them. The counts go to the run's row on a database
    connection of their own, committed at once: the page sees them while the import's own
    transaction (all rows or none) is still open. At most a few writes a second."""

    EVERY_SECONDS = 0.3

    def __init__(self, run_id: uuid.UUID | str | None = None):
        self.run_id = str(run_id) if run_id else None
        self._connection = None
        self._last = 0.0

    def checked(self, done: int, total: int) -> None:
        self._report("checking", done, total)

    def written(self, done: int, total: int) -> None:
        self._report("writing", done, total)

    def _report(self, status: str, done: int, total: int) -> None:
        now = time.monotonic()
        if self.run_id is None or (done < total and now - self._last < self.EVERY_SECONDS):
            return
        self._last = now
        from django.db import DEFAULT_DB_ALIAS, connections

        from .models import ImportRun

        if self._connection is None:
            self._connection = connections.create_connection(DEFAULT_DB_ALIAS)
        with self._connection.cursor() as cur:
            cur.execute(
                f"UPDATE {ImportRun._meta.db_table} SET status = %s, rows_done = %s, "
                "rows_total = %s WHERE id = %s AND status IN ('checking', 'writing')",
                [status, done, total, self.run_id],
            )

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


NO_PROGRESS = Progress()


def import_run_start(
    *,
    actor: User,
    kind: str,
    file_name: str,
    data: bytes,
    key: uuid.UUID,
    options: dict[str, Any] | None = None,
) -> tuple[ImportRun, bool]:
    """The run of the file ``actor`` sent with the form's one-time ``key``: a new run waiting for
    the worker (True), or the run this key already started (False: the form was sent twice).
    ``options`` (what the form said besides the file, JSON) go to the importer as keyword
    arguments. The caller checks the permission and queues its task after the commit when True."""
    from django.db import IntegrityError, transaction
    from django.utils import translation

    from .models import ImportRun

    existing = ImportRun.objects.filter(started_by=actor, submission_key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(
                kind=kind, started_by=actor, submission_key=key, file_name=file_name[:255],
                data=data, language=translation.get_language() or "th", options=options or {},
            )  # fmt: skip
    except IntegrityError:  # the other send of this form got there first
        return ImportRun.objects.get(started_by=actor, submission_key=key), False
    return run, True


def import_run_execute(
    run_id: uuid.UUID | str,
    *,
    importer: Callable[..., ImportResult],
    summary: Callable[[ImportResult], str],
) -> ImportRun | None:
    """Run an import in the worker: ``importer(actor=, data=, progress=, **run.options)`` checks
    and writes the rows (all or none) and ``summary(result)`` says what it did. A run is taken once: a job
    delivered again finds it started and does nothing (None). The file is emptied at the end."""
    import pghistory
    from django.utils import timezone, translation

    from .models import ImportRun

    taken = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.CHECKING
    )
    if not taken:
        return None
    run = ImportRun.objects.select_related("started_by").get(pk=run_id)
    progress = Progress(run.pk)
    try:
        # The history of what the import writes names who sent the file, as a page's would.
        with (
            translation.override(run.language),
            pghistory.context(user=str(run.started_by_id), import_run=str(run.pk)),
        ):
            result = importer(
                actor=run.started_by, data=bytes(run.data), progress=progress, **run.options
            )
            fields = {
                "status": ImportRun.Status.DONE if result.ok else ImportRun.Status.REFUSED,
                "rows_total": result.rows, "rows_done": result.rows,  # every row was checked
                "result": {
                    "rows": result.rows, "imported": result.imported, "created": result.created,
                    "updated": result.updated, "unchanged": result.unchanged,
                    "summary": summary(result) if result.ok else "",
                    "errors": [[e.row, e.column, str(e.message)] for e in result.errors],
                    "notes": [[n.row, n.username, str(n.message)] for n in result.notes],
                },
            }  # fmt: skip
    except Exception:
        logger.exception("import %s failed", run_id)
        fields = {"status": ImportRun.Status.FAILED}
    finally:
        progress.close()
    ImportRun.objects.filter(pk=run.pk).update(data=b"", finished_at=timezone.now(), **fields)
    return ImportRun.objects.get(pk=run.pk)


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
