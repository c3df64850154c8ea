"""A small national plan with assignments to Khon Kaen, Udon Thani (northeast) and Tak (north),
and the people who report, approve and review — and those who may not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from saphan.orgs.roles import Jurisdiction, Role
from saphan.orgs.tests.factories import (
    AgencyFactory,
    ProvinceFactory,
    RegionFactory,
    UserFactory,
    national_user,
    staff,
    volunteer,
)
from saphan.plans.models import (
    ActionPlan,
    Assignment,
    Indicator,
    IndicatorTarget,
    Measure,
    Strategy,
    StrategyKind,
    Unit,
)

# A day in the second quarter of fiscal year 2569 (January-March 2026).
TODAY = dt.date(2026, 2, 20)

INDICATORS = [
    # (strategy, code, title, unit, computed key, province target)
    (
        StrategyKind.PROTECTION,
        "3.1.1",
        "ผู้เสียหายที่ได้รับการคัดแยก",
        Unit.PEOPLE,
        "victims_identified",
        "40",
    ),
    (
        StrategyKind.PROTECTION,
        "3.1.2",
        "สัดส่วนผู้เสียหายที่ได้รับแจ้งสิทธิ",
        Unit.PERCENT,
        "rights_notice_share",
        "100",
    ),
    (
        StrategyKind.PREVENTION,
        "4.1.1",
        "ครัวเรือนเปราะบางที่ได้รับการเยี่ยมบ้าน",
        Unit.HOUSEHOLDS,
        "",
        "200",
    ),
    (StrategyKind.PARTNERSHIP, "5.1.1", "การประชุมทีมสหวิชาชีพ", Unit.TIMES, "", "12"),
]


def make_plan(*, provinces) -> ActionPlan:
    plan = ActionPlan.objects.create(title_th="แผนทดสอบ", start_year=2568, end_year=2570)
    for number, kind in enumerate(StrategyKind.values, start=1):
        Strategy.objects.create(plan=plan, kind=kind, number=number, title_th=f"ยุทธศาสตร์ {number}")
    for i, (kind, code, title, unit, key, target) in enumerate(INDICATORS, start=1):
        strategy = plan.strategies.get(kind=kind)
        measure, _ = Measure.objects.get_or_create(
            strategy=strategy,
            code=code.rsplit(".", 1)[0],
            number=1,
            defaults={"title_th": "มาตรการ"},
        )
        indicator = Indicator.objects.create(
            measure=measure, code=code, number=i, title_th=title, unit=unit,
            kind="computed" if key else "reported", insight_key=key, adds_up=unit != Unit.PERCENT,
        )  # fmt: skip
        IndicatorTarget.objects.create(
            indicator=indicator, fiscal_year=2569, target=Decimal(target) * 10
        )
        for province in provinces:
            Assignment.objects.create(
                indicator=indicator, province=province, fiscal_year=2569, target=Decimal(target)
            )
    return plan


def make_world() -> dict:
    northeast = RegionFactory(code="northeast")
    north = RegionFactory(code="north")
    kk = ProvinceFactory(code="40")
    udon = ProvinceFactory(code="41")
    tak = ProvinceFactory(code="63")
    psdhs_kk = AgencyFactory(code="psdhs-40", province=kk)
    psdhs_tak = AgencyFactory(code="psdhs-63", province=tak)
    regional = dict(jurisdiction=Jurisdiction.REGION, province=None, agency=None)
    w = {
        "kk": kk,
        "udon": udon,
        "tak": tak,
        "northeast": northeast,
        "north": north,
        "cw_kk": staff("cw_kk", psdhs_kk),
        "sup_kk": staff("sup_kk", psdhs_kk, Role.PROVINCIAL_SUPERVISOR),
        "police_kk": UserFactory(username="police_kk", province=kk, roles=[Role.MDT_MEMBER]),
        "cw_tak": staff("cw_tak", psdhs_tak),
        "sup_tak": staff("sup_tak", psdhs_tak, Role.PROVINCIAL_SUPERVISOR),
        "region_ne": UserFactory(
            username="region_ne", roles=[Role.REGIONAL_OFFICER], region=northeast, **regional
        ),
        "region_north": UserFactory(
            username="region_north", roles=[Role.REGIONAL_OFFICER], region=north, **regional
        ),
        "central": national_user("central"),
        "vol_kk": volunteer("vol_kk", kk),
    }
    w["plan"] = make_plan(provinces=[kk, udon, tak])
    return w
