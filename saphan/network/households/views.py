"""Pages of the household survey: import (upload → map columns → progress), ranked outreach
lists with visits assigned to volunteers, coverage by area, and the risk weights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from saphan.geo import provincemap
from saphan.orgs.access import require

from ..models import Household, HouseholdImport, ImportStatus, MemberKind, NetworkMember
from ..services.visits import household_visit_assign
from . import pipeline, scoring, selectors, services


@login_required
def imports(request):
    user = request.user
    require(user, "network.import_households")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file."))
        else:
            try:
                imp = services.household_upload(
                    actor=user, name=upload.name, chunks=upload.chunks()
                )
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            else:
                return redirect("network:household_import", pk=imp.pk)
    recent = HouseholdImport.objects.filter(uploaded_by=user)[:10]
    return render(request, "network/households/imports.html", {"recent": recent})


@login_required
def import_detail(request, pk):
    user = request.user
    require(user, "network.import_households")
    imp = get_object_or_404(HouseholdImport, pk=pk, uploaded_by=user)
    if request.method == "POST":
        mapping = {k: request.POST.get(k, "") for k in pipeline.FIELDS}
        try:
            services.household_import_start(actor=user, imp=imp, mapping=mapping)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        return redirect("network:household_import", pk=imp.pk)
    fields = [
        (k, label, req, imp.mapping.get(k, "")) for k, (label, req, _a) in pipeline.FIELDS.items()
    ]
    template = (
        "network/households/_progress.html" if request.htmx else "network/households/import.html"
    )
    return render(
        request,
        template,
        {
            "imp": imp,
            "fields": fields,
            "running": imp.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        },
    )


@login_required
def import_errors(request, pk):
    require(request.user, "network.import_households")
    imp = get_object_or_404(HouseholdImport, pk=pk, uploaded_by=request.user)
    if not imp.errors_path:
        raise Http404
    return FileResponse(
        open(imp.errors_path, "rb"), as_attachment=True, filename=f"errors-{imp.file_name}.csv"
    )


def _volunteers(user):
    return (
        NetworkMember.objects.filter(
            province_id=user.province_id, kind=MemberKind.VOLUNTEER, is_active=True
        )
        .select_related("user", "subdistrict")
        .order_by("subdistrict_id", "village_code")
    )


def _volunteer_options(province_id: str) -> list[tuple[str, str]]:
    """(user id, label) of the province's active volunteers, labels built once here."""
    out = []
    for m in (
        NetworkMember.objects.filter(
            province_id=province_id, kind=MemberKind.VOLUNTEER, is_active=True
        )
        .select_related("user", "subdistrict")
        .order_by("subdistrict_id", "village_code")
    ):
        label = f"{m.user.get_full_name() or m.user.username} ({m.user.username}) — {m.subdistrict}"
        if m.village_number:
            label += " " + _("Village no. %(n)s") % {"n": m.village_number}
        out.append((str(m.user_id), label))
    return out


@login_required
def outreach(request):
    user = request.user
    require(user, "network.view_outreach")
    level = request.GET.get("level", "subdistrict")
    code = request.GET.get("code", "") or selectors.first_area(actor=user)
    if request.method == "POST":
        require(user, "network.assign_household_visit")
        volunteer = NetworkMember.objects.filter(
            user_id=request.POST.get("volunteer"), province_id=user.province_id
        ).first()
        ids = request.POST.getlist("household")
        done = 0
        if volunteer is None or not ids:
            messages.error(request, _("Choose households and a volunteer."))
        else:
            for h in Household.objects.filter(id__in=ids, province_code=user.province_id):
                try:
                    household_visit_assign(
                        actor=user, household=h, volunteer=volunteer.user, purpose=""
                    )
                    done += 1
                except ValidationError as e:
                    messages.warning(request, f"{h.household_code}: {' '.join(e.messages)}")
            if done:
                messages.success(
                    request,
                    _("%(n)s visits assigned to %(name)s.")
                    % {"n": done, "name": volunteer.user.get_full_name()},
                )
        return redirect(f"{request.path}?level={level}&code={code}")
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    rows, total = selectors.outreach_list(
        actor=user, level=level, code=code, offset=(page - 1) * 50
    )
    can_assign = user.has_perm("network.assign_household_visit")
    return render(request, "network/households/outreach.html", {
        "rows": [r.cells(can_assign=can_assign) for r in rows], "total": total, "level": level,
        "code": code, "page": page, "areas": selectors.province_subdistricts(actor=user),
        "has_next": page * 50 < total, "volunteers": _volunteer_options(user.province_id) if can_assign else [],
        "can_assign": can_assign,
        "offset": (page - 1) * 50,
    })  # fmt: skip


@login_required
def coverage(request):
    user = request.user
    require(user, "network.view_outreach")
    level = request.GET.get("level", "subdistrict")
    if level not in selectors.AREA_FIELDS:
        level = "subdistrict"
    chart, svg = selectors.coverage_map(actor=user)
    return render(request, "network/households/coverage.html", {
        "rows": selectors.coverage(actor=user, level=level), "high": selectors.HIGH_RISK,
        "level": level, "charts": [chart], "map_svg": svg,
        "map_credit": provincemap.CREDIT,
    })  # fmt: skip


@login_required
def weights(request):
    user = request.user
    can_edit = user.has_perm("network.set_risk_weights")
    if not (can_edit or user.has_perm("network.view_outreach")):
        require(user, "network.set_risk_weights")
    w = scoring.weights()
    if request.method == "POST":
        require(user, "network.set_risk_weights")
        values, bad = {}, False
        for f in scoring.FACTORS:
            raw = (request.POST.get(f.key) or "").strip().replace(",", ".")
            try:
                values[f.key] = float(raw)
            except ValueError:
                bad = True
        if bad:
            messages.error(request, _("Every weight is a number, e.g. 1.5."))
        else:
            try:
                n = services.risk_weights_set(actor=user, values=values)
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            else:
                messages.success(
                    request, _("Weights saved; %(n)s household scores changed.") % {"n": n}
                )
                return redirect("network:weights")
    rows = [(f, w[f.key]) for f in scoring.FACTORS]
    return render(
        request,
        "network/households/weights.html",
        {"rows": rows, "can_edit": can_edit, "sql": scoring.score_sql(w)},
    )
