"""The central office's plan editor: the plan, its strategies, measures, indicators (with their
yearly national targets) and assignments. Thin: forms shape the input, services.py checks the
rules across records and saves (pghistory keeps each change), rules.py decides who may
(``plans.manage_plan``: central officers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
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


@login_required
def plan_edit(request, pk=None):
    _require_manager(request)
    plan = get_object_or_404(ActionPlan, pk=pk) if pk else None
    form = forms.PlanForm(request.POST or None, instance=plan)
    return _edit(
        request,
        form=form,
        heading=_("Edit the plan") if plan else _("New national plan"),
        back=_structure_url(plan) if plan else reverse("plans:manage_index"),
        save=lambda f: services.plan_save(
            actor=request.user, plan=plan, fields=forms.model_fields(f)
        ),
        done=_structure_url,
    )


@login_required
def strategy_edit(request, plan_pk=None, pk=None):
    _require_manager(request)
    strategy, plan = _item_and_parent(Strategy, pk, "plan", ActionPlan, plan_pk)
    form = forms.StrategyForm(request.POST or None, instance=strategy)
    return _edit(
        request,
        form=form,
        heading=_("Edit the strategy") if strategy else _("New strategy"),
        back=_structure_url(plan),
        save=lambda f: services.strategy_save(
            actor=request.user, plan=plan, strategy=strategy, fields=forms.model_fields(f)
        ),
        done=lambda s: _structure_url(plan),
    )


@login_required
def measure_edit(request, strategy_pk=None, pk=None):
    _require_manager(request)
    measure, strategy = _item_and_parent(Measure, pk, "strategy", Strategy, strategy_pk)
    form = forms.MeasureForm(request.POST or None, instance=measure)
    return _edit(
        request,
        form=form,
        heading=_("Edit the measure") if measure else _("New measure"),
        back=_structure_url(strategy.plan),
        save=lambda f: services.measure_save(
            actor=request.user, strategy=strategy, measure=measure, fields=forms.model_fields(f)
        ),
        done=lambda m: _structure_url(strategy.plan) + f"#measure-{m.pk}",
    )


@login_required
def indicator_edit(request, measure_pk=None, pk=None):
    _require_manager(request)
    indicator, measure = _item_and_parent(Indicator, pk, "measure", Measure, measure_pk)
    plan = measure.strategy.plan
    form = forms.IndicatorForm(request.POST or None, instance=indicator, plan=plan)
    return _edit(
        request,
        form=form,
        heading=_("Edit the indicator") if indicator else _("New indicator"),
        back=_structure_url(plan),
        save=lambda f: services.indicator_save(
            actor=request.user,
            measure=measure,
            indicator=indicator,
            fields=f.model_fields(),
            targets=f.targets(),
        ),
        done=lambda i: _structure_url(plan) + f"#indicator-{i.pk}",
    )


@login_required
def assignment_edit(request, indicator_pk=None, pk=None):
    _require_manager(request)
    assignment, indicator = _item_and_parent(Assignment, pk, "indicator", Indicator, indicator_pk)
    plan = indicator.measure.strategy.plan
    form = forms.AssignmentForm(request.POST or None, instance=assignment, plan=plan)
    return _edit(
        request,
        form=form,
        heading=(_("Edit the assignment") if assignment else _("Assign the indicator"))
        + f": {indicator.code} {indicator.title}",
        back=_indicator_url(indicator),
        save=lambda f: services.assignment_save(
            actor=request.user,
            indicator=indicator,
            assignment=assignment,
            fields=forms.model_fields(f),
        ),
        done=lambda a: _indicator_url(indicator),
    )


DELETABLE = {
    "strategy": Strategy,
    "measure": Measure,
    "indicator": Indicator,
    "assignment": Assignment,
}


def _plan_of(obj) -> ActionPlan:
    if isinstance(obj, Strategy):
        return obj.plan
    if isinstance(obj, Measure):
        return obj.strategy.plan
    if isinstance(obj, Indicator):
        return obj.measure.strategy.plan
    return obj.indicator.measure.strategy.plan


@login_required
@require_POST
def structure_delete(request, what: str, pk):
    _require_manager(request)
    model = DELETABLE.get(what)
    if model is None:
        raise PermissionDenied("nothing of that kind can be deleted here")
    obj = get_object_or_404(model, pk=pk)
    plan = _plan_of(obj)
    back = _indicator_url(obj.indicator) if isinstance(obj, Assignment) else _structure_url(plan)
    try:
        services.structure_delete(actor=request.user, obj=obj)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Deleted."))
    return redirect(back)
