"""Reads of the plan cascade, each scoped by the actor (rules.py): what the plan asks of a
province, a report, and the roll-ups by region and nation.

Roll-ups count only reports the province has sent (submitted, approved or reviewed): a draft
stays inside the province.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from django.db.models import Prefetch

from saphan.geo import provincemap
from saphan.geo.models import Province, Region
from saphan.orgs import access

from .models import (
    SENT_STATES,
    ActionPlan,
    Assignment,
    Evidence,
    Indicator,
    ProgressEntry,
    ProgressReport,
    ProgressStatus,
)
from .periods import Quarter, fiscal_year_of, last_completed_quarter, quarter_of
from .services import suggest_status

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from uuid import UUID

    from saphan.orgs.models import Agency, User

    from .models import Strategy

STATUS_COLOURS = {
    ProgressStatus.ON_TRACK: "#2e7d32",
    ProgressStatus.AT_RISK: "#f2a900",
    ProgressStatus.OFF_TRACK: "#c62828",
    "": "#c9ced6",  # no report sent
}


SMALL_CELL = 5
COUNT_UNITS = {"people", "cases"}


def _require(actor: User, perm: str, obj: object | None = None) -> None:
    access.require(actor, perm, obj)


def plan_for(fiscal_year: int) -> ActionPlan | None:
    """The national plan in force for a B.E. fiscal year."""
    return (
        ActionPlan.objects.filter(
            is_active=True, start_year__lte=fiscal_year, end_year__gte=fiscal_year
        )
        .order_by("-start_year")
        .first()
    )


def suppresses_small_counts(actor: User) -> bool:
    """Whether counts of people or cases below 5 are hidden from this actor (anyone outside the
    province's own staff: orgs/access.py aggregate_scope)."""
    return access.aggregate_scope(actor).suppress_small_cells


def is_small_count(indicator: Indicator, value: Decimal | int | float | None) -> bool:
    """A count of victims or cases from the case records that is too small to show outside the
    province (1 to 4 people could be recognised)."""
    return (
        indicator.is_computed
        and indicator.unit in COUNT_UNITS
        and value is not None
        and 0 < value < SMALL_CELL
    )


# --- what the plan asks of a province -------------------------------------------------------
@dataclass
class AssignmentRow:
    assignment: Assignment
    indicator: Indicator
    year_value: Decimal | None = None
    last_value: Decimal | None = None
    last_status: str = ""
    suggested: str = ""

    @property
    def percent_of_target(self) -> int | None:
        target = self.assignment.target
        if self.year_value is None or not target:
            return None
        if self.indicator.direction == "lower":
            return None
        return int(self.year_value * 100 / target)


@dataclass
class MeasureGroup:
    measure: object
    rows: list[AssignmentRow] = field(default_factory=list)


@dataclass
class StrategyGroup:
    strategy: object
    measures: list[MeasureGroup] = field(default_factory=list)


@dataclass
class NextDue:
    quarter: Quarter
    report: ProgressReport | None
    overdue: bool


@dataclass
class ProvincePlan:
    province: Province
    plan: ActionPlan | None
    fiscal_year: int
    strategies: list[StrategyGroup]
    reports: list[ProgressReport]
    next_due: NextDue | None
    years: list = field(default_factory=list)

    def rows(self) -> Iterator[AssignmentRow]:
        return (row for s in self.strategies for m in s.measures for row in m.rows)

    @cached_property
    def counts(self) -> dict:
        """How many indicators stand at each latest status."""
        return dict(Counter(row.last_status for row in self.rows()))

    @cached_property
    def lead_agency(self) -> Agency | None:
        """The one agency that leads every indicator here, if there is one."""
        agencies = {row.assignment.agency for row in self.rows()}
        return agencies.pop() if len(agencies) == 1 else None


def _year_values(reports: Iterable[ProgressReport], assignments: Iterable[Assignment]) -> dict:
    """Per assignment: (year-to-date value, latest value, latest status) over ``reports``."""
    entries = (
        ProgressEntry.objects.filter(report__in=reports, assignment__in=assignments)
        .select_related("report__period")
        .order_by("report__period__quarter")
    )
    out: dict = defaultdict(lambda: [None, None, ""])
    for e in entries:
        slot = out[e.assignment_id]
        if e.value is not None:
            slot[0] = (slot[0] or Decimal(0)) + e.value
            slot[1] = e.value
        if e.status:
            slot[2] = e.status
    return out


def _grouped(
    assignments: Iterable[Assignment], values: dict, *, quarter: int
) -> list[StrategyGroup]:
    strategies: dict = {}
    for a in assignments:
        indicator = a.indicator
        measure = indicator.measure
        strategy = measure.strategy
        sg = strategies.setdefault(strategy.pk, StrategyGroup(strategy))
        if not sg.measures or sg.measures[-1].measure.pk != measure.pk:
            sg.measures.append(MeasureGroup(measure))
        total, last, status = values.get(a.pk, (None, None, ""))
        year_value = total if indicator.is_additive else last
        sg.measures[-1].rows.append(
            AssignmentRow(
                assignment=a,
                indicator=indicator,
                year_value=year_value,
                last_value=last,
                last_status=status,
                suggested=suggest_status(
                    indicator=indicator, target=a.target, value=year_value, quarter=quarter
                ),
            )
        )
    return list(strategies.values())


def _assignments(province: Province | None, fiscal_year: int, plan: ActionPlan):
    return (
        Assignment.objects.filter(
            province=province, fiscal_year=fiscal_year, indicator__measure__strategy__plan=plan
        )
        .select_related("indicator__measure__strategy", "agency")
        .order_by(
            "indicator__measure__strategy__number",
            "indicator__measure__number",
            "indicator__number",
        )
    )


def next_report_due(
    province: Province, plan: ActionPlan | None, *, today: dt.date
) -> NextDue | None:
    """The earliest ended quarter of this fiscal year or the last whose report is not sent yet;
    otherwise the quarter running now."""
    if plan is None:
        return None
    current = quarter_of(today)
    first = Quarter(fiscal_year_of(today) - 1, 1)
    reports = {
        (r.period.fiscal_year, r.period.quarter): r
        for r in ProgressReport.objects.filter(plan=plan, province=province).select_related(
            "period"
        )
    }
    years = set(
        Assignment.objects.filter(province=province, indicator__measure__strategy__plan=plan)
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    q = first
    while q < current:
        report = reports.get((q.fiscal_year, q.quarter))
        if q.fiscal_year in years and (report is None or report.state not in SENT_STATES):
            return NextDue(q, report, overdue=q.due < today)
        q = q.next()
    if current.fiscal_year not in years:
        return None
    return NextDue(current, reports.get((current.fiscal_year, current.quarter)), overdue=False)


def province_plan(
    *, actor: User, province: Province, today: dt.date, fiscal_year: int | None = None
) -> ProvincePlan:
    """What the plan asks of ``province`` in a fiscal year, and how far it has come.

    Without ``fiscal_year``: the year of the report the province must write next (the year just
    ended while its last quarter is still to report), else the current one."""
    _require(actor, "plans.view_province", province)
    current = fiscal_year_of(today)
    plan = plan_for(fiscal_year or current)
    if plan is None:
        return ProvincePlan(province, None, fiscal_year or current, [], [], None)
    next_due = next_report_due(province, plan, today=today)
    if fiscal_year is None:
        fiscal_year = next_due.quarter.fiscal_year if next_due else current
    assignments = list(_assignments(province, fiscal_year, plan))
    reports_qs = ProgressReport.objects.filter(
        plan=plan, province=province, period__fiscal_year=fiscal_year
    )
    if not actor.has_perm("plans.view_report", ProgressReport(province=province)):
        reports_qs = reports_qs.filter(state__in=SENT_STATES)
    reports = list(reports_qs.select_related("period").order_by("period__quarter"))
    values = _year_values(reports, assignments)
    quarter = max((r.period.quarter for r in reports), default=1)
    years = sorted(
        set(
            Assignment.objects.filter(province=province, indicator__measure__strategy__plan=plan)
            .filter(fiscal_year__lte=current)
            .values_list("fiscal_year", flat=True)
        )
    )
    return ProvincePlan(
        province=province,
        plan=plan,
        fiscal_year=fiscal_year,
        strategies=_grouped(assignments, values, quarter=quarter),
        reports=reports,
        next_due=next_due,
        years=years,
    )


# --- one report -------------------------------------------------------------------------------
def report_get(*, actor: User, report_id: UUID | str) -> ProgressReport:
    """A report the actor may see, or PermissionDenied / ProgressReport.DoesNotExist."""
    report = ProgressReport.objects.select_related(
        "plan", "province__region", "period", "drafted_by", "submitted_by", "approved_by",
        "reviewed_by",
    ).get(pk=report_id)  # fmt: skip
    _require(actor, "plans.view_report", report)
    return report


def report_entries(report: ProgressReport, *, suppress: bool = False) -> list[StrategyGroup]:
    """The report's entries grouped by strategy and measure, each with its evidence. With
    ``suppress``, small counts of people or cases from the case records are marked hidden."""
    entries = list(
        report.entries.select_related("assignment__indicator__measure__strategy").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("created_at"))
        )
    )
    strategies: dict = {}
    for e in entries:
        indicator = e.assignment.indicator
        measure = indicator.measure
        sg = strategies.setdefault(measure.strategy_id, StrategyGroup(measure.strategy))
        if not sg.measures or sg.measures[-1].measure.pk != measure.pk:
            sg.measures.append(MeasureGroup(measure))
        e.indicator = indicator
        e.suppressed = suppress and is_small_count(indicator, e.value)
        e.suggested = suggest_status(
            indicator=indicator,
            target=e.assignment.target,
            value=e.value,
            quarter=report.period.quarter,
        )
        sg.measures[-1].rows.append(e)
    return list(strategies.values())


def evidence_get(*, actor: User, report: ProgressReport, evidence_id: UUID | str) -> Evidence:
    _require(actor, "plans.view_report", report)
    return Evidence.objects.get(report=report, pk=evidence_id)


# --- roll-ups -------------------------------------------------------------------------------
@dataclass
class ProvinceRollup:
    province: Province
    report: ProgressReport | None
    counts: dict

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""

    @property
    def colour(self) -> str:
        return STATUS_COLOURS.get(self.status, STATUS_COLOURS[""])


@dataclass
class IndicatorRollup:
    indicator: Indicator
    target: Decimal | None
    value: Decimal | None
    reporting: int
    counts: dict
    suppressed: bool = False


@dataclass
class AreaRollup:
    """A region's or the nation's reports for one quarter."""

    quarter: Quarter
    plan: ActionPlan | None
    provinces: list[ProvinceRollup]
    indicators: list[IndicatorRollup]
    state_counts: dict
    status_counts: dict
    map_paths: list
    view_box: str

    @property
    def sent(self) -> int:
        return sum(1 for p in self.provinces if p.report is not None)


def _rollup(
    provinces: list[Province],
    quarter: Quarter,
    *,
    suppress: bool = True,
    map_codes: Iterable[str] | None = None,
) -> AreaRollup:
    plan = plan_for(quarter.fiscal_year)
    codes = [p.code for p in provinces]
    reports = {}
    entry_counts: dict = defaultdict(Counter)
    indicators: list[IndicatorRollup] = []
    if plan is not None:
        reports = {
            r.province_id: r
            for r in ProgressReport.objects.filter(
                plan=plan,
                province_id__in=codes,
                period__fiscal_year=quarter.fiscal_year,
                period__quarter=quarter.quarter,
                state__in=SENT_STATES,
            ).select_related("period", "approved_by", "reviewed_by")
        }
        entries = ProgressEntry.objects.filter(report__in=list(reports.values())).values_list(
            "report__province_id", "assignment__indicator_id", "value", "status"
        )
        by_indicator: dict = defaultdict(lambda: {"values": [], "counts": Counter()})
        for province_id, indicator_id, value, status in entries:
            entry_counts[province_id][status or ""] += 1
            slot = by_indicator[indicator_id]
            if value is not None:
                slot["values"].append(value)
            if status:
                slot["counts"][status] += 1
        targets: dict = defaultdict(list)
        for indicator_id, target in Assignment.objects.filter(
            province_id__in=codes,
            fiscal_year=quarter.fiscal_year,
            indicator__measure__strategy__plan=plan,
        ).values_list("indicator_id", "target"):
            targets[indicator_id].append(target)
        for indicator in Indicator.objects.filter(measure__strategy__plan=plan).select_related(
            "measure__strategy"
        ):
            slot = by_indicator.get(indicator.pk, {"values": [], "counts": Counter()})
            values = slot["values"]
            t = targets.get(indicator.pk, [])
            if indicator.is_additive:
                value = sum(values, Decimal(0)) if values else None
                target = sum(t, Decimal(0)) if t else None
            else:  # a rate or a duration: the mean of the provinces
                value = (
                    (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"))
                    if values
                    else None
                )
                target = (sum(t, Decimal(0)) / len(t)).quantize(Decimal("0.1")) if t else None
            indicators.append(
                IndicatorRollup(
                    indicator,
                    target,
                    value,
                    len(values),
                    dict(slot["counts"]),
                    suppressed=suppress and is_small_count(indicator, value),
                )
            )
    rows = [
        ProvinceRollup(p, reports.get(p.code), dict(entry_counts.get(p.code, {})))
        for p in provinces
    ]
    paths = provincemap.all_paths()
    by_code = {r.province.code: r for r in rows}
    map_codes = list(map_codes or codes)
    map_paths = [(paths[c], by_code.get(c)) for c in map_codes if c in paths]
    lake = paths.get("")
    if lake and any(c == "90" for c in map_codes):
        map_paths.append((lake, None))
    return AreaRollup(
        quarter=quarter,
        plan=plan,
        provinces=rows,
        indicators=indicators,
        state_counts=dict(Counter(r.report.state for r in rows if r.report)),
        status_counts=dict(Counter(r.status for r in rows)),
        map_paths=map_paths,
        view_box=provincemap.view_box(map_codes),
    )


def default_quarter(today: dt.date) -> Quarter:
    return last_completed_quarter(today)


def region_rollup(*, actor: User, region: Region, quarter: Quarter) -> AreaRollup:
    _require(actor, "plans.view_region", region)
    provinces = list(Province.objects.filter(region=region).order_by("name_th"))
    return _rollup(provinces, quarter, suppress=suppresses_small_counts(actor))


@dataclass
class RegionSummary:
    region: Region
    provinces: int
    sent: int
    status_counts: dict


def nation_rollup(*, actor: User, quarter: Quarter) -> tuple[AreaRollup, list[RegionSummary]]:
    _require(actor, "plans.view_nation")
    provinces = list(Province.objects.select_related("region").order_by("region__order", "name_th"))
    rollup = _rollup(provinces, quarter, suppress=suppresses_small_counts(actor))
    summaries = []
    for region in Region.objects.order_by("order"):
        rows = [r for r in rollup.provinces if r.province.region_id == region.code]
        summaries.append(
            RegionSummary(
                region=region,
                provinces=len(rows),
                sent=sum(1 for r in rows if r.report),
                status_counts=dict(Counter(r.status for r in rows)),
            )
        )
    return rollup, summaries


def visible_region(actor: User) -> Region | None:
    """The region whose roll-up an actor opens first: their own, or none."""
    if actor.region_id:
        return Region.objects.filter(pk=actor.region_id).first()
    return None


# --- the plan itself -------------------------------------------------------------------------
def plan_structure(*, actor: User, fiscal_year: int) -> tuple[ActionPlan | None, list[Strategy]]:
    """The plan in force for ``fiscal_year``: strategies → measures → indicators, each indicator
    with its national target for the year (``indicator.year_target``)."""
    from .models import IndicatorTarget, Measure, Strategy

    _require(actor, "plans.view_plan")
    plan = plan_for(fiscal_year)
    if plan is None:
        return None, []
    targets = dict(
        IndicatorTarget.objects.filter(
            indicator__measure__strategy__plan=plan, fiscal_year=fiscal_year
        ).values_list("indicator_id", "target")
    )
    strategies = list(
        Strategy.objects.filter(plan=plan).prefetch_related(
            Prefetch(
                "measures",
                queryset=Measure.objects.order_by("number").prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("number"))
                ),
            )
        )
    )
    for strategy in strategies:
        for measure in strategy.measures.all():
            for indicator in measure.indicators.all():
                indicator.year_target = targets.get(indicator.pk)
    return plan, strategies


def province_targets(*, actor: User, province: Province, fiscal_year: int) -> list[Assignment]:
    _require(actor, "plans.manage_plan")
    return list(
        Assignment.objects.filter(province=province, fiscal_year=fiscal_year)
        .select_related("indicator__measure__strategy", "agency")
        .order_by(
            "indicator__measure__strategy__number",
            "indicator__measure__number",
            "indicator__number",
        )
    )


# --- national agencies --------------------------------------------------------------------------
def national_assignments(
    *, plan: ActionPlan | None, fiscal_year: int, agency: Agency | None = None
) -> list[Assignment]:
    """The assignments of ``plan`` for ``fiscal_year`` to national agencies themselves (no
    province), optionally of one agency."""
    if plan is None:
        return []
    qs = Assignment.objects.filter(
        province__isnull=True, fiscal_year=fiscal_year, indicator__measure__strategy__plan=plan
    )
    if agency is not None:
        qs = qs.filter(agency=agency)
    return list(
        qs.select_related("indicator__measure__strategy", "agency").order_by(
            "agency__name_th",
            "indicator__measure__strategy__number",
            "indicator__measure__number",
            "indicator__number",
        )
    )


@dataclass
class AgencyPlan:
    agency: object
    plan: ActionPlan | None
    fiscal_year: int
    strategies: list[StrategyGroup]
    years: list = field(default_factory=list)


def agency_plan(
    *, actor: User, agency: Agency, today: dt.date, fiscal_year: int | None = None
) -> AgencyPlan:
    """What the plan asks of a national agency itself in a fiscal year (default: the current)."""
    _require(actor, "plans.view_agency", agency)
    fiscal_year = fiscal_year or fiscal_year_of(today)
    plan = plan_for(fiscal_year)
    assignments = national_assignments(plan=plan, fiscal_year=fiscal_year, agency=agency)
    years = []
    if plan is not None:
        years = sorted(
            set(
                Assignment.objects.filter(
                    province__isnull=True, agency=agency, indicator__measure__strategy__plan=plan
                ).values_list("fiscal_year", flat=True)
            )
        )
    return AgencyPlan(
        agency=agency,
        plan=plan,
        fiscal_year=fiscal_year,
        strategies=_grouped(assignments, {}, quarter=1),
        years=years,
    )
