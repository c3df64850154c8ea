"""Pages of the capacity app: thin views over services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from saphan.core.downloads import attachment
from saphan.core.forms import validation_errors_to_form
from saphan.core.import_pages import import_form_page, import_run_progress, sent_file
from saphan.core.selectors import import_run_of
from saphan.core.spreadsheets import Table
from saphan.orgs.access import require

from . import importing, selectors, services
from .forms import (
    CompetencyForm,
    CompletionForm,
    ImportForm,
    RequirementGridForm,
    SessionForm,
)
from .models import Competency, Completion, Course
from .thaimap import CREDIT, map_data, map_shapes


@login_required
def catalogue(request):
    require(request.user, "capacity.view_catalogue")
    courses = Course.objects.filter(is_active=True).prefetch_related("competencies")
    sessions = selectors.visible_sessions(request.user)
    course_code = request.GET.get("course") or ""
    if course_code:
        sessions = sessions.filter(course__code=course_code)
    return render(
        request,
        "capacity/catalogue.html",
        {
            "courses": courses,
            "sessions": sessions[:50],
            "course_code": course_code,
            "can_add_session": request.user.has_perm("capacity.add_session", None),
            "can_import": request.user.has_perm("capacity.import_completions"),
            "can_view_gaps": request.user.has_perm("capacity.view_gaps"),
            "can_manage": request.user.has_perm("capacity.manage_competencies"),
        },
    )


@login_required
def session_new(request):
    if not request.user.has_perm("capacity.add_session", None):
        raise PermissionDenied("capacity.add_session")
    form = SessionForm(
        request.POST or None,
        actor=request.user,
        initial={"course": request.GET.get("course")} if request.GET.get("course") else None,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            session = services.session_create(
                actor=request.user,
                course=d["course"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                province=d["province"],
                region=(d["province"].region if d["province"] else request.user.region),
                organiser=d["organiser"],
                place=d["place"],
            )
        except ValidationError as e:
            validation_errors_to_form(form, e)
        else:
            messages.success(request, _("The session was created."))
            return redirect("capacity:session", pk=session.pk)
    return render(request, "capacity/session_form.html", {"form": form})


@login_required
def session_detail(request, pk):
    require(request.user, "capacity.view_catalogue")
    session = get_object_or_404(selectors.visible_sessions(request.user), pk=pk)
    can_record = request.user.has_perm("capacity.record_completion", None)
    form = None
    if can_record:
        form = CompletionForm(
            request.POST or None,
            request.FILES or None,
            initial={"completed_on": session.ends_on},
        )
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.completion_record(
                    actor=request.user,
                    user=d["user"],
                    course=session.course,
                    session=session,
                    completed_on=d["completed_on"],
                    certificate_number=d["certificate_number"],
                    certificate_file=d["certificate_file"],
                )
            except PermissionDenied:
                form.add_error(
                    "username",
                    _("You may record completions only for staff of your own province."),
                )
            except ValidationError as e:
                validation_errors_to_form(form, e)
            else:
                messages.success(
                    request,
                    _("The completion of %(name)s was recorded.")
                    % {"name": d["user"].display_name},
                )
                return redirect("capacity:session", pk=session.pk)
    elif request.method == "POST":
        raise PermissionDenied("capacity.record_completion")
    staff = (
        selectors.recordable_staff(request.user).order_by("username")[:300] if can_record else []
    )
    return render(
        request,
        "capacity/session_detail.html",
        {
            "session": session,
            "completions": selectors.session_completions(actor=request.user, session=session),
            "form": form,
            "staff": staff,
        },
    )


@login_required
def my_training(request):
    rows, completions = selectors.staff_record(request.user)
    return render(
        request,
        "capacity/my.html",
        {"rows": rows, "completions": completions, "subject": request.user, "own": True},
    )


@login_required
def certificate(request, pk):
    completion = get_object_or_404(Completion.objects.select_related("user"), pk=pk)
    if not request.user.has_perm("capacity.view_staff_record", completion.user):
        raise PermissionDenied("capacity.view_staff_record")
    if not completion.certificate_file:
        raise Http404("no certificate file")
    name = completion.certificate_file.name.rsplit("/", 1)[-1]
    return FileResponse(completion.certificate_file.open("rb"), as_attachment=True, filename=name)


def _gap_competency(data):
    """The competencies some role needs, and the one asked for (the screening interview, or
    the first, when none or an unknown one is asked for)."""
    competencies = Competency.objects.filter(requirements__isnull=False).distinct()
    code = data.get("competency") or "screening_interview"
    return competencies, competencies.filter(code=code).first() or competencies.first()


@login_required
def gaps(request):
    if not request.user.has_perm("capacity.view_gaps"):
        raise PermissionDenied("capacity.view_gaps")
    competencies, competency = _gap_competency(request.GET)
    context = {
        "competencies": competencies,
        "competency": competency,
        "credit": CREDIT,
        "can_manage": request.user.has_perm("capacity.manage_competencies"),
    }
    if competency is not None:
        report = selectors.gap_report(actor=request.user, competency=competency)
        values = {r.code: {"row": r, "level": r.level, "in_scope": True} for r in report.provinces}
        context.update(
            {
                "report": report,
                "summary": selectors.competency_summary(actor=request.user),
                "staff": selectors.province_staff_status(actor=request.user, competency=competency),
                "shapes": map_shapes(values),
                "viewbox": map_data()["viewBox"],
                "export_fields": [("competency", competency.code)],
            }
        )
    return render(request, "capacity/gaps.html", context)


def _gap_status(row: selectors.GapRow) -> str:
    """The status the gap table shows for a province."""
    if row.none_qualified:
        return _("No one qualified") if row.required else _("No trained staff registered")
    return _("All qualified") if row.level == "full" else _("Partly qualified")


@login_required
@require_POST
def gaps_export(request):
    """The gap table by province for the competency on the page, in the viewer's scope. It
    holds counts, no one's name: the file itself, its export in the read log."""
    from saphan.audit.views import list_export

    if not request.user.has_perm("capacity.view_gaps"):
        raise PermissionDenied("capacity.view_gaps")
    _competencies, competency = _gap_competency(request.POST)
    if competency is None:
        raise Http404("no competency is required of any role")
    report = selectors.gap_report(actor=request.user, competency=competency)
    regions = {r.code: r.name for r in report.regions}
    header = [
        _("Competency"), _("Province"), _("Region"), _("Staff who need it"),
        _("Staff qualified"), _("Share (%)"), _("Status"), _("As of"),
    ]  # fmt: skip
    rows = [
        [
            competency.name,
            r.name,
            regions.get(r.region_code, ""),
            r.required,
            r.qualified,
            r.percent,
            _gap_status(r),
            report.on,
        ]  # fmt: skip
        for r in report.provinces
    ]
    return list_export(
        request,
        table=Table(name=f"training-gaps-{competency.code}", header=header, rows=rows),
        fmt=request.POST.get("format"),
        kind="training_gaps",
        file_stem=f"saphan-training-gaps-{competency.code}",
        personal=False,
        scope=f"provinces:{len(report.provinces)}",
        detail=f"competency={competency.code}",
    )


@login_required
def import_records(request):
    if not request.user.has_perm("capacity.import_completions"):
        raise PermissionDenied("capacity.import_completions")
    return import_form_page(
        request,
        form=ImportForm(request.POST or None, request.FILES or None),
        start=lambda form: importing.completions_import_start(
            actor=request.user, **sent_file(form)
        ),
        kind=importing.IMPORT_KIND,
        template="capacity/import.html",
        run_page="capacity:import_run",
    )


@login_required
def import_run(request, pk):
    """An import sent: its progress while the worker runs it, then its result."""
    if not request.user.has_perm("capacity.import_completions"):
        raise PermissionDenied("capacity.import_completions")
    run = import_run_of(actor=request.user, pk=pk, kind=importing.IMPORT_KIND)
    if run is None:
        raise Http404
    if request.htmx:
        return import_run_progress(request, run)
    return render(request, "capacity/import.html", {"form": ImportForm(), "run": run})


@login_required
def import_template(request):
    if not request.user.has_perm("capacity.import_completions"):
        raise PermissionDenied("capacity.import_completions")
    return attachment(importing.template_bytes(), filename="saphan-training-records.xlsx")


# --- the competency table (central office) ----------------------------------------------------
def _require_manager(request) -> None:
    if not request.user.has_perm("capacity.manage_competencies"):
        raise PermissionDenied("capacity.manage_competencies")


def _grid_saved(added: int, removed: int) -> str:
    parts = []
    if added:
        n = {"n": added}
        parts.append(ngettext("%(n)d requirement added", "%(n)d requirements added", added) % n)
    if removed:
        n = {"n": removed}
        parts.append(
            ngettext("%(n)d requirement removed", "%(n)d requirements removed", removed) % n
        )
    return _("The table was saved: %(changes)s.") % {"changes": ", ".join(parts)}


@login_required
def competencies(request):
    """The table: every competency with its validity and courses, and the role x competency
    grid; a POST saves the cells that changed."""
    _require_manager(request)
    rows = selectors.competency_table()
    form = RequirementGridForm(request.POST or None, competencies=[r.competency for r in rows])
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = services.requirements_change(
                actor=request.user, changes=form.changes()
            )
        except ValidationError as e:
            validation_errors_to_form(form, e)
        else:
            if added or removed:
                messages.success(request, _grid_saved(added, removed))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("capacity:competencies")
    return render(
        request,
        "capacity/competencies.html",
        {"rows": rows, "roles": selectors.table_roles(), "form": form},
    )


def _competency_form(request, *, competency=None):
    form = CompetencyForm(request.POST or None, competency=competency)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.competency_save(
                actor=request.user,
                competency=competency,
                code=form.cleaned_data.get("code", ""),
                fields=form.service_fields(),
                courses=form.cleaned_data["courses"],
            )
        except ValidationError as e:
            validation_errors_to_form(form, e)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": saved.name})
            return redirect(reverse("capacity:competencies") + f"#competency-{saved.code}")
    return render(
        request, "capacity/competency_form.html", {"form": form, "competency": competency}
    )


@login_required
def competency_new(request):
    _require_manager(request)
    return _competency_form(request)


@login_required
def competency_edit(request, code):
    _require_manager(request)
    return _competency_form(request, competency=get_object_or_404(Competency, code=code))
