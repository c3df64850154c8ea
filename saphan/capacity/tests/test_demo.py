"""The demo training data: qualified screeners in the four demo provinces, sessions in every
region, a gap map with colour, idempotent."""

import pytest

from saphan.capacity.catalogue import SCREENING
from saphan.capacity.demo import ensure_demo
from saphan.capacity.models import Competency, Completion, TrainingSession
from saphan.capacity.selectors import gap_report, qualification_for
from saphan.core.tests.module_db import demo_loaded
from saphan.orgs.models import User


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory, "capacity-demo"):
        message = ensure_demo()
        # The case demo's background top-up runs after the capacity demo on a fresh install:
        # its synthetic interviewers are mostly untrained, and it must still work.
        from saphan.cases.demo import ensure_demo_cases
        from saphan.cases.models import Case

        ensure_demo_cases(target=Case.objects.filter(is_demo=True).count() + 10)
        yield message


@pytest.mark.django_db
def test_demo_is_labelled_and_idempotent(demo):
    assert demo and str(TrainingSession.objects.count()) in demo
    sessions, completions = TrainingSession.objects.count(), Completion.objects.count()
    assert ensure_demo() is None
    assert (TrainingSession.objects.count(), Completion.objects.count()) == (sessions, completions)
    assert not TrainingSession.objects.filter(is_demo=False).exists()
    assert not Completion.objects.filter(is_demo=False).exists()
    assert all("[ข้อมูลสาธิต]" in p for p in TrainingSession.objects.values_list("place", flat=True))
    assert set(TrainingSession.objects.values_list("region_id", flat=True)) == {
        "north", "northeast", "central", "south",
    }  # fmt: skip


@pytest.mark.django_db
def test_demo_screeners_are_qualified(demo):
    for name in (
        "cw.khonkaen",
        "cw.tak",
        "cw.songkhla",
        "cw.bangkok",
        "police.tak",
        "police.bangkok",
    ):
        assert qualification_for(User.objects.get(username=name), SCREENING).is_valid, name


@pytest.mark.django_db
def test_gap_map_has_every_colour(demo):
    central = User.objects.get(username="central.datip")
    report = gap_report(actor=central, competency=Competency.objects.get(code=SCREENING))
    levels = {r.level for r in report.provinces}
    assert {"none", "part", "full"} <= levels | {"low"} and "none" in levels
    rows = {r.code: r for r in report.provinces}
    # Tak: two trained demo accounts and one synthetic MDT member still to be trained.
    assert (rows["63"].required, rows["63"].qualified) == (3, 2)
    assert 10 < report.total.provinces_without < 77


@pytest.mark.django_db
def test_case_demo_records_screenings_of_untrained_synthetic_staff_with_a_reason(demo):
    from saphan.cases.models import ScreeningInterview, TimelineEvent

    screenings = ScreeningInterview.objects.select_related("interviewer")
    assert screenings.exists()
    for s in screenings:
        on = s.interviewed_at.date()
        qualified = qualification_for(s.interviewer, SCREENING, on=on).is_valid
        assert bool(s.qualification_override_reason) != qualified
    unqualified = screenings.exclude(qualification_override_reason="")
    assert unqualified.exists()
    assert TimelineEvent.objects.filter(kind="screening_unqualified").count() == unqualified.count()
