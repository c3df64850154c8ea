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
from saphan.orgs.roles import Jurisdiction, Role

from . import computed
from .models import (
    ActionPlan,
    Assignment,
    Evidence,
    Indicator,
    IndicatorTarget,
    Measure,
    ProgressEntry,
    ProgressReport,
    ProgressStatus,
    ReportingPeriod,
    ReportState,
    Strategy,
    Unit,
)
from .periods import Quarter

MAX_VALUE = Decimal("999999999999")


# --- periods and plans ---------------------------------------------------------------------
def period_for(quarter: Quarter) -> ReportingPeriod:
    """The reporting period of ``quarter``, made the first time it is needed."""
    period, _created = ReportingPeriod.objects.get_or_create(
        fiscal_year=quarter.fiscal_year,
        quarter=quarter.quarter,
        defaults={"starts_on": quarter.start, "ends_on": quarter.end, "due_on": quarter.due},
    )
    return period


def plan_for(fiscal_year: int) -> ActionPlan | None:
    """The national plan in force for a B.E. fiscal year."""
    return (
        ActionPlan.objects.filter(
            is_active=True, start_year__lte=fiscal_year, end_year__gte=fiscal_year
        )
        .order_by("-start_year")
        .first()
    )


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
def _people(*, role: str, **where) -> list:
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_active=True, roles__contains=[role], **where))


def _notify(report: ProgressReport, users, *, actor, level: str = "info") -> None:
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
def _check_version(report: ProgressReport, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != report.version:
        raise ConflictError()


def _bump(report: ProgressReport, **fields) -> None:
    for name, value in fields.items():
        setattr(report, name, value)
    report.version += 1
    report.save(update_fields=[*fields, "version", "updated_at"])


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
    *, actor, province: Province, quarter: Quarter, today: dt.date | None = None
) -> ProgressReport:
    """The province's report for ``quarter``: the existing one, or a new draft with one entry
    per assignment of the province for the quarter's fiscal year."""
    access.require(actor, "plans.start_report", province)
    today = today or timezone.localdate()
    if quarter.start > today:
        raise ValidationError(_("This quarter has not started yet."))
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


def _parse_value(text, indicator: Indicator) -> Decimal | None:
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
    actor,
    report: ProgressReport,
    entries: dict,
    summary: str = "",
    status: str = "",
    expected_version: int | None = None,
) -> ProgressReport:
    """Save the province's draft. ``entries`` maps an entry's id (str) to an EntryInput.

    A value given for a computed indicator is refused: it comes from the case data only.
    Every problem is reported at once, keyed by entry id; nothing is saved when there is one.
    """
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    access.require(actor, "plans.edit_report", report)
    _check_version(report, expected_version)
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
    *, actor, report: ProgressReport, expected_version: int | None = None
) -> ProgressReport:
    """Send the report to the province's supervisor. Every reported value and every status
    must be there; computed values are filled once more and then kept as sent."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    access.require(actor, "plans.submit_report", report)
    _check_version(report, expected_version)
    refresh_computed(report)
    problems = _missing_for_submit(report)
    statuses = list(report.entries.values_list("status", flat=True))
    status = report.status or overall_status(statuses)
    if not status:
        problems.append(_("Choose the overall status of the report."))
    if problems:
        raise ValidationError(problems)
    _bump(
        report,
        state=ReportState.SUBMITTED,
        status=status,
        submitted_by=actor,
        submitted_at=timezone.now(),
        returned_reason="",
    )
    _notify(
        report,
        _people(role=Role.PROVINCIAL_SUPERVISOR, province_id=report.province_id),
        actor=actor,
    )
    return report


@transaction.atomic
def report_approve(
    *, actor, report: ProgressReport, expected_version: int | None = None
) -> ProgressReport:
    """The province's supervisor approves the submitted report; it goes to the regional office."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    access.require(actor, "plans.approve_report", report)
    _check_version(report, expected_version)
    _bump(report, state=ReportState.APPROVED, approved_by=actor, approved_at=timezone.now())
    _notify(
        report,
        [
            *_people(role=Role.REGIONAL_OFFICER, region_id=report.province.region_id),
            report.submitted_by,
        ],
        actor=actor,
    )
    return report


@transaction.atomic
def report_return(
    *, actor, report: ProgressReport, reason: str, expected_version: int | None = None
) -> ProgressReport:
    """Back to the province for correction, with the reason (supervisor or regional office)."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    access.require(actor, "plans.return_report", report)
    _check_version(report, expected_version)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what must be corrected.")})
    told = [report.drafted_by, report.submitted_by, report.approved_by]
    _bump(
        report,
        state=ReportState.RETURNED,
        returned_reason=reason.strip(),
        approved_by=None,
        approved_at=None,
    )
    _notify(report, told, actor=actor, level="warning")
    return report


@transaction.atomic
def report_review(
    *, actor, report: ProgressReport, note: str = "", expected_version: int | None = None
) -> ProgressReport:
    """The regional office has read the approved report; it counts in the roll-ups as final."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    access.require(actor, "plans.review_report", report)
    _check_version(report, expected_version)
    _bump(
        report,
        state=ReportState.REVIEWED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        review_note=(note or "").strip(),
    )
    _notify(report, [report.submitted_by, report.approved_by], actor=actor)
    return report


@transaction.atomic
def evidence_attach(
    *, actor, report: ProgressReport, upload: File, title: str = "", entry_id=None
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


# --- the plan itself (central office) ---------------------------------------------------------
@transaction.atomic
def assignment_targets_set(*, actor, province: Province, fiscal_year: int, targets: dict) -> int:
    """Set a province's own targets for a fiscal year. ``targets`` maps an assignment's id to
    the new target (text or number). Central officers only; every bad value is reported at
    once, keyed by assignment id, and nothing is changed then. Returns how many changed."""
    access.require(actor, "plans.manage_plan")
    rows = {
        str(a.pk): a
        for a in Assignment.objects.select_related("indicator").filter(
            province=province, fiscal_year=fiscal_year
        )
    }
    errors: dict[str, list] = {}
    changed = []
    for key, text in targets.items():
        assignment = rows.get(str(key))
        if assignment is None:
            continue
        try:
            value = _parse_value(text, assignment.indicator)
        except ValidationError as exc:
            errors.setdefault(str(key), []).extend(exc.messages)
            continue
        if value is None:
            errors.setdefault(str(key), []).append(_("Write the target."))
            continue
        if value != assignment.target:
            assignment.target = value
            changed.append(assignment)
    if errors:
        raise ValidationError(errors)
    for assignment in changed:
        assignment.save(update_fields=["target", "updated_at"])  # one history row each
    return len(changed)


# --- the plan's structure (central office) ---------------------------------------------------
# Only a central officer edits the plan: the plan, its strategies, measures, indicators with
# their yearly national targets, and the assignments to provinces (rules.py, plans.manage_plan).
# Each function takes the cleaned fields of its form, refuses what would break the plan with a
# message keyed by field, and saves one row at a time so pghistory keeps every change.
def _refuse(field: str | None, message) -> None:
    raise ValidationError({field: [message]} if field else message)


def _apply(obj, fields: dict) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


def _entries_of(**where) -> bool:
    return ProgressEntry.objects.filter(**where).exists()


@transaction.atomic
def plan_save(*, actor, plan: ActionPlan | None = None, fields: dict) -> ActionPlan:
    """Create or change a national plan (titles, years, approved by, in force)."""
    access.require(actor, "plans.manage_plan")
    start, end = fields.get("start_year"), fields.get("end_year")
    if start is not None and end is not None and end < start:
        _refuse("end_year", _("The last fiscal year cannot come before the first."))
    if plan is not None and plan.pk:
        outside = (
            IndicatorTarget.objects.filter(indicator__measure__strategy__plan=plan)
            .exclude(fiscal_year__range=(start, end))
            .exists()
            or Assignment.objects.filter(indicator__measure__strategy__plan=plan)
            .exclude(fiscal_year__range=(start, end))
            .exists()
        )
        if outside:
            _refuse(
                None,
                _(
                    "The plan has targets or assignments for fiscal years outside %(a)s–%(b)s. "
                    "Remove them first, then shorten the plan."
                )
                % {"a": start, "b": end},
            )
    plan = plan or ActionPlan()
    _apply(plan, fields)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def strategy_save(
    *, actor, plan: ActionPlan, strategy: Strategy | None = None, fields: dict
) -> Strategy:
    access.require(actor, "plans.manage_plan")
    others = Strategy.objects.filter(plan=plan).exclude(pk=getattr(strategy, "pk", None))
    if others.filter(kind=fields.get("kind")).exists():
        _refuse("kind", _("This plan already has a strategy of this kind."))
    if others.filter(number=fields.get("number")).exists():
        _refuse("number", _("Another strategy of this plan has this number."))
    strategy = strategy or Strategy(plan=plan)
    _apply(strategy, fields)
    strategy.full_clean()
    strategy.save()
    return strategy


@transaction.atomic
def measure_save(
    *, actor, strategy: Strategy, measure: Measure | None = None, fields: dict
) -> Measure:
    access.require(actor, "plans.manage_plan")
    others = Measure.objects.filter(strategy__plan_id=strategy.plan_id).exclude(
        pk=getattr(measure, "pk", None)
    )
    if others.filter(code=fields.get("code")).exists():
        _refuse("code", _("Another measure of this plan has this code."))
    measure = measure or Measure(strategy=strategy)
    _apply(measure, fields)
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def indicator_save(
    *, actor, measure: Measure, indicator: Indicator | None = None, fields: dict, targets: dict
) -> Indicator:
    """Create or change an indicator and its yearly national targets. ``targets`` maps a B.E.
    fiscal year to its target (None or "" removes it); every year must be one of the plan's."""
    from .models import IndicatorKind

    access.require(actor, "plans.manage_plan")
    plan = measure.strategy.plan
    others = Indicator.objects.filter(measure__strategy__plan=plan).exclude(
        pk=getattr(indicator, "pk", None)
    )
    if others.filter(code=fields.get("code")).exists():
        _refuse("code", _("Another indicator of this plan has this code."))
    if fields.get("kind") == IndicatorKind.COMPUTED:
        if fields.get("insight_key") not in computed_keys():
            _refuse("insight_key", _("Choose which case-data figure this indicator counts."))
    else:
        fields = {**fields, "insight_key": ""}
    parsed: dict[int, Decimal | None] = {}
    for year, value in targets.items():
        year = int(year)
        if not plan.covers(year):
            _refuse(
                None,
                _("Fiscal year %(y)s is outside the plan's years (%(a)s–%(b)s).")
                % {"y": year, "a": plan.start_year, "b": plan.end_year},
            )
        parsed[year] = None if value in (None, "") else Decimal(value)
    indicator = indicator or Indicator(measure=measure)
    _apply(indicator, fields)
    indicator.full_clean()
    indicator.save()
    current = {t.fiscal_year: t for t in indicator.targets.all()}
    for year, value in parsed.items():
        target = current.get(year)
        if value is None:
            if target is not None:
                target.delete()
        elif target is None:
            IndicatorTarget.objects.create(indicator=indicator, fiscal_year=year, target=value)
        elif target.target != value:
            target.target = value
            target.save(update_fields=["target", "updated_at"])
    return indicator


def computed_keys() -> list[str]:
    """The case-data figures a computed indicator may count (saphan.insight.indicators)."""
    return sorted(computed.known_keys())


@transaction.atomic
def assignment_save(
    *, actor, indicator: Indicator, assignment: Assignment | None = None, fields: dict
) -> Assignment:
    """Assign an indicator to a province (and its lead agency) for a fiscal year, with the
    province's own target. One assignment per indicator × province × year."""
    access.require(actor, "plans.manage_plan")
    plan = indicator.measure.strategy.plan
    year = fields.get("fiscal_year")
    if year is not None and not plan.covers(year):
        _refuse(
            "fiscal_year",
            _("Fiscal year %(y)s is outside the plan's years (%(a)s–%(b)s).")
            % {"y": year, "a": plan.start_year, "b": plan.end_year},
        )
    province, agency = fields.get("province"), fields.get("agency")
    same = Assignment.objects.filter(indicator=indicator, fiscal_year=year).exclude(
        pk=getattr(assignment, "pk", None)
    )
    if province is None:
        # A national agency's own assignment: the agency must be a national one.
        if agency is None or agency.level != Jurisdiction.NATION:
            _refuse(
                "province",
                _(
                    "Choose a province, or leave it empty and choose a national agency "
                    "(one that works nationwide, such as the Department of Special Investigation)."
                ),
            )
        if same.filter(province__isnull=True, agency=agency).exists():
            _refuse(
                "agency",
                _(
                    "This indicator is already assigned to this national agency for fiscal year %(y)s."
                )
                % {"y": year},
            )
    elif same.filter(province=province).exists():
        _refuse(
            "province",
            _("This indicator is already assigned to this province for fiscal year %(y)s.")
            % {"y": year},
        )
    if assignment is not None and assignment.pk and _entries_of(assignment=assignment):
        moved = (getattr(province, "pk", None), year) != (
            assignment.province_id,
            assignment.fiscal_year,
        ) or (province is None and getattr(agency, "pk", None) != assignment.agency_id)
        if moved:
            _refuse(
                None,
                _(
                    "Progress reports already refer to this assignment: its province and "
                    "fiscal year can no longer change (its target and lead agency can)."
                ),
            )
    assignment = assignment or Assignment(indicator=indicator)
    _apply(assignment, fields)
    assignment.full_clean()
    assignment.save()
    return assignment


REFERENCED = _(
    "Progress reports already refer to this %(what)s, so it cannot be deleted. "
    "Change it instead, or take the plan out of force."
)


@transaction.atomic
def structure_delete(*, actor, obj) -> None:
    """Delete a strategy, measure, indicator or assignment that no progress report refers to."""
    access.require(actor, "plans.manage_plan")
    where = {
        Strategy: ("assignment__indicator__measure__strategy", _("strategy")),
        Measure: ("assignment__indicator__measure", _("measure")),
        Indicator: ("assignment__indicator", _("indicator")),
        Assignment: ("assignment", _("assignment")),
    }
    path, what = where[type(obj)]
    if _entries_of(**{path: obj}):
        _refuse(None, REFERENCED % {"what": what})
    obj.delete()
