"""What a user may see of the indicators: the place (nation, region, province) checked against
``access.aggregate_scope(actor)``, and every cell suppressed below 5 where the scope says so.

Views, downloads and reports read through here; indicators.py computes raw figures only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saphan.cases.enums import ExploitationType
from saphan.core.thai import (
    ENGLISH_MONTHS_SHORT,
    THAI_MONTHS_SHORT,
    format_date,
    is_thai_language,
    to_be_year,
)
from saphan.geo.models import Province, Region
from saphan.orgs import access
from saphan.people.codes import country_name
from saphan.people.models import Sex

from . import indicators as ind

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from django.db.models import Model

    from saphan.orgs.models import User

SMALL_CELL = 5
SUPPRESSED = "<5"
# Complementary (secondary) suppression: a figure withheld so that a "<5" cannot be worked out
# from the total of its row (the place's total is on the same page).
WITHHELD = "x"
HIDDEN = (SUPPRESSED, WITHHELD)
PERM = "insight.view_aggregates"


# --- places and who may see them -------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    level: str  # nation, region, province
    code: str | None
    name: str
    province_codes: tuple[str, ...] | None  # None = nation
    region_code: str | None = None
    region_name: str = ""

    @property
    def url(self) -> str:
        if self.level == "nation":
            return reverse("insight:nation")
        return reverse(f"insight:{self.level}", args=[self.code])


def require_viewer(actor: User) -> access.AggregateScope:
    access.require(actor, PERM)
    scope = access.aggregate_scope(actor)
    if scope.is_empty:
        raise PermissionDenied(PERM)
    return scope


def _covers(scope: access.AggregateScope, codes: Iterable[str]) -> bool:
    return scope.province_codes is None or set(codes) <= set(scope.province_codes)


def place_for(actor: User, *, level: str, code: str | None = None) -> Place:
    """The place, if this actor's aggregate scope covers it (else PermissionDenied)."""
    scope = require_viewer(actor)
    if level == "nation":
        if scope.province_codes is not None:
            raise PermissionDenied(PERM)
        return Place("nation", None, _("Whole country"), None)
    if level == "region":
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise Http404
        codes = tuple(
            Province.objects.filter(region=region).order_by("code").values_list("code", flat=True)
        )
        if not _covers(scope, codes):
            raise PermissionDenied(PERM)
        return Place("region", region.code, region.name, codes, region.code, region.name)
    if level == "province":
        province = Province.objects.select_related("region").filter(code=code).first()
        if province is None:
            raise Http404
        if not _covers(scope, [province.code]):
            raise PermissionDenied(PERM)
        return Place(
            "province",
            province.code,
            province.name,
            (province.code,),
            province.region_id,
            province.region.name,
        )
    raise Http404


def home_place(actor: User) -> Place:
    """Where a user's dashboard starts: the nation, their region or their province."""
    scope = require_viewer(actor)
    if scope.province_codes is None:
        return place_for(actor, level="nation")
    if actor.region_id and len(scope.province_codes) > 1:
        return place_for(actor, level="region", code=actor.region_id)
    return place_for(actor, level="province", code=sorted(scope.province_codes)[0])


def can_open(actor: User, *, level: str, code: str | None = None) -> bool:
    try:
        place_for(actor, level=level, code=code)
    except (PermissionDenied, Http404):
        return False
    return True


def suppresses(actor: User) -> bool:
    return access.aggregate_scope(actor).suppress_small_cells


# --- periods ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PeriodChoice:
    key: str
    start: dt.date
    end: dt.date
    label: str
    kind: str  # fiscal_year, quarter, month


def _month_label(year: int, month: int) -> str:
    if is_thai_language():
        return f"{THAI_MONTHS_SHORT[month - 1]} {to_be_year(year)}"
    return f"{ENGLISH_MONTHS_SHORT[month - 1]} {year}"


def _fy_label(be_year: int) -> str:
    return _("Fiscal year %(year)s") % {"year": be_year}


def _quarter_label(be_year: int, q: int) -> str:
    return _("Quarter %(q)s of fiscal year %(year)s") % {"q": q, "year": be_year}


def _last12_start(today: dt.date) -> dt.date:
    """The first day of the month eleven months before this one: twelve whole months."""
    y, m = today.year, today.month - 11
    if m <= 0:
        y, m = y - 1, m + 12
    return dt.date(y, m, 1)


def period_choices(today: dt.date | None = None) -> list[PeriodChoice]:
    """The last 12 months, the current and two past fiscal years, their quarters, and the
    last 24 months."""
    today = today or timezone.localdate()
    fy_now = ind.fiscal_year_of(today)
    out: list[PeriodChoice] = [
        PeriodChoice("12m", _last12_start(today), today, _("Last 12 months"), "recent")
    ]
    for fy in range(fy_now, fy_now - 3, -1):
        start, end = ind.fiscal_year_bounds(fy)
        out.append(PeriodChoice(f"FY{fy}", start, end, _fy_label(fy), "fiscal_year"))
    for fy in range(fy_now, fy_now - 2, -1):
        for q in range(4, 0, -1):
            start, end = ind.quarter_bounds(fy, q)
            if start <= today:
                out.append(
                    PeriodChoice(f"FY{fy}-Q{q}", start, end, _quarter_label(fy, q), "quarter")
                )
    y, m = today.year, today.month
    for _i in range(24):
        start = dt.date(y, m, 1)
        end = ind.month_periods(start, ind._month_end(y, m))[0].end
        out.append(PeriodChoice(f"{y}-{m:02d}", start, end, _month_label(y, m), "month"))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out


def parse_period(text: str | None, today: dt.date | None = None) -> PeriodChoice:
    """A period key (12m, FY2569, FY2569-Q2, 2026-03); anything else is the last 12 months."""
    choices = period_choices(today)
    for choice in choices:
        if choice.key == text:
            return choice
    return choices[0]


def trend_grain(period: PeriodChoice) -> str:
    return "month"


def trend_range(period: PeriodChoice) -> tuple[dt.date, dt.date]:
    """A month alone is a poor trend: show the twelve months up to it."""
    if period.kind != "month":
        return period.start, period.end
    y, m = period.start.year, period.start.month
    y, m = (y - 1, m + 1) if m < 12 else (y, 1)
    return dt.date(y, m, 1), period.end


# --- cells -----------------------------------------------------------------------------------
def shown(
    indicator: ind.Indicator, value: int | float | None, n: int, suppress: bool
) -> int | float | str | None:
    """What a user sees for one cell: the value, or "<5" where it rests on 1-4 records."""
    if suppress and 0 < n < SMALL_CELL:
        return SUPPRESSED
    if suppress and indicator.is_count and value and 0 < value < SMALL_CELL:
        return SUPPRESSED
    return value


def label_of(by: str, key: str, names: dict | None = None) -> str:
    if key in (ind.UNKNOWN, "", None):
        return _("Unknown")
    if by in ("province", "region"):
        return (names or {}).get(key, key)
    if by == "sex":
        return str(Sex(key).label) if key in Sex.values else key
    if by == "citizenship":
        return country_name(key)
    if by == "exploitation":
        return str(ExploitationType(key).label) if key in ExploitationType.values else key
    if by == "age_group":
        return _("%(range)s years") % {"range": key}
    if by == "month":
        y, m = key.split("-")
        return _month_label(int(y), int(m))
    return key


# --- charts ----------------------------------------------------------------------------------
@dataclass
class Series:
    name: str
    values: list  # numbers for the chart (None where suppressed or empty)
    display: list  # what a reader sees: numbers, "<5" or ""


@dataclass
class Chart:
    id: str
    title: str
    kind: str  # bar, hbar, pie, line, map
    dimension: str
    keys: list[str]
    labels: list[str]
    series: list[Series]
    links: list[str | None] = field(default_factory=list)
    unit: str = ""
    note: str = ""

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "keys": self.keys,
            "labels": self.labels,
            "links": self.links,
            "unit": self.unit,
            "series": [
                {"name": s.name, "values": s.values, "display": s.display} for s in self.series
            ],
        }

    def table(self) -> tuple[list[str], list[list]]:
        """The chart's data as a table (CSV, XLSX): the same suppressed cells as on screen."""
        header = [self.dimension_label, *[s.name for s in self.series]]
        rows = [
            [label, *[s.display[i] for s in self.series]] for i, label in enumerate(self.labels)
        ]
        return header, rows

    @property
    def keyed_rows(self) -> list[tuple[str, list]]:
        return list(zip(self.keys, self.table()[1], strict=True))

    @property
    def dimension_label(self) -> str:
        return str(DIMENSION_LABELS.get(self.dimension, self.dimension))


DIMENSION_LABELS = {
    "month": gettext_lazy("Month"),
    "province": gettext_lazy("Province"),
    "region": gettext_lazy("Region"),
    "sex": gettext_lazy("Sex"),
    "age_group": gettext_lazy("Age group"),
    "citizenship": gettext_lazy("Citizenship"),
    "exploitation": gettext_lazy("Form of exploitation"),
    "indicator": gettext_lazy("Indicator"),
}


def withheld_note() -> str:
    return _(
        "x: withheld so that a figure under 5 cannot be worked out from the total; "
        "it may be any number."
    )


def _reader_bounds(
    indicator: ind.Indicator, mark: int | float | str | None, row_has_small: bool
) -> tuple[float, float]:
    """What a reader who knows these rules can tell of a hidden cell: a count shown "<5" is 1 to
    4; an "x" in a row that also shows "<5" is 5 or more (a withheld complement), an "x" in a
    row without "<5" at least 1 (complement() relabels); a hidden sum of baht anything."""
    if not indicator.is_count:
        return 0.0, float("inf")
    if mark == SUPPRESSED:
        return 1.0, float(SMALL_CELL - 1)
    return (float(SMALL_CELL) if row_has_small else 1.0), float("inf")


def _derivable(indicator: ind.Indicator, values: list, display: list) -> bool:
    """Whether a reader who knows the row's total (the sum of its cells) could pin down a
    figure hidden because it rests on fewer than 5 records."""
    hidden = [i for i, d in enumerate(display) if d in HIDDEN]
    if not hidden:
        return False
    if not indicator.is_count:
        return len(hidden) == 1  # one hidden sum is the total less the shown ones
    total = sum(values[i] or 0 for i in hidden)
    has_small = any(display[i] == SUPPRESSED for i in hidden)
    bounds = {i: _reader_bounds(indicator, display[i], has_small) for i in hidden}
    for i in hidden:
        if not (values[i] and values[i] < SMALL_CELL):
            continue  # a withheld figure of 5 or more is no secret by itself
        others = [bounds[j] for j in hidden if j != i]
        low = max(bounds[i][0], total - sum(b[1] for b in others))
        high = min(bounds[i][1], total - sum(b[0] for b in others))
        if low >= high:
            return True
    return False


def complement(indicator: ind.Indicator, values: list, display: list) -> list:
    """Complementary suppression of one row whose total is published: while a small figure
    could be worked out from the total and the figures shown, withhold the smallest figure
    still shown ("x"); where the whole row is hidden and that is still not enough, the row's
    "<5" become "x" too (then the reader no longer knows which ones are under 5).
    Only for additive figures (counts and sums): medians and shares add up to nothing."""
    display = list(display)
    if indicator.aggregation not in ("count", "sum"):
        return display
    while _derivable(indicator, values, display):
        shown_cells = [
            i
            for i, d in enumerate(display)
            if d not in HIDDEN and d not in (None, "") and values[i]
        ]
        if not shown_cells:
            display = [WITHHELD if d == SUPPRESSED else d for d in display]
            break
        smallest = min(shown_cells, key=lambda i: (values[i], i))
        display[smallest] = WITHHELD
    return display


def _series(key: str, cells: list[ind.Cell], suppress: bool, name: str | None = None) -> Series:
    indicator = ind.INDICATORS[key]
    display = [shown(indicator, c.value, c.n, suppress) for c in cells]
    if suppress:
        display = complement(indicator, [c.value for c in cells], display)
    values = [
        None if d in HIDDEN or c.value is None else c.value
        for c, d in zip(cells, display, strict=True)
    ]
    return Series(str(name or indicator.label), values, ["" if d is None else d for d in display])


def _names(model: type[Model], codes: Iterable[str]) -> dict[str, str]:
    """Names in the active language, read once per page (``ind.batch`` keeps them)."""
    memo = ind.page_memo()
    key = ("names", model.__name__, translation.get_language())
    if memo is not None and key in memo:
        every = memo[key]
    else:
        every = {o.code: o.name for o in model.objects.all()}
        if memo is not None:
            memo[key] = every
    return {c: every[c] for c in codes if c in every}


def _dimension_chart(
    place: Place,
    period: ind.Period,
    *,
    chart_id: str,
    title: str,
    key: str,
    by: str,
    kind: str,
    suppress: bool,
    links: Callable[[str], str] | None = None,
):
    cells = ind.breakdown(
        key, start=period.start, end=period.end, by=by, province_codes=place.province_codes
    )
    names = None
    if by == "province":
        names = _names(Province, [c.key for c in cells])
    elif by == "region":
        names = _names(Region, [c.key for c in cells])
    if by == "citizenship":  # the biggest first, a long tail folded into its rows anyway
        cells = sorted(cells, key=lambda c: -(c.value or 0))
    return Chart(
        id=chart_id,
        title=title,
        kind=kind,
        dimension=by,
        keys=[c.key for c in cells],
        labels=[label_of(by, c.key, names) for c in cells],
        series=[_series(key, cells, suppress)],
        links=[links(c.key) if links else None for c in cells],
        unit=str(ind.INDICATORS[key].unit_label),
    )


CHART_IDS = [
    "kpis",
    "trend",
    "areas",
    "map",
    "sex",
    "age",
    "citizenship",
    "exploitation",
    "compensation",
]


def chart(actor: User, place: Place, period: PeriodChoice, chart_id: str) -> Chart:
    """One chart of a dashboard, computed now for the place and period the actor may see
    (the downloads: always current, never a snapshot)."""
    with ind.batch():
        return _chart(place, period, chart_id, suppresses(actor))


# Charts of identified victims by one dimension: chart id -> (title, breakdown, chart kind).
VICTIM_DIMENSIONS = {
    "sex": (gettext_lazy("Victims identified by sex"), "sex", "pie"),
    "age": (gettext_lazy("Victims identified by age group"), "age_group", "bar"),
    "citizenship": (gettext_lazy("Victims identified by citizenship"), "citizenship", "hbar"),
    "exploitation": (
        gettext_lazy("Victims identified by form of exploitation"),
        "exploitation",
        "hbar",
    ),
}


def _chart(place: Place, period: PeriodChoice, chart_id: str, suppress: bool) -> Chart:
    if chart_id == "kpis":
        keys = list(ind.INDICATORS)
        labels, values, display = [], [], []
        for key in keys:
            indicator = ind.INDICATORS[key]
            value, n = ind.compute_with_n(
                key, start=period.start, end=period.end, province_codes=place.province_codes
            )
            d = shown(indicator, value, n, suppress)
            labels.append(str(indicator.label))
            values.append(None if d == SUPPRESSED else value)
            display.append("" if d is None else d)
        return Chart(
            "kpis",
            _("Indicators"),
            "table",
            "indicator",
            keys,
            labels,
            [Series(_("Value"), values, display)],
            [None] * len(keys),
        )
    if chart_id == "trend":
        return _monthly_chart(
            place,
            period,
            chart_id="trend",
            title=_("Cases opened and victims identified by month"),
            kind="line",
            keys=("victims_identified", "cases_opened"),
            suppress=suppress,
        )
    if chart_id in ("areas", "map"):
        if place.level == "nation" and chart_id == "areas":
            return _dimension_chart(
                place,
                period,
                chart_id="areas",
                title=_("Victims identified by region"),
                key="victims_identified",
                by="region",
                kind="bar",
                suppress=suppress,
                links=lambda code: reverse("insight:region", args=[code]),
            )
        chart_ = _dimension_chart(
            place,
            period,
            chart_id=chart_id,
            title=_("Victims identified by province"),
            key="victims_identified",
            by="province",
            kind="map" if chart_id == "map" else "bar",
            suppress=suppress,
            links=lambda code: reverse("insight:province", args=[code]),
        )
        return _with_every_province(chart_, place, suppress)
    if chart_id in VICTIM_DIMENSIONS:
        title, by, kind = VICTIM_DIMENSIONS[chart_id]
        chart_ = _dimension_chart(
            place,
            period,
            chart_id=chart_id,
            title=str(title),
            key="victims_identified",
            by=by,
            kind=kind,
            suppress=suppress,
        )
        if chart_id == "age":
            return _ordered(chart_, [*ind.AGE_GROUPS, ind.UNKNOWN])
        if chart_id == "exploitation":
            chart_.note = _("A victim exploited in several ways counts under each form.")
        return chart_
    if chart_id == "compensation":
        keys_ = ("compensation_ordered_baht", "compensation_paid_baht")
        return _monthly_chart(
            place,
            period,
            chart_id="compensation",
            title=_("Compensation ordered and paid by month (baht)"),
            kind="bar",
            keys=keys_,
            suppress=suppress,
            unit=str(ind.INDICATORS[keys_[0]].unit_label),
        )
    raise Http404


def _monthly_chart(
    place: Place,
    period: PeriodChoice,
    *,
    chart_id: str,
    title: str,
    kind: str,
    keys: tuple[str, ...],
    suppress: bool,
    unit: str = "",
) -> Chart:
    """One series a figure (``keys``), by month over the period's trend range."""
    start, end = trend_range(period)
    cells = {
        k: ind.breakdown(k, start=start, end=end, by="month", province_codes=place.province_codes)
        for k in keys
    }
    months = [c.key for c in cells[keys[0]]]
    return Chart(
        chart_id,
        title,
        kind,
        "month",
        months,
        [label_of("month", m) for m in months],
        [_series(k, cells[k], suppress) for k in keys],
        [None] * len(months),
        unit=unit,
    )


def _ordered(chart_: Chart, order: list[str]) -> Chart:
    index = {k: i for i, k in enumerate(chart_.keys)}
    keys = [k for k in order if k in index] + [k for k in chart_.keys if k not in order]
    chart_.keys = keys
    chart_.labels = [chart_.labels[index[k]] for k in keys]
    chart_.links = [chart_.links[index[k]] for k in keys]
    for s in chart_.series:
        s.values = [s.values[index[k]] for k in keys]
        s.display = [s.display[index[k]] for k in keys]
    return chart_


def _with_every_province(chart_: Chart, place: Place, suppress: bool) -> Chart:
    """Every province of the place, zero where nothing happened, so the map has no holes."""
    codes = list(place.province_codes or Province.objects.values_list("code", flat=True))
    names = _names(Province, codes)
    have = {k: i for i, k in enumerate(chart_.keys)}
    series = chart_.series[0]
    values, display = [], []
    for code in sorted(codes):
        i = have.get(code)
        values.append(series.values[i] if i is not None else 0)
        display.append(series.display[i] if i is not None else 0)
    codes = sorted(codes)
    chart_.keys = codes
    chart_.labels = [names.get(c, c) for c in codes]
    chart_.links = [reverse("insight:province", args=[c]) for c in codes]
    series.values, series.display = values, display
    return chart_


def dashboard_chart_ids(place: Place) -> list[str]:
    ids = ["kpis", "trend"]
    if place.level != "province":
        ids += ["areas", "map"] if place.level == "nation" else ["map"]
    return ids + ["sex", "age", "citizenship", "exploitation", "compensation"]


def compute_dashboard(place: Place, period: PeriodChoice, *, suppress: bool) -> list[Chart]:
    """Every chart of a place's dashboard, aggregated now from the fact table (facts.py),
    which the first indicator read brings up to date with the case records."""
    with ind.batch():
        return [_chart(place, period, cid, suppress) for cid in dashboard_chart_ids(place)]


def dashboard(actor: User, place: Place, period: PeriodChoice) -> dict:
    """Everything one dashboard page shows, current to the last change of the case records.
    ``place`` comes from place_for, which checked the actor's scope."""
    suppress = suppresses(actor)
    charts = compute_dashboard(place, period, suppress=suppress)
    return {"charts": charts, "suppress": suppress, "computed_at": timezone.now()}


def breadcrumbs(actor: User, place: Place) -> list[tuple[str, str | None]]:
    """Nation → region → province, each a link only where the actor may open it."""
    crumbs: list[tuple[str, str | None]] = []
    if can_open(actor, level="nation"):
        crumbs.append((_("Whole country"), reverse("insight:nation")))
    if place.region_code and place.level != "nation":
        url = (
            reverse("insight:region", args=[place.region_code])
            if can_open(actor, level="region", code=place.region_code)
            else None
        )
        crumbs.append((place.region_name, url))
    if place.level == "province":
        crumbs.append((place.name, place.url))
    return crumbs


def regions_list(actor: User) -> list[tuple[str, str]]:
    """The regions (name, url) the actor may drill into."""
    scope = require_viewer(actor)
    provinces: dict[str, list[str]] = {}
    for code, region in Province.objects.values_list("code", "region_id"):
        provinces.setdefault(region, []).append(code)
    return [
        (r.name, reverse("insight:region", args=[r.code]))
        for r in Region.objects.order_by("order")
        if _covers(scope, provinces.get(r.code, []))
    ]


def provinces_list(actor: User, place: Place) -> list[tuple[str, str]]:
    codes = place.province_codes
    qs = Province.objects.order_by("name_th")
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return [(p.name, reverse("insight:province", args=[p.code])) for p in qs]


def period_text(period: PeriodChoice) -> str:
    return f"{period.label} ({format_date(period.start)} – {format_date(period.end)})"
