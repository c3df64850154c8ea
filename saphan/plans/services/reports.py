"""Writes of the plan cascade: the province's quarterly report from its first draft to the
regional office's review. Keyword-only, atomic, permission-checked (rules.py).

The flow: a case worker or supervisor of the province starts the report (one entry per
assignment of the province for the fiscal year), fills the reported values, narratives and
statuses, and submits it; computed values are filled from the insight app at every save and
at submission, then frozen. A supervisor of the province approves (or returns it with a
reason); the regional officer of the province's region reviews it (or returns it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ConflictError
from saphan.core.forms import check_text_length
from saphan.core.uploads import file_sha256
from saphan.geo.models import Province
from saphan.orgs import access
from saphan.orgs.roles import Role

from .. import computed
from ..models import (
    Assignment,
    Evidence,
    ProgressEntry,
    ProgressReport,
    ProgressStatus,
    ReportingPeriod,
    ReportState,
    Unit,
)
from ..periods import Quarter

if TYPE_CHECKING:
    from collections.abc import Iterable
    from uuid import UUID

    from saphan.orgs.models import User

    from ..models import Indicator

MAX_VALUE = Decimal("999999999999")


# --- periods ---------------------------------------------------------------------------------
def period_for(quarter: Quarter) -> ReportingPeriod:
    """The reporting period of ``quarter``, made the first time it is needed."""
    period, _created = ReportingPeriod.objects.get_or_create(
        fiscal_year=quarter.fiscal_year,
        quarter=quarter.quarter,
        defaults={"starts_on": quarter.start, "ends_on": quarter.end, "due_on": quarter.due},
    )
    return period


# --- status rules -------------------------------------------------------------------------
def expected_share(indicator: Indicator, quarter: int) -> Decimal:
    """How much of the year's target should be reached by the end of ``quarter``."""
    return Decimal(quarter) / 4 if indicator.is_additive else Decimal(1)


def suggest_status(
    *, indicator: Indicator, target: Decimal | None, value: Decimal | None, quarter: int
) -> str:
    """On track at 90 % of what is expected by now, at risk from 60 %, off track below."""
    if value is None or target is None:
        return ""
    if indicator.direction == "lower":
        if value <= target:
            return ProgressStatus.ON_TRACK
        ratio = target / value if value else Decimal(1)
    else:
        expected = target * expected_share(indicator, quarter)
        if expected <= 0:
            return ProgressStatus.ON_TRACK
        ratio = value / expected
    if ratio >= Decimal("0.9"):
        return ProgressStatus.ON_TRACK
    if ratio >= Decimal("0.6"):
        return ProgressStatus.AT_RISK
    return ProgressStatus.OFF_TRACK


def overall_status(statuses: list[str]) -> str:
    """A report is off track when a fifth of its indicators are; at risk when a fifth are at
    risk or worse; otherwise on track."""
    given = [s for s in statuses if s]
    if not given:
        return ""
    off = sum(s == ProgressStatus.OFF_TRACK for s in given)
    risk = sum(s == ProgressStatus.AT_RISK for s in given)
    if off * 5 >= len(given):
        return ProgressStatus.OFF_TRACK
    if (off + risk) * 5 >= len(given):
        return ProgressStatus.AT_RISK
    return ProgressStatus.ON_TRACK


# --- alerts ---------------------------------------------------------------------------------
def _people(*, role: str, **where: object) -> list:
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_active=True, roles__contains=[role], **where))


def _notify(
    report: ProgressReport, users: Iterable[User], *, actor: User, level: str = "info"
) -> None:
    """After the commit: an in-app alert for each user, in their language, once per step."""
    from saphan.core.services import alerts_after_commit

    state, version = report.state, report.version
    alerts_after_commit(
        users={u.pk: u for u in users if u is not None and u.pk != actor.pk}.values(),
        key=f"plan_report:{report.pk}:{version}",
        kind=f"plan_report_{state}",
        level=level,
        message=lambda: (
            _("Plan progress report of %(province)s, %(period)s: %(state)s")
            % {
                "province": report.province.name,
                "period": report.period.label,
                "state": ReportState(state).label,
            }
        ),
    )


# --- the report ---------------------------------------------------------------------------
def _locked(
    actor: User, report: ProgressReport, perm: str, expected_version: int | None
) -> ProgressReport:
    """The report, locked for the caller's transaction, once the actor may ``perm`` on it and
    nobody saved it since ``expected_version`` was read."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    access.require(actor, perm, report)
    if expected_version is not None and expected_version != report.version:
        raise ConflictError()
    return report


def _bump(report: ProgressReport, **fields: object) -> None:
    for name, value in fields.items():
        setattr(report, name, value)
    report.version += 1
    report.save(update_fields=[*fields, "version", "updated_at"])


def _moved(
    report: ProgressReport,
    *,
    actor: User,
    told: Iterable[User],
    level: str = "info",
    **fields: object,
) -> ProgressReport:
    """The report's step: ``fields`` written with the version bumped, and ``told`` alerted
    after the commit."""
    _bump(report, **fields)
    _notify(report, told, actor=actor, level=level)
    return report


def refresh_computed(report: ProgressReport) -> int:
    """Fill every computed entry of ``report`` from the insight app; returns how many changed."""
    period = report.period
    now = timezone.now()
    changed = []
    entries = report.entries.select_related("assignment__indicator").filter(
        assignment__indicator__kind="computed"
    )
    for entry in entries:
        value = computed.compute(
            entry.assignment.indicator.insight_key,
            start=period.starts_on,
            end=period.ends_on,
            province_code=report.province_id,
        )
        entry.value = value
        entry.computed_at = now
        changed.append(entry)
    ProgressEntry.objects.bulk_update(changed, ["value", "computed_at"])
    return len(changed)


@transaction.atomic
def report_start(
    *, actor: User, province: Province, quarter: Quarter, today: dt.date | None = None
) -> ProgressReport:
    """The province's report for ``quarter``: the existing one, or a new draft with one entry
    per assignment of the province for the quarter's fiscal year."""
    access.require(actor, "plans.start_report", province)
    today = today or timezone.localdate()
    if quarter.start > today:
        raise ValidationError(_("This quarter has not started yet."))
    from ..selectors import plan_for  # the selectors read through these services' status rules

    plan = plan_for(quarter.fiscal_year)
    if plan is None:
        raise ValidationError(_("No national plan is in force for this fiscal year."))
    period = period_for(quarter)
    report, created = ProgressReport.objects.select_for_update().get_or_create(
        plan=plan, province=province, period=period, defaults={"drafted_by": actor}
    )
    if not created:
        return report
    assignments = Assignment.objects.filter(
        province=province, fiscal_year=quarter.fiscal_year, indicator__measure__strategy__plan=plan
    )
    ProgressEntry.objects.bulk_create(
        [ProgressEntry(report=report, assignment=a) for a in assignments]
    )
    refresh_computed(report)
    return report


@dataclass(frozen=True)
class EntryInput:
    value: str | Decimal | None = None
    status: str = ""
    narrative: str = ""


def _parse_value(text: Decimal | int | float | str | None, indicator: Indicator) -> Decimal | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        value = Decimal(str(text).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationError(_("Write a number, e.g. 12 or 12.5.")) from None
    if not value.is_finite() or value < 0:
        raise ValidationError(_("The value cannot be negative."))
    if indicator.unit == Unit.PERCENT and value > 100:
        raise ValidationError(_("A percentage cannot be more than 100."))
    if value > MAX_VALUE:
        raise ValidationError(_("The value is too large."))
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def report_save(
    *,
    actor: User,
    report: ProgressReport,
    entries: dict[str, EntryInput],
    summary: str = "",
    status: str = "",
    expected_version: int | None = None,
) -> ProgressReport:
    """Save the province's draft. ``entries`` maps an entry's id (str) to an EntryInput.

    A value given for a computed indicator is refused: it comes from the case data only.
    Every problem is reported at once, keyed by entry id; nothing is saved when there is one.
    """
    report = _locked(actor, report, "plans.edit_report", expected_version)
    if status and status not in ProgressStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    check_text_length(summary, field="summary")
    by_id = {str(e.pk): e for e in report.entries.select_related("assignment__indicator")}
    errors: dict[str, list] = {}
    to_update = []
    for key, given in entries.items():
        entry = by_id.get(str(key))
        if entry is None:
            continue
        indicator = entry.assignment.indicator
        if given.status and given.status not in ProgressStatus.values:
            errors.setdefault(str(key), []).append(_("Choose a status from the list."))
            continue
        if indicator.is_computed:
            if given.value not in (None, ""):
                errors.setdefault(str(key), []).append(
                    _("This indicator is computed from the case records; it cannot be typed.")
                )
                continue
        else:
            try:
                entry.value = _parse_value(given.value, indicator)
            except ValidationError as exc:
                errors.setdefault(str(key), []).extend(exc.messages)
                continue
        try:
            check_text_length(given.narrative, field="narrative")
        except ValidationError as exc:
            errors.setdefault(str(key), []).extend(exc.messages)
            continue
        entry.status = given.status
        entry.narrative = (given.narrative or "").strip()
        to_update.append(entry)
    if errors:
        raise ValidationError(errors)
    ProgressEntry.objects.bulk_update(to_update, ["value", "status", "narrative"])
    refresh_computed(report)
    _bump(report, summary=(summary or "").strip(), status=status)
    return report


def _missing_for_submit(report: ProgressReport) -> list[str]:
    problems = []
    for entry in report.entries.select_related("assignment__indicator"):
        indicator = entry.assignment.indicator
        if not indicator.is_computed and entry.value is None:
            problems.append(
                _("%(code)s %(title)s: the value is missing.")
                % {"code": indicator.code, "title": indicator.title}
            )
        if not entry.status:
            problems.append(
                _("%(code)s %(title)s: choose a status.")
                % {"code": indicator.code, "title": indicator.title}
            )
    return problems


@transaction.atomic
def report_submit(
    *, actor: User, report: ProgressReport, expected_version: int | None = None
) -> ProgressReport:
    """Send the report to the province's supervisor. Every reported value and every status
    must be there; computed values are filled once more and then kept as sent."""
    report = _locked(actor, report, "plans.submit_report", expected_version)
    refresh_computed(report)
    problems = _missing_for_submit(report)
    statuses = list(report.entries.values_list("status", flat=True))
    status = report.status or overall_status(statuses)
    if not status:
        problems.append(_("Choose the overall status of the report."))
    if problems:
        raise ValidationError(problems)
    return _moved(
        report,
        actor=actor,
        told=_people(role=Role.PROVINCIAL_SUPERVISOR, province_id=report.province_id),
        state=ReportState.SUBMITTED,
        status=status,
        submitted_by=actor,
        submitted_at=timezone.now(),
        returned_reason="",
    )


@transaction.atomic
def report_approve(
    *, actor: User, report: ProgressReport, expected_version: int | None = None
) -> ProgressReport:
    """The province's supervisor approves the submitted report; it goes to the regional office."""
    report = _locked(actor, report, "plans.approve_report", expected_version)
    regional = _people(role=Role.REGIONAL_OFFICER, region_id=report.province.region_id)
    return _moved(
        report,
        actor=actor,
        told=[*regional, report.submitted_by],
        state=ReportState.APPROVED,
        approved_by=actor,
        approved_at=timezone.now(),
    )


@transaction.atomic
def report_return(
    *, actor: User, report: ProgressReport, reason: str, expected_version: int | None = None
) -> ProgressReport:
    """Back to the province for correction, with the reason (supervisor or regional office)."""
    report = _locked(actor, report, "plans.return_report", expected_version)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what must be corrected.")})
    return _moved(
        report,
        actor=actor,
        # Told before the step clears who approved it.
        told=[report.drafted_by, report.submitted_by, report.approved_by],
        level="warning",
        state=ReportState.RETURNED,
        returned_reason=reason.strip(),
        approved_by=None,
        approved_at=None,
    )


@transaction.atomic
def report_review(
    *, actor: User, report: ProgressReport, note: str = "", expected_version: int | None = None
) -> ProgressReport:
    """The regional office has read the approved report; it counts in the roll-ups as final."""
    report = _locked(actor, report, "plans.review_report", expected_version)
    return _moved(
        report,
        actor=actor,
        told=[report.submitted_by, report.approved_by],
        state=ReportState.REVIEWED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        review_note=(note or "").strip(),
    )


@transaction.atomic
def evidence_attach(
    *,
    actor: User,
    report: ProgressReport,
    upload: File,
    title: str = "",
    entry_id: UUID | str | None = None,
) -> Evidence:
    """Attach a PDF, PNG or JPEG to a report still in the province's hands (checked by its
    first bytes, its name and its size, as case documents are). The same file twice is kept
    once; a refused file leaves nothing behind."""
    from saphan.cases.services.documents import check_upload

    access.require(actor, "plans.edit_report", report)
    content_type = check_upload(upload)
    entry = None
    if entry_id:
        entry = report.entries.filter(pk=entry_id).first()
        if entry is None:
            raise ValidationError({"entry": _("Choose an indicator of this report.")})
    sha256 = file_sha256(upload)
    existing = report.evidence.filter(sha256=sha256).first()
    if existing is not None:
        return existing
    title = (title.strip() or PurePosixPath(upload.name or "").stem or sha256[:8])[:200]
    evidence = Evidence(
        report=report, entry=entry, title=title, content_type=content_type,
        size=upload.size, sha256=sha256, uploaded_by=actor,
    )  # fmt: skip
    evidence.file.save(PurePosixPath(upload.name).name, upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence
