"""An alleged perpetrator's own record: correct it (version-checked), and two records of the
same perpetrator merged by a provincial supervisor, with the merge's page and its undo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from saphan.audit.services import log_read, log_reads
from saphan.core.errors import ConflictError
from saphan.core.forms import validation_errors_to_form

from .. import selectors_crime
from ..forms import perpetrators as forms_perpetrators
from ..services import perpetrators as services
from .crime import _require_perpetrator_role, perpetrator_or_404


def _conflict_form(request, current):
    """The form again with what was typed, over the current version of the record."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = forms_perpetrators.PerpetratorEditForm(data, perpetrator=current)
    form.is_valid()
    return form


@never_cache
@login_required
def perpetrator_edit(request, pk):
    user = request.user
    _require_perpetrator_role(user)
    perpetrator = perpetrator_or_404(request, pk)
    if not services.may_change(user, perpetrator):
        log_reads(actor=user, records=[perpetrator], scope="refused: perpetrator not changeable",
                  purpose="perpetrator edit", path=request.path)  # fmt: skip
        raise PermissionDenied("perpetrator not changeable")
    log_read(actor=user, record=perpetrator, scope="perpetrator", purpose="edit", path=request.path)
    conflict = ""
    form = forms_perpetrators.PerpetratorEditForm(request.POST or None, perpetrator=perpetrator)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.perpetrator_update(
                actor=user, perpetrator=perpetrator, name=d["name"], aliases=d["aliases"],
                roles=d["roles"], sex=d["sex"], nationality=d["nationality"],
                details=d["details"], expected_version=d["version"], path=request.path,
            )  # fmt: skip
        except ConflictError as error:
            conflict = str(error.message)
            perpetrator = perpetrator_or_404(request, pk)
            form = _conflict_form(request, perpetrator)
        except ValidationError as error:
            validation_errors_to_form(form, error)
        else:
            messages.success(request, _("The perpetrator's record was saved."))
            return redirect("cases:perpetrator", pk=perpetrator.pk)
    return render(
        request,
        "cases/perpetrator_edit.html",
        {"p": perpetrator, "form": form, "conflict": conflict},
    )


# --- two records of one perpetrator ---------------------------------------------------------------


def _require_merger(user) -> None:
    _require_perpetrator_role(user)
    if not user.has_perm(services.MERGE_PERM):
        raise PermissionDenied("not a provincial supervisor")


@never_cache
@login_required
def perpetrator_merge(request):
    """The two records side by side (``?a=<id>&b=<id>``); keep one, give a reason, merge."""
    user = request.user
    _require_merger(user)
    ids = [
        request.GET.get("a") or request.POST.get("a"),
        request.GET.get("b") or request.POST.get("b"),
    ]
    records = []
    for pk in ids:
        if not pk:
            return redirect("cases:perpetrators")
        records.append(perpetrator_or_404(request, pk))
    if records[0].pk == records[1].pk:
        messages.error(request, _("Choose two different records."))
        return redirect("cases:perpetrator", pk=records[0].pk)
    log_reads(actor=user, records=records, scope="perpetrator", purpose="merge compare",
              path=request.path)  # fmt: skip
    form = forms_perpetrators.PerpetratorMergeForm(request.POST or None, records=records)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["keep"]
        survivor = next(p for p in records if str(p.pk) == keep)
        absorbed = next(p for p in records if str(p.pk) != keep)
        try:
            merge = services.perpetrator_merge(
                actor=user, survivor=survivor, absorbed=absorbed,
                reason=form.cleaned_data["reason"], path=request.path,
            )  # fmt: skip
        except ValidationError as error:
            validation_errors_to_form(form, error)
        else:
            messages.success(request, _("The two records are now one."))
            return redirect("cases:perpetrator-merge-detail", pk=merge.pk)
    sheets = [
        {"p": p, "links": selectors_crime.perpetrator_cases(actor=user, perpetrator=p)}
        for p in records
    ]
    return render(
        request, "cases/perpetrator_merge.html", {"sheets": sheets, "form": form, "ids": ids}
    )


@never_cache
@login_required
def perpetrator_merge_detail(request, pk):
    """What the merge did, and its undo (a reason is required)."""
    user = request.user
    _require_merger(user)
    merge = get_object_or_404(services.merges_visible(user), pk=pk)
    form = forms_perpetrators.PerpetratorMergeUndoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.perpetrator_merge_undo(
                actor=user, merge=merge, reason=form.cleaned_data["reason"], path=request.path
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The merge was undone: both records are back."))
            return redirect("cases:perpetrator-merge-detail", pk=merge.pk)
    log_reads(actor=user, records=[merge.survivor, merge.absorbed], scope="perpetrator",
              purpose="merge detail", path=request.path)  # fmt: skip
    return render(
        request,
        "cases/perpetrator_merge_detail.html",
        {
            "merge": merge,
            "moved": merge.moved,
            "form": form,
            "links": selectors_crime.perpetrator_cases(actor=user, perpetrator=merge.survivor),
        },
    )
