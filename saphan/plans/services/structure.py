"""Writes of the plan's structure (central office): the plan, its strategies, measures,
indicators with their yearly national targets, and the assignments to provinces with their
targets."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from saphan.geo.models import Province
from saphan.orgs import access
from saphan.orgs.roles import Jurisdiction

from .. import computed
from ..models import (
    ActionPlan,
    Assignment,
    Indicator,
    IndicatorTarget,
    Measure,
    ProgressEntry,
    Strategy,
)
from .reports import _parse_value

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from saphan.orgs.models import User


# --- the plan itself (central office) ---------------------------------------------------------
@transaction.atomic
def assignment_targets_set(
    *, actor: User, province: Province, fiscal_year: int, targets: dict
) -> int:
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
def _refuse(field: str | None, message: str) -> None:
    raise ValidationError({field: [message]} if field else message)


def _saved(obj: Model, fields: dict) -> Model:
    """``obj`` with the form's ``fields`` set, checked against the model's rules, and saved."""
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def _refuse_if_taken(
    rows: QuerySet, item: Model | None, fields: dict, field: str, message: str
) -> None:
    """Refuse the form's ``field`` when another of ``rows`` than ``item`` has its value."""
    others = rows.exclude(pk=getattr(item, "pk", None))
    if others.filter(**{field: fields.get(field)}).exists():
        _refuse(field, message)


def _refuse_outside(plan: ActionPlan, year: int, field: str | None) -> None:
    if not plan.covers(year):
        _refuse(
            field,
            _("Fiscal year %(y)s is outside the plan's years (%(a)s–%(b)s).")
            % {"y": year, "a": plan.start_year, "b": plan.end_year},
        )


def _entries_of(**where: object) -> bool:
    return ProgressEntry.objects.filter(**where).exists()


@transaction.atomic
def plan_save(*, actor: User, plan: ActionPlan | None = None, fields: dict) -> ActionPlan:
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
    plan = _saved(plan or ActionPlan(), fields)
    return plan


@transaction.atomic
def strategy_save(
    *, actor: User, plan: ActionPlan, strategy: Strategy | None = None, fields: dict
) -> Strategy:
    access.require(actor, "plans.manage_plan")
    of_plan = Strategy.objects.filter(plan=plan)
    _refuse_if_taken(
        of_plan, strategy, fields, "kind", _("This plan already has a strategy of this kind.")
    )
    _refuse_if_taken(
        of_plan, strategy, fields, "number", _("Another strategy of this plan has this number.")
    )
    strategy = _saved(strategy or Strategy(plan=plan), fields)
    return strategy


@transaction.atomic
def measure_save(
    *, actor: User, strategy: Strategy, measure: Measure | None = None, fields: dict
) -> Measure:
    access.require(actor, "plans.manage_plan")
    _refuse_if_taken(
        Measure.objects.filter(strategy__plan_id=strategy.plan_id),
        measure,
        fields,
        "code",
        _("Another measure of this plan has this code."),
    )
    measure = _saved(measure or Measure(strategy=strategy), fields)
    return measure


@transaction.atomic
def indicator_save(
    *,
    actor: User,
    measure: Measure,
    indicator: Indicator | None = None,
    fields: dict,
    targets: dict,
) -> Indicator:
    """Create or change an indicator and its yearly national targets. ``targets`` maps a B.E.
    fiscal year to its target (None or "" removes it); every year must be one of the plan's."""
    from ..models import IndicatorKind

    access.require(actor, "plans.manage_plan")
    plan = measure.strategy.plan
    _refuse_if_taken(
        Indicator.objects.filter(measure__strategy__plan=plan),
        indicator,
        fields,
        "code",
        _("Another indicator of this plan has this code."),
    )
    if fields.get("kind") == IndicatorKind.COMPUTED:
        if fields.get("insight_key") not in computed_keys():
            _refuse("insight_key", _("Choose which case-data figure this indicator counts."))
    else:
        fields = {**fields, "insight_key": ""}
    parsed: dict[int, Decimal | None] = {}
    for year, value in targets.items():
        year = int(year)
        _refuse_outside(plan, year, None)
        parsed[year] = None if value in (None, "") else Decimal(value)
    indicator = _saved(indicator or Indicator(measure=measure), fields)
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
    *, actor: User, indicator: Indicator, assignment: Assignment | None = None, fields: dict
) -> Assignment:
    """Assign an indicator to a province (and its lead agency) for a fiscal year, with the
    province's own target. One assignment per indicator × province × year."""
    access.require(actor, "plans.manage_plan")
    plan = indicator.measure.strategy.plan
    year = fields.get("fiscal_year")
    if year is not None:
        _refuse_outside(plan, year, "fiscal_year")
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
    assignment = _saved(assignment or Assignment(indicator=indicator), fields)
    return assignment


REFERENCED = _(
    "Progress reports already refer to this %(what)s, so it cannot be deleted. "
    "Change it instead, or take the plan out of force."
)


@transaction.atomic
def structure_delete(*, actor: User, obj: Model) -> None:
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
