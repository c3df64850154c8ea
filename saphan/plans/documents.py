"""The quarterly plan-progress report of a province as PDF (WeasyPrint, Sarabun embedded, the
project's official-document look of saphan/cases/documents_pdf.py) and as XLSX (openpyxl).

Both are rendered in the actor's language (Thai unless they chose English), dates in the
Buddhist Era, and both check that the actor may see the report.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from saphan.core import spreadsheets
from saphan.core.pdf import css_string, font_css, html_to_pdf, language_of
from saphan.core.thai import format_date_be, format_datetime_be
from saphan.orgs import access

from . import selectors
from .models import ProgressReport, ProgressStatus


def _rows(report: ProgressReport, *, suppress: bool) -> list[dict]:
    rows = []
    for group in selectors.report_entries(report, suppress=suppress):
        for mg in group.measures:
            for e in mg.rows:
                indicator = e.indicator
                rows.append(
                    {
                        "strategy": f"{group.strategy.number}. {group.strategy.title}",
                        "measure": f"{mg.measure.code} {mg.measure.title}",
                        "code": indicator.code,
                        "title": indicator.title,
                        "unit": str(indicator.get_unit_display()),
                        "source": (
                            _("from case records")
                            if indicator.is_computed
                            else _("reported by the province")
                        ),
                        "target": e.assignment.target,
                        "value": "<5" if e.suppressed else e.value,
                        "status": str(ProgressStatus(e.status).label) if e.status else "",
                        "status_key": e.status,
                        "narrative": e.narrative,
                        "evidence": ", ".join(ev.title for ev in e.evidence.all()),
                    }
                )
    return rows


def _who(user) -> str:
    return user.display_name if user is not None else ""


def _trail(report: ProgressReport) -> list[tuple[str, str]]:
    trail = [(_("State"), report.get_state_display())]
    if report.status:
        trail.append((_("Overall status"), report.get_status_display()))
    if report.submitted_at:
        trail.append(
            (
                _("Submitted"),
                f"{format_datetime_be(report.submitted_at)} · {_who(report.submitted_by)}",
            )
        )
    if report.approved_at:
        trail.append(
            (
                _("Approved"),
                f"{format_datetime_be(report.approved_at)} · {_who(report.approved_by)}",
            )
        )
    if report.reviewed_at:
        trail.append(
            (
                _("Reviewed by the regional office"),
                f"{format_datetime_be(report.reviewed_at)} · {_who(report.reviewed_by)}",
            )
        )
    return trail


def _title(report: ProgressReport) -> str:
    return _("Plan progress report of %(province)s, %(period)s") % {
        "province": report.province.name,
        "period": report.period.label,
    }


def report_pdf(*, actor, report: ProgressReport) -> bytes:
    access.require(actor, "plans.view_report", report)
    with translation.override(language_of(actor)):
        title = _title(report)
        generated = _("Generated %(when)s by %(who)s") % {
            "when": format_datetime_be(timezone.now()),
            "who": actor.display_name,
        }
        demo = bool(getattr(settings, "SAPHAN_DEMO", False)) or report.is_demo
        html = render_to_string(
            "plans/pdf/report.html",
            {
                "lang": translation.get_language(),
                "title": title,
                "case": None,
                "report": report,
                "ministry": _("Ministry of Social Development and Human Security"),
                "agency_name": report.plan.title,
                "period_text": f"{format_date_be(report.period.starts_on)} – {format_date_be(report.period.ends_on)}",
                "due_text": format_date_be(report.period.due_on),
                "rows": _rows(report, suppress=selectors.suppresses_small_counts(actor)),
                "trail": _trail(report),
                "generated_text": generated,
                "demo": demo,
                "demo_text": _("Synthetic data (demonstration)"),
                "font_css": font_css(),
                "css_footer": css_string(generated),
                "css_case": css_string(f"{report.province.name} · {report.period.label}"),
                "css_page": css_string(_("Page") + " "),
                "css_confidential": css_string(""),
                "css_demo": css_string(_("Synthetic data (demonstration)")),
            },
        )
    return html_to_pdf(html)


def report_xlsx(*, actor, report: ProgressReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    access.require(actor, "plans.view_report", report)
    with translation.override(language_of(actor)):
        wb = Workbook()
        ws = wb.active
        ws.title = _("Report")[:31]
        spreadsheets.append(ws, [_title(report)])
        ws["A1"].font = Font(bold=True, size=14)
        spreadsheets.append(ws, [report.plan.title])
        spreadsheets.append(
            ws,
            [
                _("Period"),
                f"{format_date_be(report.period.starts_on)} – {format_date_be(report.period.ends_on)}",
            ],
        )
        for label, value in _trail(report):
            spreadsheets.append(ws, [label, value])
        if report.is_demo:
            spreadsheets.append(ws, [_("Synthetic data (demonstration)")])
        spreadsheets.append(ws, [])
        headers = [
            _("Strategy"), _("Measure"), _("Code"), _("Indicator"), _("Unit"), _("Source"),
            _("Province target"), _("Value"), _("Status"), _("What was done"), _("Evidence files"),
        ]  # fmt: skip
        spreadsheets.append(ws, headers)
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1D5C7A")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r in _rows(report, suppress=selectors.suppresses_small_counts(actor)):
            spreadsheets.append(ws,
                [
                    r["strategy"], r["measure"], r["code"], r["title"], r["unit"], r["source"],
                    float(r["target"]) if r["target"] is not None else None,
                    r["value"] if isinstance(r["value"], str) or r["value"] is None else float(r["value"]),
                    r["status"], r["narrative"], r["evidence"],
                ]
            )  # fmt: skip
        for col, width in zip(
            "ABCDEFGHIJK", (28, 30, 8, 50, 10, 18, 12, 12, 16, 40, 24), strict=True
        ):
            ws.column_dimensions[col].width = width
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        if report.summary:
            spreadsheets.append(ws, [])
            spreadsheets.append(ws, [_("Summary of the quarter"), report.summary])
        buffer = io.BytesIO()
        wb.save(buffer)
    return buffer.getvalue()


# --- the roll-up of a region or the nation ---------------------------------------------------
def _rollup_title(*, region, quarter) -> str:
    area = region.name if region is not None else _("Whole country")
    return _("Plan progress report: %(area)s, %(period)s") % {"area": area, "period": quarter.label}


def _province_rows(rollup) -> list[dict]:
    return [
        {
            "region": row.province.region.name,
            "province": row.province.name,
            "state": str(row.report.get_state_display()) if row.report else _("No report sent"),
            "status": str(ProgressStatus(row.status).label) if row.status else "",
            "status_key": row.status,
            "counts": [row.counts.get(v, 0) if row.report else "" for v in ProgressStatus.values],
        }
        for row in rollup.provinces
    ]


def _indicator_rows(rollup) -> list[dict]:
    return [
        {
            "code": i.indicator.code,
            "title": i.indicator.title,
            "unit": str(i.indicator.get_unit_display()),
            "source": _("from case records")
            if i.indicator.is_computed
            else _("reported by the province"),
            "value": "<5" if i.suppressed else i.value,
            "target": i.target,
            "reporting": i.reporting,
            "counts": [i.counts.get(v, 0) for v in ProgressStatus.values],
        }
        for i in rollup.indicators
    ]


def _national_rows(national) -> list[dict]:
    """What the plan asks of national agencies themselves (assignments without a province)."""
    return [
        {
            "agency": str(a.agency),
            "code": a.indicator.code,
            "title": a.indicator.title,
            "unit": a.indicator.get_unit_display(),
            "target": a.target,
        }
        for a in national
    ]


def rollup_pdf(*, actor, rollup, quarter, region=None, regions=None, national=()) -> bytes:
    with translation.override(language_of(actor)):
        title = _rollup_title(region=region, quarter=quarter)
        generated = _("Generated %(when)s by %(who)s") % {
            "when": format_datetime_be(timezone.now()),
            "who": actor.display_name,
        }
        html = render_to_string(
            "plans/pdf/rollup.html",
            {
                "lang": translation.get_language(),
                "title": title,
                "case": None,
                "ministry": _("Ministry of Social Development and Human Security"),
                "agency_name": rollup.plan.title if rollup.plan else "",
                "period_text": f"{format_date_be(quarter.start)} – {format_date_be(quarter.end)}",
                "sent": rollup.sent,
                "total": len(rollup.provinces),
                "status_counts": [
                    (label, rollup.status_counts.get(value, 0))
                    for value, label in ProgressStatus.choices
                ],
                "status_labels": [label for _v, label in ProgressStatus.choices],
                "regions": regions or [],
                "provinces": _province_rows(rollup),
                "indicators": _indicator_rows(rollup),
                "national": _national_rows(national),
                "generated_text": generated,
                "demo": bool(getattr(settings, "SAPHAN_DEMO", False)),
                "demo_text": _("Synthetic data (demonstration)"),
                "font_css": font_css(),
                "css_footer": css_string(generated),
                "css_case": css_string(quarter.label),
                "css_page": css_string(_("Page") + " "),
                "css_confidential": css_string(""),
                "css_demo": css_string(_("Synthetic data (demonstration)")),
            },
        )
    return html_to_pdf(html)


def rollup_xlsx(*, actor, rollup, quarter, region=None, regions=None, national=()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    def header(ws, names):
        spreadsheets.append(ws, names)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1D5C7A")

    def number(value):
        return value if isinstance(value, str) or value is None else float(value)

    with translation.override(language_of(actor)):
        statuses = [str(label) for _v, label in ProgressStatus.choices]
        wb = Workbook()
        ws = wb.active
        ws.title = _("By province")[:31]
        spreadsheets.append(ws, [_rollup_title(region=region, quarter=quarter)])
        ws["A1"].font = Font(bold=True, size=14)
        spreadsheets.append(
            ws, [_("Period"), f"{format_date_be(quarter.start)} – {format_date_be(quarter.end)}"]
        )
        spreadsheets.append(
            ws, [_("Provinces that sent their report"), rollup.sent, len(rollup.provinces)]
        )
        if getattr(settings, "SAPHAN_DEMO", False):
            spreadsheets.append(ws, [_("Synthetic data (demonstration)")])
        spreadsheets.append(ws, [])
        header(ws, [_("Region"), _("Province"), _("Report"), _("Overall status"), *statuses])
        for row in _province_rows(rollup):
            spreadsheets.append(
                ws, [row["region"], row["province"], row["state"], row["status"], *row["counts"]]
            )
        for col, width in zip("ABCDEFG", (22, 22, 36, 18, 12, 12, 12), strict=True):
            ws.column_dimensions[col].width = width
        wi = wb.create_sheet(_("By indicator")[:31])
        header(
            wi,
            [_("Code"), _("Indicator"), _("Unit"), _("Source"), _("Value this quarter"),
             _("Year target"), _("Provinces reporting"), *statuses],
        )  # fmt: skip
        for row in _indicator_rows(rollup):
            spreadsheets.append(wi,
                [row["code"], row["title"], row["unit"], row["source"], number(row["value"]),
                 number(row["target"]), row["reporting"], *row["counts"]]
            )  # fmt: skip
        for col, width in zip("ABCDEFGHIJ", (8, 55, 10, 18, 14, 14, 12, 12, 12, 12), strict=True):
            wi.column_dimensions[col].width = width
        if national:
            wn = wb.create_sheet(_("National agencies")[:31])
            header(wn, [_("lead agency"), _("Code"), _("Indicator"), _("Unit"), _("Year target")])
            for row in _national_rows(national):
                wn.append(
                    [row["agency"], row["code"], row["title"], row["unit"], number(row["target"])]
                )
            for col, width in zip("ABCDE", (36, 8, 55, 10, 14), strict=True):
                wn.column_dimensions[col].width = width
        if regions:
            wr = wb.create_sheet(_("By region")[:31])
            header(wr, [_("Region"), _("Reports sent"), _("Provinces"), *statuses])
            for r in regions:
                wr.append(
                    [
                        r.region.name,
                        r.sent,
                        r.provinces,
                        *[r.status_counts.get(v, 0) for v in ProgressStatus.values],
                    ]
                )
        buffer = io.BytesIO()
        wb.save(buffer)
    return buffer.getvalue()
