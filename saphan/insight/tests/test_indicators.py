"""Each indicator recounted directly from the case records in Python must agree with the SQL."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

import pytest
from django.db import transaction
from django.utils import timezone

from saphan.cases import clocks, process
from saphan.cases.models import Case, Intake
from saphan.core.tests.module_db import rolled_back
from saphan.insight import indicators as ind
from saphan.insight.tests.world import make_world

pytestmark = pytest.mark.django_db

ACTUAL = "ActualVictimOfTrafficking"


def local_day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def pct(flags: list[bool]):
    return round(100.0 * sum(flags) / len(flags), 1) if flags else None


def median(values: list[float]):
    return round(statistics.median(values), 1) if values else None


def first_approved_actual(case: Case):
    decisions = [
        d for d in case.identifications.all() if d.status == ACTUAL and d.approved_at is not None
    ]
    if case.trafficking_status != ACTUAL or not decisions:
        return None
    return min(d.decided_at for d in decisions)


def age_years(person, on: dt.date):
    if person.birth_date_precision in ("exact", "year") and person.birth_date:
        born = person.birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if person.birth_date_precision == "estimated" and person.age_estimate_min is not None:
        since = person.age_estimated_on or local_day(person.created_at)
        passed = on.year - since.year - ((on.month, on.day) < (since.month, since.day))
        return (person.age_estimate_min + person.age_estimate_max) // 2 + passed
    return None


def age_group(years):
    if years is None:
        return "unknown"
    for limit, name in [(15, "0-14"), (18, "15-17"), (25, "18-24"), (35, "25-34"), (50, "35-49")]:
        if years < limit:
            return name
    return "50+"


def first_victim(case):
    parties = sorted(
        (p for p in case.parties.all() if p.role == "victim"), key=lambda p: (p.created_at, p.id)
    )
    return parties[0].person if parties else None


def all_cases():
    return list(
        Case.objects.prefetch_related(
            "parties__person",
            "identifications",
            "rights_notices",
            "screenings",
            "shelter_stays",
            "compensation_claims__orders",
            "compensation_claims__payments",
            "follow_up_visits",
            "referrals",
            "legal_proceedings",
            "intakes",
        ).select_related("province", "custody")
    )


_CASES: dict = {}


def recount(key, start, end, codes=None):
    """Facts (case, person, date, value) for one indicator, built from the ORM objects (read
    once per world: the records do not change during the module)."""
    today = timezone.localdate()
    now = timezone.now()
    facts = []
    if "cases" not in _CASES:
        _CASES["cases"] = all_cases()
    for case in _CASES["cases"]:
        if codes is not None and case.province_id not in codes:
            continue
        ident = first_approved_actual(case)
        intake_at = min((i.received_at for i in case.intakes.all()), default=None)
        start_at = intake_at or case.opened_at or case.created_at
        victim = first_victim(case)
        if key == "victims_identified" and ident:
            for party in case.parties.all():
                if party.role == "victim":
                    facts.append((case, party.person, local_day(ident), 1))
        elif key == "days_to_identification" and ident:
            facts.append(
                (case, victim, local_day(ident), (ident - start_at).total_seconds() / 86400)
            )
        elif key == "rights_notice_share" and ident:
            facts.append((case, victim, local_day(ident), case.rights_notices.exists()))
        elif key == "custody_to_screening_hours" and hasattr(case, "custody"):
            after = [
                s.interviewed_at
                for s in case.screenings.all()
                if s.interviewed_at >= case.custody.started_at
            ]
            if after:
                hours = (min(after) - case.custody.started_at).total_seconds() / 3600
                facts.append((case, victim, local_day(case.custody.started_at), hours))
        elif key == "shelter_days":
            for stay in case.shelter_stays.all():
                last = stay.ended_on or today
                nights = (min(last, end + dt.timedelta(days=1)) - max(stay.started_on, start)).days
                if nights > 0:
                    facts.append((case, victim, start, nights))
        elif key == "compensation_ordered_baht":
            for claim in case.compensation_claims.all():
                for order in claim.orders.all():
                    facts.append((case, victim, order.ordered_on, float(order.amount_ordered)))
        elif key == "compensation_paid_baht":
            for claim in case.compensation_claims.all():
                for pay in claim.payments.all():
                    facts.append((case, victim, pay.paid_on, float(pay.amount_paid)))
        elif key == "followups_on_time_share":
            for visit in case.follow_up_visits.all():
                if visit.due_on < today or visit.status == "done":
                    on_time = (
                        visit.status == "done" and visit.done_on and visit.done_on <= visit.due_on
                    )
                    facts.append((case, victim, visit.due_on, bool(on_time)))
        elif key == "referrals_answered_3d_share":
            for ref in case.referrals.all():
                deadline = clocks.referral_deadline(ref)  # the clock, asked the way pages ask it
                if ref.answered_at is not None or deadline <= now:
                    ok = ref.answered_at is not None and ref.answered_at <= deadline
                    facts.append((case, victim, local_day(ref.sent_at), ok))
        elif key == "cases_opened":
            facts.append((case, victim, local_day(start_at), 1))
        elif key == "prosecutions":
            for lp in case.legal_proceedings.all():
                if lp.status in ind.PROSECUTED:
                    facts.append((case, victim, local_day(lp.created_at), 1))
    return [f for f in facts if start <= f[2] <= end]


def aggregate(key, facts):
    indicator = ind.INDICATORS[key]
    values = [f[3] for f in facts]
    if indicator.aggregation == "count":
        return len(values)
    if indicator.aggregation == "sum":
        total = sum(values)
        return round(total, 2) if indicator.unit == "baht" else int(total)
    if indicator.aggregation == "median":
        return median(values)
    return pct(values)


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < 0.051


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end."""
    with rolled_back(django_db_blocker):
        _CASES.clear()
        yield make_world()
        _CASES.clear()


REQUIRED = [
    "victims_identified",
    "custody_to_screening_hours",
    "days_to_identification",
    "rights_notice_share",
    "shelter_days",
    "compensation_ordered_baht",
    "compensation_paid_baht",
    "followups_on_time_share",
    "referrals_answered_3d_share",
]


def test_the_interface_holds_the_required_indicators():
    for key in REQUIRED:
        indicator = ind.INDICATORS[key]
        assert indicator.key == key and str(indicator.label) and indicator.unit


def _reading(batched: bool):
    """How the indicators are read: one figure at a time from the facts, or as a dashboard
    reads them (ind.batch: whole past months from the rollup, the rest from the facts)."""
    import contextlib

    return ind.batch() if batched else contextlib.nullcontext()


@pytest.mark.parametrize("batched", [False, True])
def test_every_indicator_agrees_with_a_recount(world, batched):
    today = timezone.localdate()
    ranges = [
        (today - dt.timedelta(days=450), today),
        (today - dt.timedelta(days=200), today - dt.timedelta(days=30)),
    ]
    seen_nonzero = set()
    for key in ind.INDICATORS:
        for start, end in ranges:
            for codes in (None, ["40"], ["41", "63"]):
                expected = aggregate(key, recount(key, start, end, codes))
                with _reading(batched):
                    got = ind.compute(key, start=start, end=end, province_codes=codes)
                assert close(got, expected), (key, start, end, codes, got, expected)
                if expected:
                    seen_nonzero.add(key)
    # The world is rich enough that no indicator agrees only because both sides are empty.
    assert seen_nonzero == set(ind.INDICATORS)


def test_identification_follows_the_process_rule(world):
    """The SQL's "identified" is process.py's: an approved actual-victim decision."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=450)
    later = today + dt.timedelta(days=60)  # some decisions are dated after today in this world
    identified = {f[0].pk for f in recount("victims_identified", start, later)}
    for case in Case.objects.all():
        decision = process.latest_decision(case)
        rule = (
            decision is not None and decision.approved_at is not None and decision.status == ACTUAL
        )
        assert (case.pk in identified) == rule


DIMENSION_OF = {
    "province": lambda case, person, d: case.province_id,
    "region": lambda case, person, d: case.province.region_id,
    "sex": lambda case, person, d: person.sex if person else "NonSpecifiedUnknown",
    "citizenship": lambda case, person, d: (
        person.citizenships[0] if person and person.citizenships else "unknown"
    ),
    "age_group": lambda case, person, d: age_group(age_years(person, d) if person else None),
}


def _breakdown(key: str, by: str, *, days: int, batched: bool):
    """``key`` broken down ``by`` over the last ``days`` days, read as ``_reading(batched)``:
    (start, today, cells)."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=days)
    with _reading(batched):
        return start, today, ind.breakdown(key, start=start, end=today, by=by)


# The indicators broken down by a dimension, and by time: counts, sums, medians and shares.
BY_DIMENSION = [
    "victims_identified",
    "days_to_identification",
    "compensation_ordered_baht",
    "referrals_answered_3d_share",
]
BY_TIME = [
    "victims_identified",
    "shelter_days",
    "followups_on_time_share",
    "custody_to_screening_hours",
    "cases_opened",
]


@pytest.mark.parametrize("key", BY_DIMENSION)
@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("by", ["province", "region", "sex", "citizenship", "age_group"])
def test_breakdowns_agree_with_a_recount(world, key, by, batched):
    start, today, cells = _breakdown(key, by, days=450, batched=batched)
    groups = defaultdict(list)
    for fact in recount(key, start, today):
        groups[DIMENSION_OF[by](*fact[:3])].append(fact)
    expected = {g: aggregate(key, facts) for g, facts in groups.items()}
    got = {c.key: c.value for c in cells}
    assert set(got) == set(expected), (key, by)
    for g in expected:
        assert close(got[g], expected[g]), (key, by, g, got[g], expected[g])


@pytest.mark.parametrize("batched", [False, True])
def test_exploitation_breakdown_counts_each_form(world, batched):
    start, today, cells = _breakdown(
        "victims_identified", "exploitation", days=450, batched=batched
    )
    expected = defaultdict(int)
    for case, _p, _d, _v in recount("victims_identified", start, today):
        for form in case.exploitation_types or ["unknown"]:
            expected[form] += 1
    assert {c.key: c.value for c in cells} == dict(expected)


@pytest.mark.parametrize("key", BY_TIME)
@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("by", ["month", "quarter", "fiscal_year"])
def test_time_breakdowns_add_up_to_the_period(world, key, by, batched):
    start, today, cells = _breakdown(key, by, days=420, batched=batched)
    periods = ind.PERIODS[by](start, today)
    assert [c.key for c in cells] == [p.key for p in periods]
    for cell, period in zip(cells, periods, strict=True):
        expected = aggregate(key, recount(key, period.start, period.end))
        assert close(cell.value, expected), (key, by, period, cell.value, expected)


def test_thai_fiscal_year_starts_on_1_october():
    assert ind.fiscal_year_of(dt.date(2025, 9, 30)) == 2568
    assert ind.fiscal_year_of(dt.date(2025, 10, 1)) == 2569
    assert ind.fiscal_year_bounds(2569) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    assert ind.quarter_bounds(2569, 1) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert ind.quarter_bounds(2569, 2) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert ind.quarter_bounds(2569, 4) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    quarters = ind.quarter_periods(dt.date(2025, 11, 15), dt.date(2026, 2, 1))
    assert [q.key for q in quarters] == ["FY2569-Q1", "FY2569-Q2"]
    assert quarters[0].start == dt.date(2025, 11, 15) and quarters[1].end == dt.date(2026, 2, 1)


def test_an_unknown_indicator_is_an_error():
    with pytest.raises(KeyError):
        ind.compute("nope", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 2))


def test_empty_province_list_counts_nothing(world):
    today = timezone.localdate()
    value = ind.compute(
        "victims_identified", start=today - dt.timedelta(days=500), end=today, province_codes=[]
    )
    assert value == 0
    assert Intake.objects.exists()


# --- the fact table follows the case records ----------------------------------------------------
def _agree_everywhere(today, batched):
    """Every indicator and every breakdown of the module's tests agrees with a fresh recount."""
    _CASES.clear()
    start = today - dt.timedelta(days=450)
    for key in ind.INDICATORS:
        for codes in (None, ["40"], ["41", "63"]):
            expected = aggregate(key, recount(key, start, today, codes))
            with _reading(batched):
                got = ind.compute(key, start=start, end=today, province_codes=codes)
            assert close(got, expected), (key, codes, got, expected)
    for by in DIMENSION_OF:
        for key in ("victims_identified", "days_to_identification", "rights_notice_share"):
            groups = defaultdict(list)
            for fact in recount(key, start, today):
                groups[DIMENSION_OF[by](*fact[:3])].append(fact)
            expected = {g: aggregate(key, facts) for g, facts in groups.items()}
            with _reading(batched):
                cells = ind.breakdown(key, start=start, end=today, by=by)
            got = {c.key: c.value for c in cells}
            assert set(got) == set(expected), (key, by)
            assert all(close(got[g], expected[g]) for g in expected), (key, by)


def test_the_fact_table_follows_changes_to_the_case_records(world):
    """Changes of every kind — ORM saves, bulk writes, raw SQL, deletions, a victim's person
    edited — reach the facts through the triggers, and every figure still agrees with a
    recount from the records."""
    from django.db import connection

    from saphan.cases.models import (
        CompensationPayment,
        IdentificationDecision,
        RightsNotice,
        ShelterStay,
    )
    from saphan.insight import facts
    from saphan.insight.models import DirtyCase, Fact, Rollup
    from saphan.people.models import CaseParty, Person

    today = timezone.localdate()
    sid = transaction.savepoint()
    try:
        facts.sync()
        assert not DirtyCase.objects.exists() and Fact.objects.exists()
        before = ind.compute("victims_identified", start=today - dt.timedelta(days=450), end=today)
        cases = list(Case.objects.order_by("code"))
        possible = [c for c in cases if c.trafficking_status != ACTUAL]
        actual = [c for c in cases if c.trafficking_status == ACTUAL]
        assert possible and len(actual) > 3
        actor = world["users"]["sup_kk"]
        # 1. identified now (bulk writes, as a batch would): decision approved, status, notice
        newly = possible[0]
        IdentificationDecision.objects.create(
            case=newly, status=ACTUAL, deciding_org="NonPoliceGovernmentalOrganization",
            decided_at=timezone.now() - dt.timedelta(hours=2), reasons="t", recorded_by=actor,
            approved_by=actor, approved_at=timezone.now(),
        )  # fmt: skip
        Case.objects.filter(pk=newly.pk).update(trafficking_status=ACTUAL)
        RightsNotice.objects.create(
            case=newly, notified_at=timezone.now(), language="th", recorded_by=actor
        )
        # 2. an identified case moves province (raw SQL: the triggers see it too)
        moved = actual[0]
        target = "41" if moved.province_id != "41" else "40"
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE cases_case SET province_id = %s WHERE id = %s", [target, moved.pk]
            )
        # 3. a victim's sex and citizenship corrected on the person record
        party = CaseParty.objects.filter(case=actual[1], role="victim").first()
        Person.objects.filter(pk=party.person_id).update(sex="Masculine", citizenships=["KH"])
        # 4. a payment, a shelter stay and a rights notice deleted; a payment added
        CompensationPayment.objects.filter(claim__case__in=actual).first().delete()
        ShelterStay.objects.filter(case__in=cases).first().delete()
        RightsNotice.objects.filter(case=actual[2]).delete()
        # 5. a case reopened as not identified: its victims leave the count
        Case.objects.filter(pk=actual[3].pk).update(trafficking_status="NotAVictimOfTrafficking")

        assert DirtyCase.objects.exists()
        _agree_everywhere(today, batched=True)
        assert not DirtyCase.objects.exists()  # read through: the queue was drained
        _agree_everywhere(today, batched=False)
        after = ind.compute("victims_identified", start=today - dt.timedelta(days=450), end=today)
        assert after != before
        # A full rebuild gives the same facts and rollup as the incremental updates.
        columns = list(facts.COLUMNS)
        rollup = ["indicator", "month", "province_id", "region_id", "dim", "key", "n", "total"]
        incremental = sorted(map(repr, Fact.objects.values_list(*columns)))

        def rollup_rows():
            return sorted(
                repr((*r[:-1], round(r[-1], 4))) for r in Rollup.objects.values_list(*rollup)
            )

        rolled = rollup_rows()
        assert rolled
        facts.rebuild()
        assert sorted(map(repr, Fact.objects.values_list(*columns))) == incremental
        assert rollup_rows() == rolled
    finally:
        transaction.savepoint_rollback(sid)
        _CASES.clear()
