"""Official reports from the live indicators: the annual report to the Cabinet (s.40 of the
Anti-Trafficking in Persons Act) and a statistics table of the kind international reports ask
for (victims by sex and age, citizenship and form of exploitation; cases and prosecutions).

Both are national, for central officers (``insight.official_reports``), with cells below 5
suppressed as on any page seen outside a province; each generation writes an ExportLog row.
PDF: WeasyPrint with Sarabun embedded (saphan/core/pdf.py), as for the case PDFs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.core.pdf import css_string, font_css, html_to_pdf
from saphan.core.thai import format_date, format_datetime_be
from saphan.geo.models import Province, Region

from . import indicators as ind
from . import selectors, services
from .tables import to_xlsx

PERM = "insight.official_reports"


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    kind: str
    title: str
    subtitle: str
    tables: list[Table]
    notes: list[str]

    @property
    def suppressed_cells(self) -> int:
        return sum(1 for t in self.tables for r in t.rows for v in r if v in selectors.HIDDEN)


def require_reporter(actor) -> None:
    if actor is None or not actor.has_perm(PERM):
        raise PermissionDenied(PERM)


def _value(key: str, value, n: int):
    return selectors.shown(ind.INDICATORS[key], value, n, True)


def _dimension_table(key, start, end, by, title, order=None) -> Table:
    cells = ind.breakdown(key, start=start, end=end, by=by)
    names = None
    if by == "province":
        names = {p.code: p.name for p in Province.objects.all()}
    if by == "region":
        names = {r.code: r.name for r in Region.objects.all()}
    if order:
        rank = {k: i for i, k in enumerate(order)}
        cells = sorted(cells, key=lambda c: rank.get(c.key, len(rank)))
    else:
        cells = sorted(cells, key=lambda c: -(c.value or 0))
    display = selectors.complement(
        ind.INDICATORS[key], [c.value for c in cells], [_value(key, c.value, c.n) for c in cells]
    )
    rows = [[selectors.label_of(by, c.key, names), d] for c, d in zip(cells, display, strict=True)]
    total, n = ind.compute_with_n(key, start=start, end=end)
    if by != "exploitation":
        rows.append([_("Total"), _value(key, total, n)])
    return Table(title, [str(selectors.DIMENSION_LABELS[by]), _("Persons")], rows)


def _sex_age_table(start, end) -> Table:
    cells = {
        c.key: c
        for c in ind.breakdown("victims_identified", start=start, end=end, by="sex_majority")
    }
    groups = [("adult", _("Adults (18 and over)")), ("minor", _("Children (under 18)")),
              ("unknown", _("Age unknown"))]  # fmt: skip
    sexes = ["Feminine", "Masculine", "TransgenderFeminine", "TransgenderMasculine",
             "NonConforming", "NonSpecifiedUnknown"]  # fmt: skip
    grid = [[cells.get(f"{sex}|{g}") for g, _label in groups] for sex in sexes]
    keep = [i for i, row in enumerate(grid) if any(row)]
    values = [[c.value if c else 0 for c in grid[i]] for i in keep]
    shown = [
        [_value("victims_identified", c.value, c.n) if c else 0 for c in grid[i]] for i in keep
    ]
    shown = _complement_grid(ind.INDICATORS["victims_identified"], values, shown)
    rows = [[selectors.label_of("sex", sexes[i])] + shown[r] for r, i in enumerate(keep)]
    return Table(
        _("Victims identified by sex and age"),
        [_("Sex"), *[label for _g, label in groups]],
        rows,
    )


def _complement_grid(indicator, values: list[list], shown: list[list]) -> list[list]:
    """Complementary suppression of a two-way table whose row and column totals are published
    elsewhere (victims by sex, by age): rows and columns in turn until nothing changes."""
    while True:
        before = [list(r) for r in shown]
        shown = [selectors.complement(indicator, v, d) for v, d in zip(values, shown, strict=True)]
        for j in range(len(values[0]) if values else 0):
            column = selectors.complement(
                indicator, [row[j] for row in values], [row[j] for row in shown]
            )
            for i, d in enumerate(column):
                shown[i][j] = d
        if shown == before:
            return shown


def _kpi_table(periods: list[tuple[str, dt.date, dt.date]]) -> Table:
    rows = []
    for key, indicator in ind.INDICATORS.items():
        row = [f"{indicator.label} ({indicator.unit_label})"]
        for _label, start, end in periods:
            value, n = ind.compute_with_n(key, start=start, end=end)
            shown = _value(key, value, n)
            row.append("–" if shown is None else shown)
        rows.append(row)
    return Table(_("Indicators"), [_("Indicator"), *[p[0] for p in periods]], rows)


def _prosecution_table(start, end) -> Table:
    from saphan.cases.enums import ProceedingStatus
    from saphan.cases.models import LegalProceeding

    counts = {}
    for status in ProceedingStatus:
        counts[status] = LegalProceeding.objects.filter(
            status=status, created_at__date__gte=start, created_at__date__lte=end
        ).count()
    rows = [[str(s.label), selectors.shown(ind.INDICATORS["prosecutions"], n, n, True)]
            for s, n in counts.items()]  # fmt: skip
    return Table(_("Legal proceedings recorded, by stage"), [_("Stage"), _("Cases")], rows)


def cabinet_report(*, actor, fiscal_year: int) -> Report:
    """The annual report to the Cabinet (s.40) for a Thai fiscal year (B.E.)."""
    require_reporter(actor)
    start, end = ind.fiscal_year_bounds(fiscal_year)
    end = min(end, timezone.localdate())
    prev_start, prev_end = ind.fiscal_year_bounds(fiscal_year - 1)
    v = "victims_identified"
    tables = [
        _kpi_table(
            [
                (_("Fiscal year %(year)s") % {"year": fiscal_year - 1}, prev_start, prev_end),
                (_("Fiscal year %(year)s") % {"year": fiscal_year}, start, end),
            ]
        ),
        _dimension_table(v, start, end, "region", _("Victims identified by region")),
        _dimension_table(v, start, end, "province", _("Victims identified by province")),
        _sex_age_table(start, end),
        _dimension_table(v, start, end, "citizenship", _("Victims identified by citizenship")),
        _dimension_table(
            v, start, end, "exploitation", _("Victims identified by form of exploitation")
        ),
        _prosecution_table(start, end),
    ]
    return Report(
        "cabinet_report",
        _(
            "Annual report to the Cabinet on the prevention and suppression of trafficking in "
            "persons (s.40)"
        ),  # fmt: skip
        _("Fiscal year %(year)s (%(start)s – %(end)s)")
        % {"year": fiscal_year, "start": format_date(start), "end": format_date(end)},
        tables,
        _notes(),
    )


def statistics_table(*, actor, start: dt.date, end: dt.date) -> Report:
    """Victims by sex and age, citizenship and form of exploitation; cases and prosecutions."""
    require_reporter(actor)
    v = "victims_identified"
    cases_opened, n_opened = ind.compute_with_n("cases_opened", start=start, end=end)
    prosecuted, n_pros = ind.compute_with_n("prosecutions", start=start, end=end)
    victims, n_victims = ind.compute_with_n(v, start=start, end=end)
    summary = Table(
        _("Cases and prosecutions"),
        [_("Figure"), _("Number")],
        [
            [_("Cases opened"), _value("cases_opened", cases_opened, n_opened)],
            [_("Victims identified"), _value(v, victims, n_victims)],
            [_("Prosecutions"), _value("prosecutions", prosecuted, n_pros)],
        ],
    )
    tables = [
        summary,
        _sex_age_table(start, end),
        _dimension_table(
            v,
            start,
            end,
            "age_group",
            _("Victims identified by age group"),
            order=[*ind.AGE_GROUPS, ind.UNKNOWN],
        ),  # fmt: skip
        _dimension_table(v, start, end, "citizenship", _("Victims identified by citizenship")),
        _dimension_table(
            v, start, end, "exploitation", _("Victims identified by form of exploitation")
        ),
    ]
    return Report(
        "statistics",
        _("Trafficking in persons: statistics table"),
        f"{format_date(start)} – {format_date(end)}",
        tables,
        _notes(),
    )


def _notes() -> list[str]:
    return [
        _("Source: Saphan case records, computed %(when)s.")
        % {"when": format_datetime_be(timezone.now())},
        _("<5: fewer than 5 records; the number is withheld to protect victims."),
        selectors.withheld_note(),
        _("A victim exploited in several ways counts under each form."),
        _(
            "Victims identified: persons whose approved identification decision found them to be "
            "victims of trafficking, counted by the date of that decision."
        ),  # fmt: skip
    ]


def render_pdf(report: Report, *, actor) -> bytes:
    generated = _("Generated %(when)s by %(who)s") % {
        "when": format_datetime_be(timezone.now()),
        "who": getattr(actor, "display_name", "") or actor.get_username(),
    }
    html = render_to_string(
        "insight/pdf/report.html",
        {
            "report": report,
            "font_css": font_css(),
            "ministry": _("Ministry of Social Development and Human Security"),
            "css_footer": css_string(generated),
            "css_page": css_string(_("Page") + " "),
            "demo": bool(getattr(settings, "SAPHAN_DEMO", False)),
            "css_demo": css_string(_("Synthetic data (demonstration)")),
            "suppressed_mark": selectors.SUPPRESSED,
        },
    )
    return html_to_pdf(html)


def render_xlsx(report: Report) -> bytes:
    sheets = []
    for i, table in enumerate(report.tables, start=1):
        notes = [report.title, report.subtitle, *report.notes]
        sheets.append((f"{i} {table.title}", table.header, table.rows, notes))
    return to_xlsx(sheets)


def log(report: Report, *, actor, fmt: str, params: dict) -> None:
    services.export_log(
        actor=actor,
        kind=report.kind,
        scope="nation",
        params=params,
        rows=sum(len(t.rows) for t in report.tables),
        suppressed=report.suppressed_cells,
        destination=fmt,
    )
