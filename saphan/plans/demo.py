"""Demo data of the plan cascade: a synthetic national plan (labelled [ข้อมูลสาธิต]) with the five
strategies, 32 indicators (11 computed from case data), assignments to all 77 provinces for the
fiscal years it covers, and the reports of every ended quarter since the start of last fiscal
year (four to seven) in a mix of states and
statuses, so that the roll-ups and the maps have something to show.

Everything is made with bulk_create in a few seconds and only once (a second call adds nothing).
The values in the demo's past reports — computed indicators included — are synthetic; a report
written through the pages (Khon Kaen's latest quarter is left for that) takes its computed
values from the case records like any real one.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.geo.models import Province
from saphan.orgs.models import Agency
from saphan.orgs.reference import provincial_agency_code

from .models import (
    ActionPlan,
    Assignment,
    Indicator,
    IndicatorTarget,
    ProgressEntry,
    ProgressReport,
    ProgressStatus,
    ReportState,
    StrategyKind,
    Unit,
)
from .periods import Quarter, fiscal_year_of, last_completed_quarter
from .services import overall_status, period_for

MARK = "[ข้อมูลสาธิต]"
SEED = 2569
# The province whose latest quarter is left unreported, for the walk-through (Khon Kaen).
LEFT_FOR_THE_WALKTHROUGH = "40"

STRATEGIES = {
    StrategyKind.POLICY: ("ด้านนโยบายและการขับเคลื่อนนโยบาย", "Policy and management"),
    StrategyKind.PROSECUTION: ("ด้านการดำเนินคดี", "Prosecution"),
    StrategyKind.PROTECTION: ("ด้านการคุ้มครองช่วยเหลือผู้เสียหาย", "Protection and assistance"),
    StrategyKind.PREVENTION: ("ด้านการป้องกัน", "Prevention"),
    StrategyKind.PARTNERSHIP: ("ด้านการพัฒนาความร่วมมือกับภาคีเครือข่าย", "Partnership"),
}

# The plan's measures and indicators, one indicator a row, in the order they are numbered
# (strategy, measure th/en, indicator th/en, unit, insight key of a computed one, direction,
# adds up across provinces, base target of an average province).
PLAN_FILE = Path(__file__).resolve().parent / "data" / "demo_plan.csv"


def _plan() -> dict[str, list[tuple[str, str, list[dict]]]]:
    """PLAN_FILE as strategy -> [(measure title th, en, [its indicators' rows])]."""
    with PLAN_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    plan: dict[str, list] = {}
    measure_of = itemgetter("strategy", "measure_th", "measure_en")
    for (kind, m_th, m_en), indicators in groupby(rows, key=measure_of):
        plan.setdefault(kind, []).append((m_th, m_en, list(indicators)))
    return plan


def _q(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


def demo_quarters(today: dt.date) -> list[Quarter]:
    """Every quarter from the start of last fiscal year to the last one ended (four to seven):
    the province page looks back that far for a report still to write, so the demo leaves none
    missing by accident (only Khon Kaen's latest, on purpose)."""
    last = last_completed_quarter(today)
    quarters = [Quarter(fiscal_year_of(today) - 1, 1)]
    while quarters[-1] < last:
        quarters.append(quarters[-1].next())
    return quarters


def ensure_demo(today: dt.date | None = None) -> str | None:
    if ActionPlan.objects.filter(is_demo=True).exists():
        return None
    return _make(today or timezone.localdate())


@transaction.atomic
def _make(today: dt.date) -> str:
    rng = random.Random(SEED)
    quarters = demo_quarters(today)
    first_year = quarters[0].fiscal_year
    years = list(range(first_year, fiscal_year_of(today) + 1))
    plan = ActionPlan.objects.create(
        title_th=f"แผนปฏิบัติการด้านการป้องกันและปราบปรามการค้ามนุษย์ระดับชาติ พ.ศ. {first_year}–{first_year + 2} {MARK}",
        title_en=f"National action plan against human trafficking {first_year}–{first_year + 2} (B.E.) [demo]",
        start_year=first_year,
        end_year=first_year + 2,
        approved_by="คณะกรรมการประสานและกำกับการดำเนินงานป้องกันและปราบปรามการค้ามนุษย์ (ป.ค.ม.) [ข้อมูลสาธิต]",
        is_demo=True,
    )
    provinces = list(Province.objects.order_by("code"))
    agencies = {
        a.code: a
        for a in Agency.objects.filter(
            code__in=[provincial_agency_code(kind="psdhs", province_code=p.code) for p in provinces]
        )
    }
    size = {p.code: rng.uniform(0.5, 2.0) for p in provinces}
    size["10"] = 3.0  # Bangkok

    indicators: list[tuple[Indicator, int]] = []
    measures = _plan()
    for number, (kind, (title_th, title_en)) in enumerate(STRATEGIES.items(), start=1):
        strategy = plan.strategies.create(
            kind=kind, number=number, title_th=title_th, title_en=title_en
        )
        for m_number, (m_th, m_en, rows) in enumerate(measures[kind], start=1):
            measure = strategy.measures.create(
                code=f"{number}.{m_number}", number=m_number, title_th=m_th, title_en=m_en
            )
            for i_number, row in enumerate(rows, start=1):
                key, base = row["insight_key"], int(row["base_target"])
                lower = row["direction"] == "lower"
                indicator = measure.indicators.create(
                    code=f"{number}.{m_number}.{i_number}", number=i_number,
                    title_th=row["indicator_th"], title_en=row["indicator_en"], unit=row["unit"],
                    kind="computed" if key else "reported", insight_key=key,
                    direction=row["direction"], adds_up=row["adds_up"] == "yes",
                    baseline=_q(base * (1.2 if lower else 0.7)), baseline_year=first_year - 1,
                )  # fmt: skip
                indicators.append((indicator, base))

    def province_target(indicator: Indicator, base: int, code: str) -> Decimal:
        if not indicator.adds_up:
            return Decimal(base)
        return Decimal(max(1, round(base * size[code])))

    targets, assignments = [], []
    for year in years:
        for indicator, base in indicators:
            per_province = {p.code: province_target(indicator, base, p.code) for p in provinces}
            national = sum(per_province.values()) if indicator.adds_up else Decimal(base)
            targets.append(IndicatorTarget(indicator=indicator, fiscal_year=year, target=national))
            for p in provinces:
                assignments.append(
                    Assignment(
                        indicator=indicator,
                        province=p,
                        agency=agencies.get(
                            provincial_agency_code(kind="psdhs", province_code=p.code)
                        ),
                        fiscal_year=year,
                        target=per_province[p.code],
                    )
                )
    IndicatorTarget.objects.bulk_create(targets)
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    by_key = {(a.indicator_id, a.province_id, a.fiscal_year): a for a in assignments}

    periods = {q: period_for(q) for q in [*quarters, quarters[-1].next()]}
    reports, entries = _reports(rng, plan, provinces, quarters, periods, indicators, by_key)
    return (
        _(
            "Action plan demo: 1 national plan, %(indicators)d indicators, %(assignments)d "
            "assignments to %(provinces)d provinces, %(reports)d reports with %(entries)d entries "
            "(synthetic)."
        )
        % {
            "indicators": len(indicators),
            "assignments": len(assignments),
            "provinces": len(provinces),
            "reports": reports,
            "entries": entries,
        }
        + f" {MARK}"
    )


def _users():
    from saphan.orgs.models import User

    return {u.username: u for u in User.objects.filter(is_demo=True)}


DEMO_PROVINCE_USERS = {"40": "khonkaen", "63": "tak", "90": "songkhla", "10": "bangkok"}
NARRATIVES = [
    "ดำเนินการตามแผน ร่วมกับทีมสหวิชาชีพ",
    "ลงพื้นที่ร่วมกับ อพม. และผู้นำชุมชน",
    "จัดกิจกรรมร่วมกับสภาเด็กและเยาวชนจังหวัด",
    "ล่าช้าเนื่องจากงบประมาณโอนช้า",
    "ประสานหน่วยงานในทีม One Home แล้ว",
]


def _reports(rng, plan, provinces, quarters, periods, indicators, by_key) -> tuple[int, int]:
    users = _users()
    region_users = {"northeast": users.get("region.northeast")}
    performance = {p.code: rng.uniform(0.6, 1.4) for p in provinces}
    reports, entries = [], []
    last = quarters[-1]
    for q in quarters:
        period = periods[q]
        for p in provinces:
            # The last quarter is a mix: some provinces are late or still drafting; Khon Kaen's
            # is left for the walk-through.
            roll = rng.random()
            if q == last:
                if p.code == LEFT_FOR_THE_WALKTHROUGH or roll < 0.12:
                    continue
                state = (
                    ReportState.DRAFT if roll < 0.2
                    else ReportState.SUBMITTED if roll < 0.35
                    else ReportState.APPROVED if roll < 0.6
                    else ReportState.REVIEWED
                )  # fmt: skip
            elif q == quarters[-2]:
                state = ReportState.APPROVED if roll < 0.2 else ReportState.REVIEWED
            else:
                state = ReportState.REVIEWED
            slug = DEMO_PROVINCE_USERS.get(p.code)
            cw = users.get(f"cw.{slug}") if slug else None
            sup = users.get(f"sup.{slug}") if slug else None
            sent = state != ReportState.DRAFT
            approved = state in (ReportState.APPROVED, ReportState.REVIEWED)
            reviewed = state == ReportState.REVIEWED
            at = timezone.make_aware(dt.datetime.combine(q.due, dt.time(10, 0))) - dt.timedelta(
                days=rng.randint(1, 10)
            )
            report = ProgressReport(
                plan=plan, province=p, period=period, state=state, drafted_by=cw,
                submitted_by=cw if sent else None, submitted_at=at if sent else None,
                approved_by=sup if approved else None,
                approved_at=at + dt.timedelta(days=2) if approved else None,
                reviewed_by=region_users.get(p.region_id) if reviewed else None,
                reviewed_at=at + dt.timedelta(days=6) if reviewed else None,
                summary=f"{MARK} สรุปผลการดำเนินงานไตรมาส {q.quarter} ของจังหวัด{p.name_th}",
                is_demo=True,
            )  # fmt: skip
            statuses = []
            for indicator, _base in indicators:
                assignment = by_key[(indicator.pk, p.code, q.fiscal_year)]
                perf = performance[p.code] * rng.uniform(0.7, 1.3)
                target = float(assignment.target)
                if indicator.direction == "lower":
                    value = target * (2 - min(perf, 1.6))
                elif indicator.adds_up:
                    value = target / 4 * perf
                else:
                    value = min(100.0, target * min(perf, 1.1))
                if indicator.adds_up and indicator.unit != Unit.BAHT:
                    value = round(value)
                ratio = (
                    perf if indicator.direction != "lower" else (1 / max(0.2, 2 - min(perf, 1.6)))
                )
                status = (
                    ProgressStatus.ON_TRACK if ratio >= 0.9
                    else ProgressStatus.AT_RISK if ratio >= 0.6
                    else ProgressStatus.OFF_TRACK
                )  # fmt: skip
                statuses.append(status)
                entries.append(
                    ProgressEntry(  # the report's UUID is set already: saved just below
                        report=report, assignment=assignment, value=_q(value), status=status,
                        narrative=rng.choice(NARRATIVES),
                        computed_at=at if indicator.is_computed else None,
                    )
                )  # fmt: skip
            report.status = overall_status(statuses) if sent else ""
            reports.append(report)
    ProgressReport.objects.bulk_create(reports, batch_size=500)
    ProgressEntry.objects.bulk_create(entries, batch_size=2000)
    return len(reports), len(entries)
