"""Same person: a supervisor merges two records of one person (and undoes it), and reviews
the pairs the batch linkage proposes. Thin views over merging.py and selectors.py."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from saphan.core.flash import refusal_shown
from saphan.core.forms import validation_errors_to_form
from saphan.orgs.access import require

from . import merging, selectors
from .merge_forms import DismissForm, MergeForm, PersonSearchForm, UndoForm
from .models import Person

# How the evidence of a pair reads (people/linkage.py writes these labels, in English).
EVIDENCE_LABELS = {
    "name": gettext_lazy("Name"),
    "birth": gettext_lazy("Birth"),
    "sex": gettext_lazy("Sex"),
    "nationality": gettext_lazy("Nationality"),
    "documents": gettext_lazy("Documents"),
    "no data": gettext_lazy("not recorded on both"),
    "same name": gettext_lazy("same name"),
    "given and family names sound the same": gettext_lazy("given and family names sound the same"),
    "given and family names swapped": gettext_lazy("given and family names swapped"),
    "two name words sound the same": gettext_lazy("two name words sound the same"),
    "names spelt alike (Jaro-Winkler ≥ 0.88)": gettext_lazy("names spelt alike"),
    "one name word sounds the same": gettext_lazy("one name word sounds the same"),
    "names differ": gettext_lazy("names differ"),
    "same date of birth": gettext_lazy("same date of birth"),
    "day and month swapped": gettext_lazy("day and month of birth swapped"),
    "same year of birth": gettext_lazy("same year of birth"),
    "born within two years": gettext_lazy("born within two years"),
    "born years apart": gettext_lazy("born years apart"),
    "Exact match on sex": gettext_lazy("same sex"),
    "Exact match on nationality": gettext_lazy("same nationality"),
    "All other comparisons": gettext_lazy("different"),
    "a document number in common": gettext_lazy("a document number in common"),
    "different document numbers": gettext_lazy("different document numbers"),
}


def _evidence_shown(evidence: list[dict]) -> list[dict]:
    return [
        {
            **e,
            "comparison": EVIDENCE_LABELS.get(e["comparison"], e["comparison"]),
            "level": EVIDENCE_LABELS.get(e["level"], e["level"]),
        }
        for e in evidence
    ]


def _sheets(request, ids, purpose: str) -> list[dict]:
    try:
        return [
            selectors.person_sheet(
                actor=request.user, person_id=pk, path=request.path, purpose=purpose
            )
            for pk in ids
        ]
    except (PermissionDenied, ValidationError, ValueError) as error:
        raise Http404("person not found") from error


def _merged(request, form, merge_with, saved: str):
    """Merge by ``merge_with`` (a merging service with the two records, or the proposed pair,
    already given) for the reason the form gives. The merge's page, saying ``saved``, once
    done; None with the refusal on the form otherwise."""
    try:
        merge = merge_with(
            actor=request.user, reason=form.cleaned_data["reason"], path=request.path
        )
    except ValidationError as error:
        validation_errors_to_form(form, error)
        return None
    messages.success(request, saved)
    return redirect("people:merge_detail", merge_id=merge.pk)


# --- merge two persons ----------------------------------------------------------------------
@login_required
def merge_start(request):
    """Find the two records: by name or case code, tick two, compare."""
    require(request.user, merging.MERGE_PERM)
    form = PersonSearchForm(request.GET or None)
    persons = []
    if form.is_valid():
        persons = selectors.merge_search(actor=request.user, q=form.cleaned_data["q"])
    return render(
        request,
        "people/merge_start.html",
        {"form": form, "persons": persons, "searched": bool(request.GET.get("q"))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge_compare(request):
    """The two persons side by side; keep one, give a reason, merge."""
    require(request.user, merging.MERGE_PERM)
    source = request.POST if request.method == "POST" else request.GET
    ids = list(dict.fromkeys(p for p in source.getlist("p") if p))
    if len(ids) != 2:
        messages.error(request, _("Tick exactly two persons to compare."))
        return redirect("people:merge")
    sheets = _sheets(request, ids, "merge compare")
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["keep"]
        people = {str(s["person"].pk): s["person"] for s in sheets}
        if str(keep) not in people:
            form.add_error("keep", _("Choose which of the two records to keep."))
        else:
            survivor = people.pop(str(keep))
            [absorbed] = people.values()
            merge = partial(merging.person_merge, survivor=survivor, absorbed=absorbed)
            if done := _merged(request, form, merge, _("The two records are now one person.")):
                return done
    return render(
        request, "people/merge_compare.html", {"sheets": sheets, "form": form, "ids": ids}
    )


@login_required
def merge_list(request):
    require(request.user, merging.MERGE_PERM)
    merges = merging.merges_visible(request.user)[:100]
    return render(request, "people/merge_list.html", {"merges": merges})


def _merge_shown(request, merge_id):
    """The merge asked for, to a user who may merge and sees it; 403 or 404 otherwise."""
    require(request.user, merging.MERGE_PERM)
    return get_object_or_404(merging.merges_visible(request.user), pk=merge_id)


@login_required
def merge_detail(request, merge_id):
    merge = _merge_shown(request, merge_id)
    sheet = _sheets(request, [merge.survivor_id], "merge detail")[0]
    return render(
        request,
        "people/merge_detail.html",
        {"merge": merge, "sheet": sheet, "form": UndoForm(), "moved": merge.moved},
    )


@login_required
@require_POST
def merge_undo(request, merge_id):
    merge = _merge_shown(request, merge_id)
    form = UndoForm(request.POST)
    if form.is_valid():
        with refusal_shown(request):
            merging.person_merge_undo(
                actor=request.user,
                merge=merge,
                reason=form.cleaned_data["reason"],
                path=request.path,
            )
            messages.success(request, _("The merge was undone: both records are as they were."))
            return redirect("people:merge_detail", merge_id=merge.pk)
    else:
        messages.error(request, _("Say why the merge is undone."))
    return redirect("people:merge_detail", merge_id=merge.pk)


# --- the linkage review queue ---------------------------------------------------------------
@login_required
def link_queue(request):
    require(request.user, merging.REVIEW_PERM)
    form = PersonSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    pairs = merging.reviewable_pairs(request.user, q=q)
    return render(
        request,
        "people/link_queue.html",
        {"pairs": pairs[:100], "total": pairs.count(), "form": form},
    )


def _pair_shown(request, pair_id):
    """The proposed pair asked for, to a user who may review pairs and sees it; 403 or 404
    otherwise."""
    require(request.user, merging.REVIEW_PERM)
    return get_object_or_404(merging.reviewable_pairs(request.user), pk=pair_id)


@login_required
@require_http_methods(["GET", "POST"])
def link_pair(request, pair_id):
    """One proposed pair: the evidence per comparison, both persons side by side, and the
    two decisions (same person: merge; not the same: dismiss)."""
    pair = _pair_shown(request, pair_id)
    sheets = _sheets(request, [pair.person_a_id, pair.person_b_id], "link review")
    form = MergeForm(request.POST or None, initial={"keep": pair.person_a_id})
    if request.method == "POST" and form.is_valid():
        keep = Person.objects.get(pk=form.cleaned_data["keep"])
        merge = partial(merging.link_pair_merge, pair=pair, keep=keep)
        if done := _merged(request, form, merge, _("Same person: the two records are now one.")):
            return done
    return render(
        request,
        "people/link_pair.html",
        {
            "pair": pair,
            "evidence": _evidence_shown(pair.evidence),
            "sheets": sheets,
            "form": form,
            "dismiss_form": DismissForm(),
            "ids": [str(pair.person_a_id), str(pair.person_b_id)],
        },
    )


@login_required
@require_POST
def link_pair_dismiss(request, pair_id):
    pair = _pair_shown(request, pair_id)
    form = DismissForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    with refusal_shown(request):
        merging.link_pair_dismiss(actor=request.user, pair=pair, note=note, path=request.path)
        messages.success(request, _("Not the same person: the pair will not be proposed again."))
        return redirect("people:linkage")
    return redirect("people:link_pair", pair_id=pair.pk)
