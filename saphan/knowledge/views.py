"""Pages of the knowledge base (thin: forms in, services and selectors out)."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.cases.process import OPEN_PHASES, Phase
from saphan.cases.views.common import case_or_404
from saphan.core.forms import validation_errors_to_form
from saphan.geo.models import Region

from . import selectors, services
from .forms import LessonForm, PracticeForm, ReviewForm, UsedForm, WorkshopForm
from .models import ChecklistItem, GoodPractice, Law, LawSection, PracticeStatus, Workshop

LESSON_ROWS = 3


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)


# --- home, law, checklists ------------------------------------------------------------------------
@login_required
def home(request):
    _require(request, "knowledge.view")
    return render(
        request,
        "knowledge/home.html",
        {
            "stages": [Phase(p) for p in OPEN_PHASES],
            "recent": selectors.practices_published()[:6],
            "mine": selectors.my_practices(request.user)[:10],
            "can_draft": request.user.has_perm("knowledge.draft_practice"),
        },
    )


@login_required
def law_list(request):
    _require(request, "knowledge.view")
    phase = request.GET.get("phase", "")
    qs = LawSection.objects.all()
    if phase in Phase.values:
        qs = qs.filter(phases__contains=[phase])
    groups = []
    for law in Law:
        sections = [s for s in qs if s.law == law.value]
        if sections:
            groups.append((law.label, sections))
    return render(
        request,
        "knowledge/law_list.html",
        {"groups": groups, "phase": phase, "stages": [Phase(p) for p in OPEN_PHASES]},
    )


@login_required
def checklists(request):
    _require(request, "knowledge.view")
    items = ChecklistItem.objects.prefetch_related("law_sections")
    stages = [(Phase(p), [i for i in items if i.phase == p]) for p in OPEN_PHASES]
    return render(request, "knowledge/checklists.html", {"stages": stages})


@login_required
@require_POST
def checklist_tick(request, code: str, item_code: str):
    case = case_or_404(request, code)
    item = get_object_or_404(ChecklistItem, code=item_code)
    try:
        if request.POST.get("action") == "untick":
            services.checklist_untick(actor=request.user, case=case, item=item)
        else:
            services.checklist_tick(actor=request.user, case=case, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("cases:detail", args=[case.code]) + "#knowledge-panel")


def _list_page(request, template: str, rows, *, per_page: int = 20, **context):
    """``template`` with the page of ``rows`` asked for, and ``context``."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, **context})


@login_required
def unticked(request):
    _require(request, "knowledge.view_unticked")
    rows = selectors.cases_with_unticked_mandatory(actor=request.user)
    return _list_page(request, "knowledge/unticked.html", rows, per_page=50)


# --- good practices -------------------------------------------------------------------------------
@login_required
def practice_list(request):
    _require(request, "knowledge.view")
    phase = request.GET.get("phase", "")
    region = request.GET.get("region", "")
    q = request.GET.get("q", "").strip()[:100]
    qs = selectors.practices_published(
        q=q,
        phase=phase if phase in Phase.values else "",
        region=region,
    )
    return _list_page(
        request,
        "knowledge/practice_list.html",
        qs,
        phase=phase,
        region=region,
        regions=Region.objects.all(),
        q=q,
        stages=[Phase(p) for p in OPEN_PHASES],
        can_draft=request.user.has_perm("knowledge.draft_practice"),
    )


def _practice_input(form) -> services.PracticeInput:
    d = form.cleaned_data
    return services.PracticeInput(
        title=d["title"],
        context=d["context"],
        problem=d["problem"],
        action=d["action"],
        result=d["result"],
        reuse_conditions=d["reuse_conditions"],
        phases=list(d["phases"]),
        exploitation_types=list(d["exploitation_types"]),
        nationalities=d["nationalities"],
        region_id=d["region"].pk if d["region"] else None,
        province_id=d["province"].pk if d["province"] else None,
        agencies=d["agencies"],
        contact=d["contact"],
    )


def _practice_saved(request, form, write):
    """The draft written by ``write`` (a service taking ``actor``, ``data`` and ``attachment``)
    from a valid ``form``, then the practice's page; None, with the errors on the form, when
    the form or the service refuses."""
    if not form.is_valid():
        return None
    try:
        practice = write(
            actor=request.user,
            data=_practice_input(form),
            attachment=form.cleaned_data.get("attachment"),
        )
    except ValidationError as exc:
        validation_errors_to_form(form, exc)
        return None
    messages.success(request, _("Draft saved."))
    return redirect("knowledge:practice", pk=practice.pk)


@login_required
def practice_new(request):
    _require(request, "knowledge.draft_practice")
    if request.method == "POST":
        form = PracticeForm(request.POST, request.FILES)
        if saved := _practice_saved(request, form, services.practice_draft):
            return saved
    else:
        user = request.user
        form = PracticeForm(initial={"province": user.province_id, "region": user.region_id})
    return render(request, "knowledge/practice_form.html", {"form": form, "practice": None})


@login_required
def practice_edit(request, pk):
    practice = get_object_or_404(GoodPractice, pk=pk)
    _require(request, "knowledge.change_practice", practice)
    if request.method == "POST":
        form = PracticeForm(request.POST, request.FILES)
        if saved := _practice_saved(
            request, form, functools.partial(services.practice_update, practice=practice)
        ):
            return saved
    else:
        form = PracticeForm(
            initial={
                **{
                    f: getattr(practice, f)
                    for f in (
                        "title", "context", "problem", "action", "result", "reuse_conditions",
                        "phases", "exploitation_types", "agencies", "contact",
                    )
                },
                "nationalities": ", ".join(practice.nationalities),
                "province": practice.province_id,
                "region": practice.region_id,
            }
        )  # fmt: skip
    return render(request, "knowledge/practice_form.html", {"form": form, "practice": practice})


def _visible_practice(request, pk) -> GoodPractice:
    """Published and past versions are for everyone; a draft only for its author and reviewers."""
    practice = get_object_or_404(
        GoodPractice.objects.select_related("author", "province", "region", "reviewed_by"), pk=pk
    )
    if practice.status not in (PracticeStatus.PUBLISHED, PracticeStatus.SUPERSEDED):
        if not (
            practice.author_id == request.user.pk
            or request.user.has_perm("knowledge.review_practice")
        ):
            raise Http404("no such practice")
    return practice


@login_required
def practice_detail(request, pk):
    _require(request, "knowledge.view")
    practice = _visible_practice(request, pk)
    user = request.user
    versions = [
        v
        for v in selectors.practice_versions(practice)
        if v.status in (PracticeStatus.PUBLISHED, PracticeStatus.SUPERSEDED)
        or v.author_id == user.pk
        or user.has_perm("knowledge.review_practice")
    ]
    published = next((v for v in versions if v.status == PracticeStatus.PUBLISHED), None)
    return render(
        request,
        "knowledge/practice_detail.html",
        {
            "practice": practice,
            "versions": versions,
            "published": published,
            "reviews": practice.reviews.select_related("author"),
            "use_count": selectors.practice_use_count(practice),
            "uses": practice.uses.model.objects.filter(lineage=practice.lineage).select_related(
                "province"
            )[:20],
            "can_edit": user.has_perm("knowledge.change_practice", practice),
            "can_review": user.has_perm("knowledge.review_practice", practice)
            and practice.status == PracticeStatus.IN_REVIEW,
            "can_revise": practice.status == PracticeStatus.PUBLISHED
            and user.has_perm("knowledge.draft_practice")
            and (practice.author_id == user.pk or user.has_perm("knowledge.review_practice")),
            "can_mark_used": practice.status == PracticeStatus.PUBLISHED
            and user.has_perm("knowledge.mark_practice_used", practice),
            "review_form": ReviewForm(),
            "used_form": UsedForm(),
        },
    )


@login_required
@require_POST
def practice_submit(request, pk):
    practice = get_object_or_404(GoodPractice, pk=pk)
    _require(request, "knowledge.change_practice", practice)
    services.practice_submit(
        actor=request.user, practice=practice, note=request.POST.get("note", "")
    )
    messages.success(request, _("Sent to the knowledge managers for review."))
    return redirect("knowledge:practice", pk=practice.pk)


@login_required
@require_POST
def practice_review(request, pk):
    practice = get_object_or_404(GoodPractice, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the practice."))
        return redirect("knowledge:practice", pk=practice.pk)
    decision, text = form.cleaned_data["decision"], form.cleaned_data["text"]
    try:
        if decision == "comment":
            services.practice_comment(actor=request.user, practice=practice, text=text)
            messages.success(request, _("Comment added."))
        elif decision == "changes":
            _require(request, "knowledge.review_practice", practice)
            services.practice_request_changes(actor=request.user, practice=practice, text=text)
            messages.success(request, _("Sent back to the author with your comments."))
        else:
            _require(request, "knowledge.publish")
            services.practice_publish(actor=request.user, practice=practice, text=text)
            messages.success(request, _("Published."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("knowledge:practice", pk=practice.pk)


@login_required
@require_POST
def practice_revise(request, pk):
    practice = get_object_or_404(GoodPractice, pk=pk)
    try:
        draft = services.practice_revise(actor=request.user, practice=practice)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("knowledge:practice", pk=practice.pk)
    return redirect("knowledge:practice-edit", pk=draft.pk)


@login_required
@require_POST
def practice_used(request, pk):
    practice = get_object_or_404(GoodPractice, pk=pk)
    _require(request, "knowledge.mark_practice_used", practice)
    form = UsedForm(request.POST)
    if form.is_valid():
        try:
            services.practice_mark_used(
                actor=request.user, practice=practice, outcome=form.cleaned_data["outcome"]
            )
            messages.success(request, _("Thank you: your province's use is counted."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Say in a sentence what came of it."))
    return redirect("knowledge:practice", pk=practice.pk)


@login_required
def review_queue(request):
    _require(request, "knowledge.review_practice")
    return render(request, "knowledge/review_queue.html", {"rows": selectors.review_queue()})


# --- lessons-learned workshops ------------------------------------------------------------------
@login_required
def workshop_list(request):
    _require(request, "knowledge.view")
    region = request.GET.get("region", "")
    qs = Workshop.objects.select_related("region").prefetch_related("provinces")
    if region:
        qs = qs.filter(region_id=region)
    return _list_page(
        request,
        "knowledge/workshop_list.html",
        qs,
        region=region,
        regions=Region.objects.all(),
        can_add=request.user.has_perm("knowledge.add_workshop"),
    )


@login_required
def workshop_detail(request, pk):
    _require(request, "knowledge.view")
    workshop = get_object_or_404(
        Workshop.objects.select_related("region").prefetch_related("provinces", "lessons"), pk=pk
    )
    return render(request, "knowledge/workshop_detail.html", {"workshop": workshop})


@login_required
def workshop_new(request):
    _require(request, "knowledge.add_workshop")
    prefixes = [f"l{i}" for i in range(LESSON_ROWS)]
    if request.method == "POST":
        form = WorkshopForm(request.POST)
        lesson_forms = [LessonForm(request.POST, prefix=p) for p in prefixes]
        if form.is_valid() and all(f.is_valid() for f in lesson_forms):
            lessons = [
                services.LessonInput(**f.cleaned_data)
                for f in lesson_forms
                if f.cleaned_data.get("phase") or f.cleaned_data.get("what_happened")
            ]
            d = form.cleaned_data
            try:
                workshop = services.workshop_record(
                    actor=request.user,
                    title=d["title"],
                    region_id=d["region"].pk,
                    province_ids=[p.pk for p in d["provinces"]],
                    held_on=d["held_on"],
                    participants=d["participants"],
                    participant_count=d["participant_count"],
                    lessons=lessons,
                )
            except ValidationError as exc:
                validation_errors_to_form(form, exc)
            else:
                messages.success(request, _("Workshop and lessons saved."))
                return redirect("knowledge:workshop", pk=workshop.pk)
    else:
        form = WorkshopForm(initial={"region": request.user.region_id})
        lesson_forms = [LessonForm(prefix=p) for p in prefixes]
    return render(
        request, "knowledge/workshop_form.html", {"form": form, "lesson_forms": lesson_forms}
    )


# --- search -------------------------------------------------------------------------------------
def _hit_urls(hits) -> None:
    from .models import ChecklistItem as Item
    from .models import DocKind, Lesson

    refs = {kind: [h.doc.ref for h in hits if h.doc.kind == kind] for kind in DocKind.values}
    lessons = dict(Lesson.objects.filter(pk__in=refs["lesson"]).values_list("pk", "workshop_id"))
    practices = dict(
        GoodPractice.objects.filter(
            lineage__in=refs["practice"], status=PracticeStatus.PUBLISHED
        ).values_list("lineage", "pk")
    )
    phases = dict(Item.objects.filter(pk__in=refs["checklist"]).values_list("pk", "phase"))
    for h in hits:
        ref, kind = h.doc.ref, h.doc.kind
        if kind == DocKind.LAW:
            h.url = reverse("knowledge:law") + f"#law-{ref}"
        elif kind == DocKind.CHECKLIST:
            h.url = reverse("knowledge:checklists") + f"#stage-{phases.get(ref, '')}"
        elif kind == DocKind.LESSON and ref in lessons:
            h.url = reverse("knowledge:workshop", args=[lessons[ref]]) + f"#lesson-{ref}"
        elif kind == DocKind.PRACTICE and ref in practices:
            h.url = reverse("knowledge:practice", args=[practices[ref]])
        else:
            h.url = ""


@login_required
def search_page(request):
    from .forms import SearchForm
    from .search import Filters, search

    _require(request, "knowledge.view")
    form = SearchForm(request.GET or None)
    hits, searched = [], False
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        d = form.cleaned_data
        hits = search(
            q=d["q"],
            filters=Filters(
                kind=d["kind"] or "",
                phase=d["phase"] or "",
                region_id=d["region"].pk if d["region"] else "",
                date_from=d["date_from"],
                date_to=d["date_to"],
            ),
        )
        _hit_urls(hits)
        searched = True
    return render(
        request, "knowledge/search.html", {"form": form, "hits": hits, "searched": searched}
    )
