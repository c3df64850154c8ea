"""Pages of the plan cascade. Thin: selectors read, services write, rules decide."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from saphan.cases.views.documents import download_name
from saphan.core.downloads import attachment, private_file
from saphan.core.errors import ConflictError
from saphan.core.spreadsheets import CONTENT_TYPES, XLSX
from saphan.geo import provincemap
from saphan.geo.models import Province, Region
from saphan.orgs.roles import Jurisdiction, Role

from . import selectors, services
from .models import ProgressReport, ProgressStatus, ReportState
from .periods import Quarter, quarter_of

FIELD_ROLES = (
    Role.CASE_WORKER,
    Role.PROVINCIAL_SUPERVISOR,
    Role.MDT_MEMBER,
    Role.SHELTER_STAFF,
)


@login_required
def index(request):
    user = request.user
    if user.has_role(Role.CENTRAL_OFFICER):
        return redirect("plans:nation")
    if user.has_role(Role.REGIONAL_OFFICER) and user.region_id:
        return redirect("plans:region", code=user.region_id)
    if user.province_id and user.has_role(*FIELD_ROLES):
        return redirect("plans:my_province")
    if _national_agency(user) is not None:
        return redirect("plans:my_agency")
    raise PermissionDenied("no plan pages for this role")


def _national_agency(user):
    """The user's agency when it is a national one (DSI, immigration headquarters...)."""
    agency = getattr(user, "agency", None)
    if agency is not None and agency.level == Jurisdiction.NATION:
        return agency
    return None


def _agency_page(request, agency, *, own: bool):
    try:
        year = int(request.GET.get("year", "")) or None
    except ValueError:
        year = None
    data = selectors.agency_plan(
        actor=request.user, agency=agency, today=timezone.localdate(), fiscal_year=year
    )
    return render(request, "plans/agency.html", {"data": data, "own": own})


@login_required
def my_agency(request):
    """What the plan asks of the user's own national agency."""
    agency = _national_agency(request.user)
    if agency is None:
        raise PermissionDenied("only staff of a national agency have an agency plan")
    return _agency_page(request, agency, own=True)


@login_required
def agency(request, pk):
    from saphan.orgs.models import Agency

    return _agency_page(request, get_object_or_404(Agency, pk=pk), own=False)


def _province_page(request, province: Province, *, own: bool):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", "")) or None
    except ValueError:
        year = None
    data = selectors.province_plan(
        actor=request.user, province=province, today=today, fiscal_year=year
    )
    can_report = request.user.has_perm("plans.start_report", province)
    return render(
        request,
        "plans/province.html",
        {
            "data": data,
            "own": own,
            "today": today,
            "can_report": can_report,
            "statuses": ProgressStatus,
        },
    )


@login_required
def my_province(request):
    user = request.user
    if not (user.province_id and user.has_role(*FIELD_ROLES)):
        raise PermissionDenied("only field staff of a province have a province plan")
    return _province_page(request, user.province, own=True)


@login_required
def province(request, code: str):
    return _province_page(request, get_object_or_404(Province, pk=code), own=False)


def _quarter_from(request, default: Quarter) -> Quarter:
    try:
        return Quarter.parse(request.GET.get("q", "") or request.POST.get("q", ""))
    except ValueError:
        return default


@login_required
@require_POST
def report_start(request, code: str):
    province = get_object_or_404(Province, pk=code)
    quarter = _quarter_from(request, quarter_of(timezone.localdate()))
    try:
        report = services.report_start(actor=request.user, province=province, quarter=quarter)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:my_province")
    return redirect("plans:report", pk=report.pk)


def _report_or_404(request, pk) -> ProgressReport:
    try:
        return selectors.report_get(actor=request.user, report_id=pk)
    except (ObjectDoesNotExist, PermissionDenied, ValidationError):
        raise Http404("no such report") from None


def _entries_from(post, groups) -> dict:
    out = {}
    for group in groups:
        for measure in group.measures:
            for entry in measure.rows:
                prefix = f"e-{entry.pk}-"
                out[str(entry.pk)] = services.EntryInput(
                    value=post.get(prefix + "value") if not entry.indicator.is_computed else None,
                    status=post.get(prefix + "status", ""),
                    narrative=post.get(prefix + "narrative", ""),
                )
    return out


def _apply_posted(groups, posted: dict, errors: dict) -> None:
    """Put what the user typed back into the rows, so nothing is lost when a save is refused."""
    for group in groups:
        for measure in group.measures:
            for entry in measure.rows:
                given = posted.get(str(entry.pk))
                if given is not None:
                    if not entry.indicator.is_computed:
                        entry.typed = given.value
                    entry.status = given.status
                    entry.narrative = given.narrative
                entry.errors = errors.get(str(entry.pk), [])


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
def report(request, pk):
    report = _report_or_404(request, pk)
    user = request.user
    suppress = selectors.suppresses_small_counts(user)
    groups = selectors.report_entries(report, suppress=suppress)
    errors: dict = {}
    problems: list = []
    status_code = 200
    if request.method == "POST":
        if not user.has_perm("plans.edit_report", report):
            raise PermissionDenied("report not editable")
        posted = _entries_from(request.POST, groups)
        submit = request.POST.get("action") == "submit"
        try:
            report = services.report_save(
                actor=user,
                report=report,
                entries=posted,
                summary=request.POST.get("summary", ""),
                status=request.POST.get("status", ""),
                expected_version=_version(request),
            )
            if submit:
                report = services.report_submit(actor=user, report=report)
                messages.success(request, _("The report was sent to the supervisor."))
            else:
                messages.success(request, _("The draft was saved."))
            return redirect("plans:report", pk=report.pk)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {
                    k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()
                }
                problems = errors.pop("summary", [])
                if errors:
                    problems.append(_("Some values need correcting: see the marked indicators."))
            else:
                problems = exc.messages
            if submit and not errors:
                # The draft itself was saved; only the submission was refused.
                report.refresh_from_db()
                groups = selectors.report_entries(report, suppress=suppress)
            else:
                _apply_posted(groups, posted, errors)
            report.summary = request.POST.get("summary", report.summary)
            report.status = request.POST.get("status", report.status)
            status_code = 400
        except ConflictError as exc:
            problems = [str(exc.message)]
            _apply_posted(groups, posted, {})
            # What this person typed stays in the form (the page shows the newer version's
            # number, so sending again after reading the other change is a deliberate choice).
            report.summary = request.POST.get("summary", report.summary)
            report.status = request.POST.get("status", report.status)
            status_code = 409
    quarter = report.period.as_quarter
    suggested = services.overall_status(
        [e.status or e.suggested for g in groups for m in g.measures for e in m.rows]
    )
    return render(
        request,
        "plans/report.html",
        {
            "report": report,
            "groups": groups,
            "problems": problems,
            "can_edit": user.has_perm("plans.edit_report", report),
            "can_approve": user.has_perm("plans.approve_report", report),
            "can_review": user.has_perm("plans.review_report", report),
            "can_return": user.has_perm("plans.return_report", report),
            "statuses": ProgressStatus.choices,
            "states": ReportState,
            "suggested": suggested,
            "quarter": quarter,
            "evidence": list(report.evidence.select_related("entry__assignment__indicator")),
            "form_key": uuid.uuid4(),
        },
        status=status_code,
    )


# The supervisor's and the regional office's steps on a sent report: the service, the text
# it takes from the form (if any) and what the page says once done.
REPORT_ACTIONS = {
    "approve": (
        services.report_approve,
        "",
        gettext_lazy("The report was approved and sent to the regional office."),
    ),
    "review": (
        services.report_review,
        "note",
        gettext_lazy("The report was marked as reviewed."),
    ),
    "return": (
        services.report_return,
        "reason",
        gettext_lazy("The report was returned to the province for correction."),
    ),
}


@login_required
@require_POST
def report_action(request, pk, action: str):
    report = _report_or_404(request, pk)
    if action not in REPORT_ACTIONS:
        raise Http404("no such action")
    write, said, done = REPORT_ACTIONS[action]
    typed = {said: request.POST.get(said, "")} if said else {}
    try:
        write(actor=request.user, report=report, expected_version=_version(request), **typed)
        messages.success(request, done)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ConflictError as exc:
        messages.error(request, str(exc.message))
    return redirect("plans:report", pk=report.pk)


@login_required
@require_POST
def evidence_upload(request, pk):
    report = _report_or_404(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect("plans:report", pk=report.pk)
    try:
        services.evidence_attach(
            actor=request.user,
            report=report,
            upload=upload,
            title=request.POST.get("title", ""),
            entry_id=request.POST.get("entry") or None,
        )
        messages.success(request, _("The evidence file was attached."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("plans:report", kwargs={"pk": report.pk}) + "#evidence")


@login_required
def evidence_download(request, pk, evidence_id):
    report = _report_or_404(request, pk)
    try:
        evidence = selectors.evidence_get(
            actor=request.user, report=report, evidence_id=evidence_id
        )
        handle = evidence.file.open("rb")
    except (ObjectDoesNotExist, PermissionDenied, ValidationError, FileNotFoundError):
        raise Http404("no such evidence") from None
    return private_file(
        handle, content_type=evidence.content_type, filename=download_name(evidence)
    )


def _export(request, *, rollup, quarter, fmt: str, region=None, regions=None):
    from . import documents

    area = region.code if region is not None else "nation"
    name = f"plan-progress-{area}-{quarter.key}.{fmt}"
    # The nation's report also says what the plan asks of national agencies themselves.
    national = (
        selectors.national_assignments(plan=rollup.plan, fiscal_year=quarter.fiscal_year)
        if region is None
        else []
    )
    kwargs = dict(quarter=quarter, region=region, regions=regions, national=national)
    if fmt == "pdf":
        data = documents.rollup_pdf(actor=request.user, rollup=rollup, **kwargs)
        return attachment(data, filename=name, content_type="application/pdf", no_store=True)
    if fmt == "xlsx":
        data = documents.rollup_xlsx(actor=request.user, rollup=rollup, **kwargs)
        return attachment(data, filename=name, no_store=True)
    raise Http404("no such format")


@login_required
def region_export(request, code: str, fmt: str):
    region = get_object_or_404(Region, pk=code)
    quarter = _quarter_from(request, selectors.default_quarter(timezone.localdate()))
    rollup = selectors.region_rollup(actor=request.user, region=region, quarter=quarter)
    return _export(request, rollup=rollup, quarter=quarter, fmt=fmt, region=region)


@login_required
def nation_export(request, fmt: str):
    quarter = _quarter_from(request, selectors.default_quarter(timezone.localdate()))
    rollup, regions = selectors.nation_rollup(actor=request.user, quarter=quarter)
    return _export(request, rollup=rollup, quarter=quarter, fmt=fmt, regions=regions)


def _chart(rollup) -> dict:
    """Indicators by status in each province, for the roll-up's ECharts bar chart."""
    return {
        "provinces": [row.province.name for row in rollup.provinces],
        "series": [
            {
                "name": str(label),
                "color": selectors.STATUS_COLOURS[value],
                "data": [row.counts.get(value, 0) for row in rollup.provinces],
            }
            for value, label in ProgressStatus.choices
        ],
    }


def _quarters_around(current: Quarter, n: int = 8) -> list[Quarter]:
    out = [current]
    while len(out) < n:
        out.append(out[-1].previous())
    return out


@login_required
def region(request, code: str):
    region = get_object_or_404(Region, pk=code)
    default = selectors.default_quarter(timezone.localdate())
    quarter = _quarter_from(request, default)
    rollup = selectors.region_rollup(actor=request.user, region=region, quarter=quarter)
    return _rollup_page(request, rollup, quarter, region=region)


@login_required
def nation(request):
    default = selectors.default_quarter(timezone.localdate())
    quarter = _quarter_from(request, default)
    rollup, regions = selectors.nation_rollup(actor=request.user, quarter=quarter)
    national = selectors.national_assignments(plan=rollup.plan, fiscal_year=quarter.fiscal_year)
    return _rollup_page(request, rollup, quarter, national=national, regions=regions)


def _rollup_page(request, rollup, quarter: Quarter, **context):
    """The roll-up page of a region or of the nation (``context``: what only one of them has)."""
    return render(
        request,
        "plans/rollup.html",
        {
            **context,
            "rollup": rollup,
            "chart": _chart(rollup),
            "quarter": quarter,
            "quarters": _quarters_around(quarter_of(timezone.localdate())),
            "map_credit": provincemap.CREDIT,
            "colours": selectors.STATUS_COLOURS,
            "statuses": ProgressStatus,
        },
    )


# --- the quarterly plan-progress report as PDF and XLSX ---------------------------------------
@login_required
def report_pdf(request, pk):
    return _report_file(request, pk, "pdf")


@login_required
def report_xlsx(request, pk):
    return _report_file(request, pk, "xlsx")


def _report_file(request, pk, fmt: str):
    from . import documents

    report = _report_or_404(request, pk)
    make, content_type = {
        "pdf": (documents.report_pdf, "application/pdf"),
        "xlsx": (documents.report_xlsx, CONTENT_TYPES[XLSX]),
    }[fmt]
    return attachment(
        make(actor=request.user, report=report),
        filename=f"plan-report-{report.province_id}-{report.period.key}.{fmt}",
        content_type=content_type,
        no_store=True,
    )


# --- the plan itself --------------------------------------------------------------------------
def _year(request, default: int) -> int:
    try:
        return int(request.GET.get("year", "")) or default
    except ValueError:
        return default


@login_required
def plan(request):
    from .periods import fiscal_year_of

    year = _year(request, fiscal_year_of(timezone.localdate()))
    the_plan, strategies = selectors.plan_structure(actor=request.user, fiscal_year=year)
    national = selectors.national_assignments(plan=the_plan, fiscal_year=year)
    return render(
        request,
        "plans/plan.html",
        {"plan": the_plan, "strategies": strategies, "year": year, "national": national},
    )


@login_required
def province_targets(request, code: str):
    from .periods import fiscal_year_of

    province = get_object_or_404(Province, pk=code)
    year = _year(request, fiscal_year_of(timezone.localdate()))
    rows = selectors.province_targets(actor=request.user, province=province, fiscal_year=year)
    errors: dict = {}
    typed: dict = {}
    status = 200
    if request.method == "POST":
        typed = {str(a.pk): request.POST.get(f"t-{a.pk}", "") for a in rows}
        try:
            changed = services.assignment_targets_set(
                actor=request.user, province=province, fiscal_year=year, targets=typed
            )
            messages.success(request, _("Targets saved: %(n)s changed.") % {"n": changed})
            return redirect(reverse("plans:province_targets", args=[code]) + f"?year={year}")
        except ValidationError as exc:
            errors = {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
            status = 400
    for a in rows:
        a.typed = typed.get(str(a.pk))
        a.errors = errors.get(str(a.pk), [])
    return render(
        request,
        "plans/targets.html",
        {"province": province, "rows": rows, "year": year, "has_errors": bool(errors)},
        status=status,
    )
