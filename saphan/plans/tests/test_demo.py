"""The plan demo: five strategies, 30+ indicators, all 77 provinces, four quarters; idempotent."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count

from saphan.plans import demo
from saphan.plans.models import ActionPlan, Assignment, Indicator, ProgressReport, Strategy

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        message = demo.ensure_demo(today=TODAY)
        yield message
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_plan_strategies_indicators_assignments(made):
    assert made and "[ข้อมูลสาธิต]" in made
    plan = ActionPlan.objects.get(is_demo=True)
    assert "[ข้อมูลสาธิต]" in plan.title_th
    assert plan.start_year == 2569 and plan.end_year == 2571
    assert set(Strategy.objects.values_list("kind", flat=True)) == {
        "policy", "prosecution", "protection", "prevention", "partnership",
    }  # fmt: skip
    assert Indicator.objects.count() >= 30
    assert Indicator.objects.filter(kind="computed").count() >= 8
    per_year = Assignment.objects.filter(fiscal_year=2569).values("province").distinct().count()
    assert per_year == 77


@pytest.mark.django_db
def test_four_quarters_of_reports_in_a_mix_of_states_and_statuses(made):
    reports = ProgressReport.objects.filter(is_demo=True)
    quarters = set(reports.values_list("period__fiscal_year", "period__quarter").distinct())
    assert quarters == {(2569, 1), (2569, 2), (2569, 3), (2569, 4)}
    last = reports.filter(period__quarter=4)
    states = dict(last.values_list("state").annotate(n=Count("id")))
    assert {"draft", "submitted", "approved", "reviewed"} <= set(states)
    assert not last.filter(province_id="40").exists()  # left for the walk-through
    statuses = dict(reports.exclude(status="").values_list("status").annotate(n=Count("id")))
    assert set(statuses) == {"on_track", "at_risk", "off_track"}


@pytest.mark.django_db
def test_second_call_adds_nothing(made):
    count = ProgressReport.objects.count()
    assert demo.ensure_demo(today=TODAY) is None
    assert ProgressReport.objects.count() == count


@pytest.mark.parametrize(
    "today, first, last, n",
    [
        (dt.date(2026, 11, 29), (2569, 1), (2569, 4), 4),
        (dt.date(2027, 2, 10), (2569, 1), (2570, 1), 5),
        (dt.date(2026, 9, 30), (2568, 1), (2569, 3), 7),
    ],
)
def test_demo_reports_every_quarter_since_the_start_of_last_fiscal_year(today, first, last, n):
    quarters = demo.demo_quarters(today)
    assert (quarters[0].fiscal_year, quarters[0].quarter) == first
    assert (quarters[-1].fiscal_year, quarters[-1].quarter) == last
    assert len(quarters) == n and quarters == sorted(set(quarters))
