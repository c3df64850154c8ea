"""qualification_for: the latest completion of a course giving the competency, and whether it
still counts on the day asked about."""

import datetime as dt

import pytest

from saphan.capacity.catalogue import SCREENING
from saphan.capacity.models import Competency
from saphan.capacity.selectors import qualification_for
from saphan.capacity.services import screening_unqualified

from .conftest import TODAY, complete, years_ago


def test_valid_until_is_three_years_later_same_day():
    comp = Competency(code="x", validity_months=36)
    assert comp.valid_until(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)
    assert comp.valid_until(dt.date(2023, 6, 15)) == dt.date(2026, 6, 15)
    assert comp.earliest_valid_completion(dt.date(2026, 6, 15)) == dt.date(2023, 6, 15)
    assert Competency(code="y", validity_months=None).valid_until(dt.date(2020, 1, 1)) is None


@pytest.mark.django_db
def test_missing_valid_and_expired(world):
    cw = world["cw"]
    q = qualification_for(cw, SCREENING)
    assert q.completion is None and not q.is_valid and not q.expired
    complete(cw, "screening", years_ago(3.5))
    q = qualification_for(cw, SCREENING)
    assert q.expired and not q.is_valid
    recent = complete(cw, "screening", years_ago(1))
    q = qualification_for(cw, SCREENING)
    assert q.is_valid and q.completion == recent
    assert q.valid_until == Competency.objects.get(code=SCREENING).valid_until(recent.completed_on)


@pytest.mark.django_db
def test_qualification_is_judged_on_the_day_asked(world):
    cw = world["cw"]
    done = years_ago(1)
    complete(cw, "screening", done)
    assert not qualification_for(cw, SCREENING, on=done - dt.timedelta(days=1)).is_valid
    assert qualification_for(cw, SCREENING, on=done).is_valid
    assert not qualification_for(cw, SCREENING, on=done + dt.timedelta(days=365 * 3 + 2)).is_valid


@pytest.mark.django_db
def test_a_course_that_gives_another_competency_does_not_count(world):
    complete(world["cw"], "law-basic", TODAY)
    assert not qualification_for(world["cw"], SCREENING).is_valid
    assert qualification_for(world["cw"], "anti_trafficking_law").is_valid
    assert qualification_for(world["cw"], "no-such-competency") is None


@pytest.mark.django_db
def test_screening_check_is_off_when_no_role_needs_it(world):
    assert screening_unqualified(world["cw"]) is not None
    Competency.objects.get(code=SCREENING).requirements.all().delete()
    assert screening_unqualified(world["cw"]) is None


@pytest.mark.django_db
def test_defaults_command_adds_only_what_is_missing(world):
    from io import StringIO

    from django.core.management import call_command

    from saphan.capacity.models import CompetencyRequirement, Course

    comp = Competency.objects.get(code=SCREENING)
    comp.validity_months = 24  # an administrator's change survives a rerun
    comp.save()
    out = StringIO()
    call_command("capacity_defaults", stdout=out)
    assert out.getvalue().startswith("0 ")
    assert Competency.objects.get(code=SCREENING).validity_months == 24
    assert Course.objects.count() == 6
    assert set(
        CompetencyRequirement.objects.filter(competency=comp).values_list("role", flat=True)
    ) == {"case_worker", "mdt_member"}
