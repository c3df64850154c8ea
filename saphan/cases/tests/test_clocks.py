import datetime as dt

import pytest
from django.utils import timezone

from saphan.cases import clocks
from saphan.cases.clocks import DeadlineStatus, status_of
from saphan.cases.models import ClockSetting, ClockUnit

T = timezone.make_aware(dt.datetime(2026, 1, 31, 9, 0))


@pytest.mark.django_db
def test_defaults_and_their_legal_basis():
    assert clocks.add(T, "screening_custody") == T + dt.timedelta(hours=24)
    assert clocks.add(T, "temporary_protection") == T + dt.timedelta(days=15)
    assert "s.29" in clocks.DEFAULTS["screening_custody"][2]


@pytest.mark.django_db
def test_durations_come_from_the_settings_table():
    assert clocks.ensure_defaults() == len(clocks.DEFAULTS)
    assert clocks.ensure_defaults() == 0  # idempotent
    ClockSetting.objects.filter(key="temporary_protection").update(value=30, unit=ClockUnit.DAYS)
    assert clocks.add(T, "temporary_protection") == T + dt.timedelta(days=30)


@pytest.mark.django_db
def test_follow_ups_count_calendar_months():
    assert clocks.add(T, "follow_up_1").date() == dt.date(2026, 2, 28)  # 31 Jan + 1 month
    assert clocks.add(T, "follow_up_2").date() == dt.date(2026, 4, 30)
    assert clocks.add(T, "follow_up_4").date() == dt.date(2027, 1, 31)


def test_status_of():
    soon = dt.timedelta(days=3)
    assert status_of(T, now=T - dt.timedelta(days=5), done=False, soon=soon) == DeadlineStatus.DUE
    assert (
        status_of(T, now=T - dt.timedelta(days=1), done=False, soon=soon) == DeadlineStatus.DUE_SOON
    )
    assert (
        status_of(T, now=T + dt.timedelta(minutes=1), done=False, soon=soon)
        == DeadlineStatus.OVERDUE
    )
    assert status_of(T, now=T + dt.timedelta(days=9), done=True, soon=soon) == DeadlineStatus.DONE


@pytest.mark.django_db
def test_deadlines_of_many_cases_cost_a_fixed_number_of_queries(django_assert_max_num_queries):
    """A list page must not pay per row: the queries stay the same for 3 or 12 cases."""
    import datetime as dt

    from saphan.orgs.tests.factories import AgencyFactory, ProvinceFactory, UserFactory

    from .builders import hold, open_case

    province = ProvinceFactory(code="40")
    cw = UserFactory(
        username="cw", province=province, agency=AgencyFactory(code="psdhs-40", province=province)
    )
    now = timezone.now()
    cases = []
    for _ in range(12):
        case = open_case(
            cw, now - dt.timedelta(hours=5), source="police", channel="field", description="x"
        )
        hold(cw, case, now - dt.timedelta(hours=4), "x")
        cases.append(case)
    with django_assert_max_num_queries(11):
        few = clocks.deadlines_for_cases(cases[:3])
    with django_assert_max_num_queries(11):
        many = clocks.deadlines_for_cases(cases)
    assert len(few) == 3 and len(many) == 12
    assert all(d[0].kind == "screening_custody" for d in many.values())


def test_a_day_deadline_shows_its_day_not_midnight_of_the_next():
    from saphan.cases.clocks import Deadline, day_end

    due = day_end(dt.date(2026, 12, 26))
    deadline = Deadline(
        kind="follow_up", label="x", due_at=due, status=DeadlineStatus.DUE, all_day=True
    )
    assert deadline.due_day == dt.date(2026, 12, 26)
