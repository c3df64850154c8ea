"""Writes for the household survey: upload, column mapping, the import run (as a background
task), the weights, and the risk factors a volunteer's visit sets on a household."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.effects import after_commit
from saphan.orgs import access
from saphan.orgs.access import require

from ..models import HouseholdFactor, HouseholdImport, ImportStatus, RiskWeight, Visit, VisitStatus
from . import pipeline, scoring
from .factors import factors_seen
from .selectors import COVERAGE_CACHE_KEY

if TYPE_CHECKING:
    from collections.abc import Iterable

    from saphan.orgs.models import User

MAX_UPLOAD = 2 * 1024 * 1024 * 1024


def import_dir() -> Path:
    d = Path(settings.MEDIA_ROOT) / "household-imports"
    d.mkdir(parents=True, exist_ok=True)
    return d


@transaction.atomic
def household_upload(*, actor: User, name: str, chunks: Iterable[bytes]) -> HouseholdImport:
    """Keep the file, find its encoding and columns, propose a mapping."""
    require(actor, "network.import_households")
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError({"file": _("Send a .csv or .xlsx file.")})
    path = import_dir() / f"{uuid.uuid4().hex}{suffix}"
    with open(path, "wb") as f:
        for chunk in chunks:
            f.write(chunk)
    try:
        csv_path, encoding = pipeline.prepare(path)
        columns = pipeline.read_columns(csv_path)
    except Exception as e:  # noqa: BLE001 - an unreadable file gets one plain answer
        os.unlink(path)
        raise ValidationError({"file": _("The file cannot be read as a table.")}) from e
    if not columns:
        raise ValidationError({"file": _("The file has no header row.")})
    return HouseholdImport.objects.create(
        uploaded_by=actor, file_name=name[:255], path=csv_path, encoding=encoding,
        columns=columns, mapping=pipeline.guess_mapping(columns),
    )  # fmt: skip


@transaction.atomic
def household_import_start(*, actor: User, imp: HouseholdImport, mapping: dict[str, str]) -> None:
    require(actor, "network.import_households")
    if imp.status not in (ImportStatus.UPLOADED, ImportStatus.FAILED):
        raise ValidationError(_("This import is already running or done."))
    clean = {k: v for k, v in mapping.items() if k in pipeline.FIELDS and v in imp.columns}
    missing = [
        str(pipeline.FIELDS[k][0])
        for k, (_l, req, _a) in pipeline.FIELDS.items()
        if req and k not in clean
    ]
    if missing:
        raise ValidationError(_("Choose a column for: %(fields)s") % {"fields": ", ".join(missing)})
    HouseholdImport.objects.filter(pk=imp.pk).update(
        mapping=clean, status=ImportStatus.QUEUED, progress=0, step="", message="", error_count=0
    )
    from ..tasks import household_import_run

    after_commit(household_import_run.defer, import_id=str(imp.pk))


def household_import_execute(import_id: str) -> HouseholdImport:
    """The import itself (run by the worker; callable directly in tests and the benchmark)."""
    imp = HouseholdImport.objects.get(pk=import_id)
    HouseholdImport.objects.filter(pk=imp.pk).update(status=ImportStatus.RUNNING, progress=1)

    def progress(p: int, step: str) -> None:
        HouseholdImport.objects.filter(pk=imp.pk).update(progress=p, step=step)

    try:
        result = pipeline.run(
            csv_path=imp.path, mapping=imp.mapping, errors_dir=str(import_dir()), progress=progress,
            province_codes=access.aggregate_scope(imp.uploaded_by).province_codes,
        )  # fmt: skip
    except pipeline.ImportRefused as e:
        HouseholdImport.objects.filter(pk=imp.pk).update(status=ImportStatus.FAILED, message=str(e))
        return HouseholdImport.objects.get(pk=imp.pk)
    fields = {"rows_total": result.rows, "error_count": result.errors}
    if result.errors:
        fields |= {
            "status": ImportStatus.FAILED,
            "errors_path": result.errors_path,
            "progress": 100,
        }
    else:
        fields |= {
            "status": ImportStatus.DONE, "households": result.households,
            "created": result.created, "updated": result.updated, "progress": 100,
        }  # fmt: skip
    HouseholdImport.objects.filter(pk=imp.pk).update(**fields)
    if result.updated:
        # A re-import wrote scores from the survey alone: the factors volunteers saw count again.
        pipeline.rescore(
            household_ids=list(
                HouseholdFactor.objects.filter(withdrawn_at__isnull=True)
                .values_list("household_id", flat=True)
                .distinct()
            )
        )
    return HouseholdImport.objects.get(pk=imp.pk)


@transaction.atomic
def risk_weights_set(*, actor: User, values: dict[str, float]) -> int:
    """The central office sets the weights; every score is computed again with them."""
    require(actor, "network.set_risk_weights")
    for key, weight in values.items():
        if key not in scoring.FACTOR_BY_KEY:
            raise ValidationError(_("Unknown factor."))
        if not 0 <= weight <= 100:
            raise ValidationError(_("A weight is a number from 0 to 100."))
        RiskWeight.objects.update_or_create(
            key=key, defaults={"weight": weight, "updated_by": actor}
        )
    return pipeline.rescore()


@transaction.atomic
def visit_factors_apply(*, actor: User, visit: Visit) -> bool:
    """Set on the visit's household the risk factors the volunteer saw (``visit.risk_factors``,
    as just recorded or corrected by ``actor``) and score the household again. A factor the visit
    no longer holds (or holds for another household: a returnee's visit corrected to the right
    household) is withdrawn, not deleted. Called by the visit services inside their transaction;
    True when a household's factors changed."""
    visit = Visit.objects.get(pk=visit.pk)
    if visit.status != VisitStatus.DONE or visit.done_on is None:
        return False
    wanted = set(factors_seen(visit.risk_factors)) if visit.household_id else set()
    now, touched = timezone.now(), set()
    kept: dict[str, HouseholdFactor] = {}
    for row in HouseholdFactor.objects.select_for_update().filter(visit=visit):
        if row.household_id == visit.household_id and row.factor in wanted:
            kept[row.factor] = row
            if row.withdrawn_at is None and row.seen_on == visit.done_on:
                continue
            row.withdrawn_at, row.withdrawn_by = None, None
            row.seen_on, row.recorded_by = visit.done_on, actor
        elif row.withdrawn_at is None:
            row.withdrawn_at, row.withdrawn_by = now, actor
        else:
            continue
        row.save(update_fields=["withdrawn_at", "withdrawn_by", "seen_on", "recorded_by",
                                "updated_at"])  # fmt: skip
        touched.add(row.household_id)
    # One row per (visit, factor): a factor seen again after the visit moved to another
    # household takes over the row (its history keeps where it was).
    moved = {
        row.factor: row
        for row in HouseholdFactor.objects.filter(visit=visit, factor__in=wanted - kept.keys())
    }
    for factor in sorted(wanted - kept.keys()):
        row = moved.get(factor) or HouseholdFactor(visit=visit, factor=factor)
        row.household_id, row.seen_on, row.recorded_by = visit.household_id, visit.done_on, actor
        row.withdrawn_at, row.withdrawn_by = None, None
        row.save()
        touched.add(visit.household_id)
    if touched:
        pipeline.rescore(household_ids=sorted(touched))
        # The province map counts high-risk households: its cached figures may have moved.
        after_commit(cache.delete, COVERAGE_CACHE_KEY)
    return bool(touched)
