"""What the plan asks of a province, and the roll-ups by region and nation, scoped by role."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from saphan.plans import selectors, services
from saphan.plans.periods import Quarter
from saphan.plans.services import EntryInput

from .world import TODAY, make_world

Q1 = Quarter(2569, 1)


@pytest.fixture
def w(db, monkeypatch):
    monkeypatch.setattr(
        "saphan.plans.computed.compute",
        lambda key, **kw: {"victims_identified": Decimal(12), "rights_notice_share": Decimal(90)}[
            key
        ],
    )
    return make_world()


def _report(w, province, who, *, value="60", status="off_track"):
    report = services.report_start(actor=w[who], province=w[province], quarter=Q1, today=TODAY)
    entries = {
        str(e.pk): EntryInput(
            value=None if e.assignment.indicator.is_computed else value, status=status
        )
        for e in report.entries.select_related("assignment__indicator")
    }
    services.report_save(actor=w[who], report=report, entries=entries)
    return services.report_submit(actor=w[who], report=report)


def test_province_plan_lists_targets_progress_and_next_due(w):
    plan = selectors.province_plan(actor=w["cw_kk"], province=w["kk"], today=TODAY)
    assert plan.fiscal_year == 2569
    codes = [r.indicator.code for s in plan.strategies for m in s.measures for r in m.rows]
    assert codes == ["3.1.1", "3.1.2", "4.1.1", "5.1.1"]
    # Quarter 1 (October-December 2025) ended and was due on 15 January 2026: overdue.
    assert plan.next_due.quarter == Q1 and plan.next_due.overdue
    _report(w, "kk", "cw_kk", value="60")
    plan = selectors.province_plan(actor=w["cw_kk"], province=w["kk"], today=TODAY)
    rows = {r.indicator.code: r for s in plan.strategies for m in s.measures for r in m.rows}
    assert rows["4.1.1"].year_value == Decimal(60) and rows["4.1.1"].assignment.target == 200
    assert rows["3.1.1"].year_value == Decimal(12)
    # The quarter running on 20 February 2026 is next: quarter 2, due 15 April 2026.
    assert plan.next_due.quarter == Quarter(2569, 2) and not plan.next_due.overdue


def test_province_plan_is_for_its_own_staff_region_and_centre(w):
    for who in ("cw_kk", "sup_kk", "police_kk", "region_ne", "central"):
        selectors.province_plan(actor=w[who], province=w["kk"], today=TODAY)
    for who in ("cw_tak", "sup_tak", "region_north", "vol_kk"):
        with pytest.raises(PermissionDenied):
            selectors.province_plan(actor=w[who], province=w["kk"], today=TODAY)


def test_region_rollup_counts_only_sent_reports_of_its_provinces(w):
    report = _report(w, "kk", "cw_kk", status="at_risk")
    services.report_start(actor=w["cw_tak"], province=w["tak"], quarter=Q1, today=TODAY)
    rollup = selectors.region_rollup(actor=w["region_ne"], region=w["northeast"], quarter=Q1)
    by_code = {p.province.code: p for p in rollup.provinces}
    assert set(by_code) == {"40", "41"}  # only the provinces that exist in this small world
    assert by_code["40"].report == report and by_code["40"].status == "at_risk"
    assert by_code["41"].report is None and by_code["41"].colour == selectors.STATUS_COLOURS[""]
    assert by_code["40"].colour == selectors.STATUS_COLOURS["at_risk"]
    victims = next(i for i in rollup.indicators if i.indicator.code == "3.1.1")
    assert victims.value == Decimal(12) and victims.target == Decimal(80) and victims.reporting == 1
    assert {p.code for p, _row in rollup.map_paths} == {"40", "41"}


def test_a_draft_stays_inside_the_province(w):
    draft = services.report_start(actor=w["cw_kk"], province=w["kk"], quarter=Q1, today=TODAY)
    rollup = selectors.region_rollup(actor=w["region_ne"], region=w["northeast"], quarter=Q1)
    assert all(p.report is None for p in rollup.provinces)
    with pytest.raises(PermissionDenied):
        selectors.report_get(actor=w["region_ne"], report_id=draft.pk)
    with pytest.raises(PermissionDenied):
        selectors.report_get(actor=w["central"], report_id=draft.pk)
    assert selectors.report_get(actor=w["sup_kk"], report_id=draft.pk) == draft


def test_rollups_are_refused_outside_their_scope(w):
    with pytest.raises(PermissionDenied):
        selectors.region_rollup(actor=w["region_north"], region=w["northeast"], quarter=Q1)
    for who in ("cw_kk", "sup_kk", "region_ne"):
        with pytest.raises(PermissionDenied):
            selectors.nation_rollup(actor=w[who], quarter=Q1)
    selectors.region_rollup(actor=w["central"], region=w["northeast"], quarter=Q1)


def test_nation_rollup_by_region(w):
    _report(w, "kk", "cw_kk")
    _report(w, "tak", "cw_tak", status="on_track")
    rollup, regions = selectors.nation_rollup(actor=w["central"], quarter=Q1)
    summary = {r.region.code: r for r in regions}
    assert summary["northeast"].sent == 1 and summary["northeast"].status_counts["off_track"] == 1
    assert summary["north"].sent == 1 and summary["north"].status_counts["on_track"] == 1
    assert rollup.sent == 2


def test_small_counts_from_case_records_are_hidden_outside_the_province(w, monkeypatch):
    monkeypatch.setattr(
        "saphan.plans.computed.compute",
        lambda key, **kw: {"victims_identified": Decimal(3), "rights_notice_share": Decimal(90)}[
            key
        ],
    )
    report = _report(w, "kk", "cw_kk")
    assert not selectors.suppresses_small_counts(w["sup_kk"])
    assert selectors.suppresses_small_counts(w["region_ne"])
    assert selectors.suppresses_small_counts(w["central"])

    def victims(groups):
        return next(
            e for g in groups for m in g.measures for e in m.rows if e.indicator.code == "3.1.1"
        )

    own = victims(selectors.report_entries(report, suppress=False))
    assert own.value == Decimal(3) and not own.suppressed
    outside = victims(selectors.report_entries(report, suppress=True))
    assert outside.suppressed
    # A share is not a count of people: it is shown.
    share = next(
        e
        for g in selectors.report_entries(report, suppress=True)
        for m in g.measures
        for e in m.rows
        if e.indicator.code == "3.1.2"
    )
    assert not share.suppressed
    rollup = selectors.region_rollup(actor=w["region_ne"], region=w["northeast"], quarter=Q1)
    row = next(i for i in rollup.indicators if i.indicator.code == "3.1.1")
    assert row.value == Decimal(3) and row.suppressed
