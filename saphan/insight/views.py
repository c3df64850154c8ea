"""Dashboards: nation, region, province; each chart's data as CSV or XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.core.downloads import attachment
from saphan.core.spreadsheets import CONTENT_TYPES, CSV, XLSX
from saphan.core.thai import format_date
from saphan.geo import provincemap

from . import indicators, reports, selectors, services
from .indicators import INDICATORS
from .tables import to_csv, to_xlsx


@login_required
def home(request):
    return redirect(selectors.home_place(request.user).url + _period_query(request))


def _period_query(request) -> str:
    period = request.GET.get("period")
    return f"?period={period}" if period else ""


@login_required
def nation(request):
    if selectors.require_viewer(request.user).province_codes is not None:
        return redirect(selectors.home_place(request.user).url + _period_query(request))
    return _dashboard(request, selectors.place_for(request.user, level="nation"))


@login_required
def region(request, code: str):
    return _dashboard(request, selectors.place_for(request.user, level="region", code=code))


@login_required
def province(request, code: str):
    return _dashboard(request, selectors.place_for(request.user, level="province", code=code))


def _dashboard(request, place):
    period = selectors.parse_period(request.GET.get("period"))
    data = selectors.dashboard(request.user, place, period)
    charts = data["charts"]
    kpis = charts[0]
    map_svg = ""
    if any(c.kind == "map" for c in charts):
        map_svg = provincemap.svg_for(list(place.province_codes or provincemap.SVG_IDS))
    context = {
        "place": place,
        "period": period,
        "period_text": selectors.period_text(period),
        "periods": selectors.period_choices(),
        "kpis": [
            (key, label, value, INDICATORS[key].unit_label)
            for key, label, value in zip(
                kpis.keys, kpis.labels, kpis.series[0].display, strict=True
            )
        ],
        "charts": charts[1:],
        "charts_json": [c.as_json() for c in charts[1:]],
        "map_svg": map_svg,
        "map_credit": provincemap.CREDIT,
        "suppress": data["suppress"],
        "computed_at": data["computed_at"],
        "suppressed_mark": selectors.SUPPRESSED,
        "withheld_mark": selectors.WITHHELD,
        "crumbs": selectors.breadcrumbs(request.user, place),
        "regions": selectors.regions_list(request.user) if place.level == "nation" else [],
        "provinces": selectors.provinces_list(request.user, place)
        if place.level == "region"
        else [],
    }
    return render(request, "insight/dashboard.html", context)


@login_required
def chart_download(request, chart_id: str, fmt: str):
    if fmt not in ("csv", "xlsx") or chart_id not in selectors.CHART_IDS:
        raise Http404
    level = request.GET.get("level", "nation")
    code = request.GET.get("code") or None
    place = selectors.place_for(request.user, level=level, code=code)
    period = selectors.parse_period(request.GET.get("period"))
    chart = selectors.chart(request.user, place, period, chart_id)
    header, rows = chart.table()
    suppressed = sum(1 for row in rows for v in row[1:] if v in selectors.HIDDEN)
    services.export_log(
        actor=request.user,
        kind="chart",
        scope=f"{place.level}:{place.code or 'TH'}",
        params={"chart": chart_id, "period": period.key, "format": fmt},
        rows=len(rows),
        suppressed=suppressed,
        destination=fmt,
    )
    notes = [
        f"{place.name} · {selectors.period_text(period)}",
        _("Source: Saphan case records, computed %(when)s.")
        % {"when": format_date(timezone.localdate())},
    ]
    if suppressed:
        notes.append(_("<5: fewer than 5 records; the number is withheld to protect victims."))
    if any(v == selectors.WITHHELD for row in rows for v in row[1:]):
        notes.append(selectors.withheld_note())
    filename = f"saphan-{chart_id}-{place.level}-{place.code or 'TH'}-{period.key}.{fmt}"
    if fmt == "csv":
        return attachment(to_csv(header, rows), filename=filename, content_type=CONTENT_TYPES[CSV])
    return attachment(to_xlsx([(chart.title, header, rows, notes)]), filename=filename)


@login_required
def reports_page(request):
    reports.require_reporter(request.user)
    fy_now = indicators.fiscal_year_of(timezone.localdate())
    fiscal_years = [
        (fy, _("Fiscal year %(year)s") % {"year": fy}) for fy in range(fy_now, fy_now - 4, -1)
    ]
    return render(
        request,
        "insight/reports.html",
        {"fiscal_years": fiscal_years, "periods": selectors.period_choices()},
    )


def _report_response(request, report, fmt: str, params: dict, stem: str):
    if fmt == "pdf":
        body = reports.render_pdf(report, actor=request.user)
        content_type = "application/pdf"
    else:
        body = reports.render_xlsx(report)
        content_type = CONTENT_TYPES[XLSX]
    reports.log(report, actor=request.user, fmt=fmt, params=params)
    return attachment(body, filename=f"{stem}.{fmt}", content_type=content_type)


@login_required
def report_cabinet(request, fmt: str):
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    reports.require_reporter(request.user)
    fy_now = indicators.fiscal_year_of(timezone.localdate())
    try:
        fy = int(request.GET.get("fy", fy_now))
    except ValueError:
        fy = fy_now
    fy = min(max(fy, fy_now - 10), fy_now)
    report = reports.cabinet_report(actor=request.user, fiscal_year=fy)
    return _report_response(request, report, fmt, {"fiscal_year": fy}, f"saphan-cabinet-s40-{fy}")


@login_required
def report_statistics(request, fmt: str):
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    reports.require_reporter(request.user)
    period = selectors.parse_period(request.GET.get("period"))
    report = reports.statistics_table(actor=request.user, start=period.start, end=period.end)
    return _report_response(
        request, report, fmt, {"period": period.key}, f"saphan-statistics-{period.key}"
    )


# --- the national standard exports (HTCDS, CTDC), as encrypted ZIP files ----------------------
@login_required
def exports_page(request):
    """Central officers: make the HTCDS tables or the CTDC-style dataset. The file is an AES-256
    ZIP; its password is shown once on the next page, with a one-time download link."""
    import tempfile
    from pathlib import Path

    from saphan.audit import sealed
    from saphan.audit.views import render_sealed

    from . import exports

    exports.require_exporter(request.user)
    if request.method != "POST":
        return render(request, "insight/exports.html", {"k": exports.K})
    kind = request.POST.get("kind")
    if kind not in ("htcds", "ctdc"):
        return render(
            request,
            "insight/exports.html",
            {"k": exports.K, "error": _("Choose which export to make.")},
            status=400,
        )
    stamp = timezone.localdate().strftime("%Y%m%d")
    with tempfile.TemporaryDirectory(prefix="saphan-export-") as tmp:
        out = Path(tmp)
        if kind == "htcds":
            counts = exports.export_htcds(actor=request.user, out_dir=out / "htcds")
            files = {f"{t}.csv": (out / "htcds" / f"{t}.csv").read_bytes() for t in counts}
            rows = sum(counts.values())
            title = _("HTCDS v2 tables (de-identified), %(n)d files") % {"n": len(files)}
        else:
            result = exports.export_ctdc(actor=request.user, out_file=out / "ctdc.csv")
            files = {"ctdc.csv": (out / "ctdc.csv").read_bytes()}
            rows = len(result.records)
            title = _("CTDC-style dataset (k-anonymous, k = %(k)d)") % {"k": exports.K}
    export, password = sealed.seal(
        actor=request.user,
        kind=kind,
        file_name=f"saphan-{kind}-{stamp}.zip",
        files=files,
        rows=rows,
        scope="nation",
        path=request.path,
    )
    return render_sealed(request, export, password, back_url=request.path, title=title)
