"""Import of training records from an XLSX file: every row checked, errors listed by row, and
nothing imported from a file that has any error (a half-imported file is worse than none: no
one knows which rows to send again)."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.core import spreadsheets
from saphan.core.effects import after_commit
from saphan.core.importing import (
    NO_PROGRESS,
    ImportResult,
    Progress,
    RowError,
    cell_text,
    errors_sorted,
    import_run_start,
    read_sheet,
)
from saphan.core.thai import parse_date_input
from saphan.orgs.access import require
from saphan.orgs.models import User

from .models import Completion, CompletionSource, Course

if TYPE_CHECKING:
    from saphan.core.models import ImportRun

MAX_ROWS = 5000
IMPORT_KIND = "capacity.completions"  # ImportRun.kind
HEADERS = [
    ("username", "ชื่อผู้ใช้ (username) หรืออีเมล"),
    ("course", "รหัสหลักสูตร หรือชื่อหลักสูตร"),
    ("completed_on", "วันที่สำเร็จการอบรม (วว/ดด/ปปปป พ.ศ.)"),
    ("certificate_number", "เลขที่ใบประกาศนียบัตร"),
]


def _date(value) -> dt.date:
    """A date cell (Excel keeps C.E. dates), or a date typed as text: B.E. by default, as a
    Thai file writes it (15/06/2565, 15 มิ.ย. 2565), or ISO 2022-06-15."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        raise ValidationError(_("The completion date is missing."))
    if isinstance(value, int | float):
        raise ValidationError(_("“%(value)s” is not a date.") % {"value": text})
    return parse_date_input(text, lang="th")


def _message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _course_index() -> dict[str, Course]:
    index = {}
    for course in Course.objects.all():
        for key in (course.code, course.name_th, course.name_en):
            if key:
                index[key.strip().casefold()] = course
    return index


def completions_import(
    *, actor, file=None, data: bytes | None = None, progress: Progress = NO_PROGRESS
) -> ImportResult:
    """Check every row of ``file`` (or the bytes ``data``); import all rows only when none has
    an error. ``progress`` hears of the rows checked and written (the background run's page)."""
    require(actor, "capacity.import_completions")
    result = ImportResult()
    raw = read_sheet(
        io.BytesIO(data) if data is not None else file,
        result=result,
        columns=4,
        max_rows=MAX_ROWS,
        nothing=_("The file has no training records below the header row."),
    )
    if raw is None:
        return result

    names = {cell_text(c[0]).casefold() for _n, c in raw if cell_text(c[0])}
    users = {}
    for u in User.objects.filter(Q(username__in=names) | Q(email__in=names)).select_related(
        "province"
    ):
        users[u.username.casefold()] = u
        if u.email:
            users.setdefault(u.email.casefold(), u)
    # usernames are stored as typed; a case-insensitive match for the rest
    for name in names - set(users):
        u = User.objects.filter(username__iexact=name).first()
        if u is not None:
            users[name] = u
    courses = _course_index()
    today = timezone.localdate()
    seen: set[tuple] = set()
    to_create = []
    for checked, (number, (name, course_text, date_value, cert)) in enumerate(raw, start=1):
        progress.checked(checked, len(raw))
        errors_before = len(result.errors)
        user = users.get(cell_text(name).casefold())
        if not cell_text(name):
            result.errors.append(RowError(number, "A", _("The username is missing.")))
        elif user is None:
            result.errors.append(
                RowError(
                    number, "A", _("There is no account “%(name)s”.") % {"name": cell_text(name)}
                )
            )
        elif not user.is_active:
            result.errors.append(
                RowError(number, "A", _("The account “%(name)s” is not active.") % {"name": cell_text(name)})
            )  # fmt: skip
        elif not actor.has_perm("capacity.record_completion", user):
            result.errors.append(
                RowError(number, "A", _("“%(name)s” is not staff of your province: you may import "
                                        "records of your own province's staff only.") % {"name": cell_text(name)})
            )  # fmt: skip
        course = courses.get(cell_text(course_text).casefold())
        if not cell_text(course_text):
            result.errors.append(RowError(number, "B", _("The course is missing.")))
        elif course is None:
            result.errors.append(
                RowError(number, "B", _("There is no course “%(course)s” in the catalogue.")
                         % {"course": cell_text(course_text)})
            )  # fmt: skip
        completed_on = None
        try:
            completed_on = _date(date_value)
        except ValidationError as e:
            result.errors.append(RowError(number, "C", _message(e)))
        if completed_on is not None and completed_on > today:
            result.errors.append(RowError(number, "C", _("The completion date is in the future.")))
            completed_on = None
        certificate = cell_text(cert)
        if len(certificate) > 80:
            result.errors.append(
                RowError(number, "D", _("The certificate number is longer than 80 characters."))
            )
        if len(result.errors) > errors_before or user is None or course is None:
            continue
        key = (user.pk, course.pk, completed_on)
        if key in seen:
            result.errors.append(
                RowError(number, "", _("This row repeats an earlier row of the file."))
            )
            continue
        seen.add(key)
        to_create.append((number, Completion(
                user=user, course=course, completed_on=completed_on, certificate_number=certificate,
                source=CompletionSource.IMPORTED, recorded_by=actor,
            )))  # fmt: skip
    if to_create:
        existing = set(
            Completion.objects.filter(
                user__in={c.user_id for _n, c in to_create},
                course__in={c.course_id for _n, c in to_create},
            ).values_list("user_id", "course_id", "completed_on")
        )
        for number, c in to_create:
            if (c.user_id, c.course_id, c.completed_on) in existing:
                result.errors.append(
                    RowError(number, "", _("This completion is already recorded for this staff member."))
                )  # fmt: skip
    if errors_sorted(result):
        return result
    progress.written(0, len(to_create))
    with transaction.atomic():
        Completion.objects.bulk_create([c for _n, c in to_create])
    progress.written(len(to_create), len(to_create))
    result.imported = len(to_create)
    return result


def imported_summary(result: ImportResult) -> str:
    return _("%(n)d training records were imported.") % {"n": result.imported}


@transaction.atomic
def completions_import_start(
    *, actor: User, file_name: str, data: bytes, key: uuid.UUID
) -> ImportRun:
    """Keep the file and let the background worker check and import it (the page follows its
    progress). The same form sent twice (same ``key``) is one import."""
    require(actor, "capacity.import_completions")
    run, new = import_run_start(
        actor=actor, kind=IMPORT_KIND, file_name=file_name, data=data, key=key
    )
    if new:
        from .tasks import completions_import_run

        after_commit(completions_import_run.defer, run_id=str(run.pk))
    return run


def template_bytes() -> bytes:
    """An empty import file with the headers and one example row to overwrite."""
    courses = Course.objects.filter(is_active=True).order_by("code")
    return spreadsheets.import_template(
        title="training",
        header=[label for _key, label in HEADERS],
        example=["cw.khonkaen", "screening", "15/06/2568", "พม-2568-0001"],
        widths=dict(zip("ABCD", (34, 34, 36, 26), strict=True)),
        lists=[
            (
                "courses",
                ["รหัสหลักสูตร (code)", "ชื่อหลักสูตร", "Course"],
                ([c.code, c.name_th, c.name_en] for c in courses),
            )
        ],
        code_width=20,
    )
