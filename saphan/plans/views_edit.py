"""The central office's plan editor: the plan, its strategies, measures, indicators (with their
yearly national targets) and assignments. Thin: forms shape the input, services.py checks the
rules across records and saves (pghistory keeps each change), rules.py decides who may
(``plans.manage_plan``: central officers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from saphan.core.forms import validation_errors_to_form

from . import forms, services
from .models import ActionPlan, Assignment, Indicator, Measure, Strategy


def _require_manager(request) -> None:
    if not request.user.has_perm("plans.manage_plan"):
        raise PermissionDenied("only the central office edits the plan")


def _edit(request, *, form, heading: str, back: str, save, done):
    """GET shows the form; a valid POST is saved by ``save(form)``, then redirects to ``done``."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form)
        except ValidationError as exc:
            validation_errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(done(obj))
    return render(request, "plans/edit_form.html", {"form": form, "heading": heading, "back": back})


def _item_and_parent(model, pk, parent: str, parent_model, parent_pk):
    """The item edited (None for a new one) and what it belongs to: its own when it exists,
    else the one named in the address."""
    item = get_object_or_404(model, pk=pk) if pk else None
    owner = getattr(item, parent) if item else get_object_or_404(parent_model, pk=parent_pk)
    return item, owner


def _structure_url(plan) -> str:
    return reverse("plans:manage_plan", args=[plan.pk])


@login_required
def manage_index(request):
    _require_manager(request)
    plans = ActionPlan.objects.annotate(n_strategies=Count("strategies")).order_by("-start_year")
    return render(request, "plans/manage_index.html", {"plans": plans})


@login_required
def manage_plan(request, pk):
    _require_manager(request)
    plan = get_object_or_404(ActionPlan, pk=pk)
    # Assignments are counted here and listed on each indicator's own page: the demo plan alone
    # has thousands of them (77 provinces x 30 indicators x years).
    strategies = Strategy.objects.filter(plan=plan).prefetch_related(
        Prefetch(
            "measures",
            queryset=Measure.objects.order_by("number").prefetch_related(
                Prefetch(
                    "indicators",
                    queryset=Indicator.objects.order_by("number")
                    .annotate(n_assignments=Count("assignments"))
                    .prefetch_related("targets"),
                )
            ),
        )
    )
    return render(request, "plans/manage_plan.html", {"plan": plan, "strategies": strategies})


@login_required
def manage_indicator(request, pk):
    """One indicator: its yearly targets and every assignment, to edit, delete or add."""
    _require_manager(request)
    indicator = get_object_or_404(
        Indicator.objects.select_related("measure__strategy__plan"), pk=pk
    )
    assignments = indicator.assignments.select_related("province", "agency").order_by(
        "fiscal_year", "province__name_th", "agency__name_th"
    )
    return render(
        request,
        "plans/manage_indicator.html",
        {
            "indicator": indicator,
            "plan": indicator.measure.strategy.plan,
            "assignments": assignments,
            "targets": indicator.targets.all(),
        },
    )


def _indicator_url(indicator) -> str:
    return reverse("plans:manage_indicator", args=[indicator.pk])


@dataclass(frozen=True)
class Level:
    """One level of the plan's structure as its editor sees it. ``name`` is the level's word in
    the addresses, in the page anchors and the keyword its service takes the item by; ``parent``
    names the level above (the model's field and the service's keyword), None for the plan."""

    name: str
    model: type
    form: type
    save: Callable[..., object]
    new_heading: Promise
    edit_heading: Promise
    parent: str | None = None
    form_takes_plan: bool = False  # the form's choices are the plan's fiscal years
    with_targets: bool = False  # the form also carries the yearly national targets
    anchor: bool = False  # after saving, the plan's page opens at the item
    on_indicator_page: bool = False  # listed on its indicator's page, named in the heading


LEVELS = {
    level.name: level
    for level in (
        Level(
            "plan",
            ActionPlan,
            forms.PlanForm,
            services.plan_save,
            gettext_lazy("New national plan"),
            gettext_lazy("Edit the plan"),
        ),
        Level(
            "strategy",
            Strategy,
            forms.StrategyForm,
            services.strategy_save,
            gettext_lazy("New strategy"),
            gettext_lazy("Edit the strategy"),
            parent="plan",
        ),
        Level(
            "measure",
            Measure,
            forms.MeasureForm,
            services.measure_save,
            gettext_lazy("New measure"),
            gettext_lazy("Edit the measure"),
            parent="strategy",
            anchor=True,
        ),
        Level(
            "indicator",
            Indicator,
            forms.IndicatorForm,
            services.indicator_save,
            gettext_lazy("New indicator"),
            gettext_lazy("Edit the indicator"),
            parent="measure",
            form_takes_plan=True,
            with_targets=True,
            anchor=True,
        ),
        Level(
            "assignment",
            Assignment,
            forms.AssignmentForm,
            services.assignment_save,
            gettext_lazy("Assign the indicator"),
            gettext_lazy("Edit the assignment"),
            parent="indicator",
            form_takes_plan=True,
            on_indicator_page=True,
        ),
    )
}
_LEVEL_OF_MODEL = {level.model: level for level in LEVELS.values()}

# Every level below the plan is deleted from the editor's pages.
DELETABLE = {name: level.model for name, level in LEVELS.items() if level.parent}


def _plan_of(obj) -> ActionPlan:
    """The plan an item of any level belongs to, up its parents."""
    while not isinstance(obj, ActionPlan):
        obj = getattr(obj, _LEVEL_OF_MODEL[type(obj)].parent)
    return obj


def _listing_url(level: Level, owner) -> str:
    """The editor's page that lists a level's items of ``owner``: the indicator's own page for
    its assignments, the plan's structure page for the rest."""
    return _indicator_url(owner) if level.on_indicator_page else _structure_url(_plan_of(owner))


@login_required
def structure_edit(request, what: str, parent_pk=None, pk=None):
    """Edit the item ``pk`` of the level ``what``, or create one under ``parent_pk``."""
    _require_manager(request)
    level = LEVELS[what]
    if level.parent is None:  # the plan: it has no owner and its page is its own
        item, owner = get_object_or_404(level.model, pk=pk) if pk else None, None
        back = _structure_url(item) if item else reverse("plans:manage_index")
    else:
        parent_model = LEVELS[level.parent].model
        item, owner = _item_and_parent(level.model, pk, level.parent, parent_model, parent_pk)
        back = _listing_url(level, owner)
    plan_kwarg = {"plan": _plan_of(owner)} if level.form_takes_plan else {}
    form = level.form(request.POST or None, instance=item, **plan_kwarg)
    heading = str(level.edit_heading if item else level.new_heading)
    if level.on_indicator_page:
        heading += f": {owner.code} {owner.title}"

    def save(f):
        given = {"fields": forms.model_fields(f)}
        if level.with_targets:
            given["targets"] = f.targets()
        if level.parent:
            given[level.parent] = owner
        return level.save(actor=request.user, **{level.name: item}, **given)

    def done(obj) -> str:
        if level.parent is None:
            return _structure_url(obj)
        return back + (f"#{level.name}-{obj.pk}" if level.anchor else "")

    return _edit(request, form=form, heading=heading, back=back, save=save, done=done)


@login_required
@require_POST
def structure_delete(request, what: str, pk):
    _require_manager(request)
    model = DELETABLE.get(what)
    if model is None:
        raise PermissionDenied("nothing of that kind can be deleted here")
    obj = get_object_or_404(model, pk=pk)
    level = LEVELS[what]
    back = _listing_url(level, getattr(obj, level.parent))
    try:
        services.structure_delete(actor=request.user, obj=obj)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Deleted."))
    return redirect(back)
