"""The synthetic demo cases: made through the real services, across phases, idempotent."""

import datetime as dt

import pytest
from django.db.models import Count

from saphan.cases.demo import ensure_demo_cases
from saphan.cases.models import Case, TimelineEvent
from saphan.core.tests.module_db import demo_loaded
from saphan.orgs.access import visible_cases
from saphan.orgs.models import User


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory, "demo"):
        # the counterpart directory as its migration seeds it (a flush before may have emptied it)
        import importlib

        from django.apps import apps

        importlib.import_module(
            "saphan.cases.migrations.0008_crime_places_perpetrators_counterparts"
        ).seed_and_link(apps, None)
        yield ensure_demo_cases(target=100)


@pytest.mark.django_db
def test_cases_span_phases_provinces_and_years(demo):
    assert demo > 80
    demo_cases = Case.objects.filter(is_demo=True)
    phases = dict(demo_cases.values_list("phase").annotate(n=Count("id")))
    assert {"closed", "follow_up", "protection", "identification"} <= set(phases)
    assert demo_cases.values("province").distinct().count() > 25
    years = {c.code.split("-")[1] for c in demo_cases}
    assert len(years) >= 4


@pytest.mark.django_db
def test_every_case_has_a_timeline_written_by_the_services(demo):
    cases = Case.objects.filter(is_demo=True, phase="closed")[:20]
    for case in cases:
        kinds = set(TimelineEvent.objects.filter(case=case).values_list("kind", flat=True))
        assert {"case_opened", "intake_recorded", "case_closed"} <= kinds


@pytest.mark.django_db
def test_synthetic_cases_carry_places_perpetrators_and_police(demo):
    from saphan.cases.models import CaseAccess, PerpetratorLink, TraffickingPlace

    screened = Case.objects.filter(is_demo=True, screenings__isnull=False).distinct()
    assert screened.count() > 40
    with_places = screened.filter(pk__in=TraffickingPlace.objects.values("case")).count()
    with_perpetrator = screened.filter(pk__in=PerpetratorLink.objects.values("case")).count()
    assert with_places == with_perpetrator == screened.count()
    kinds = set(
        TraffickingPlace.objects.filter(case__in=screened).values_list("place_type", flat=True)
    )
    assert {"Recruitment", "Exploitation"} <= kinds
    settings_ = set(
        TraffickingPlace.objects.filter(case__in=screened).values_list("setting", flat=True)
    )
    assert len(settings_ - {"", "other", "online"}) >= 4  # fishing vessel, scam compound, ...
    for place in TraffickingPlace.objects.filter(case__in=screened)[:50]:
        assert place.description.startswith("[ข้อมูลสาธิต]")  # labelled synthetic
    # the province's police join some of the teams (where the province has a police account)
    assert CaseAccess.objects.filter(case__in=screened, user__agency__kind="police").exists()


@pytest.mark.django_db
def test_top_up_is_idempotent(demo):
    count = Case.objects.filter(is_demo=True).count()
    assert ensure_demo_cases(target=count) == 0
    assert Case.objects.filter(is_demo=True).count() == count


@pytest.mark.django_db
def test_demo_supervisor_sees_their_province(demo):
    sup = User.objects.get(username="sup.khonkaen")
    in_province = Case.objects.filter(province_id="40").count()
    assert in_province > 0
    assert visible_cases(sup).filter(province_id="40").count() == in_province
    cw_tak = User.objects.get(username="cw.tak")
    assert not visible_cases(cw_tak).filter(province_id="40").exists()


@pytest.mark.django_db
def test_the_three_walk_through_cases(demo):
    from saphan.cases.demo import ensure_scenario_cases
    from saphan.orgs.access import can_see_identity

    assert ensure_scenario_cases() == 3
    assert ensure_scenario_cases() == 0
    a = Case.objects.get(intakes__description__startswith="[สถานการณ์สาธิต A]")
    b = Case.objects.get(intakes__description__startswith="[สถานการณ์สาธิต B]")
    c = Case.objects.get(intakes__description__startswith="[สถานการณ์สาธิต C]")
    assert (
        a.code.startswith("63-")
        and a.phase == "follow_up"
        and "ForcedCriminality" in a.exploitation_types
    )
    assert (
        visible_cases(User.objects.get(username="cw.khonkaen")).filter(pk=a.pk).exists()
    )  # referral accepted
    assert (
        b.stay_permits.exists()
        and b.compensation_claims.exists()
        and b.return_plans.filter(kind="repatriation_s38").exists()
    )
    police = User.objects.get(username="police.bangkok")
    assert visible_cases(police).filter(pk=c.pk).exists() and not can_see_identity(police, c)
    assert can_see_identity(User.objects.get(username="cw.bangkok"), c)
    # places, perpetrators and partner agencies' members (synthetic, labelled)
    from saphan.cases.selectors_crime import perpetrator_search

    assert a.places.filter(setting="scam_compound", country="MM").exists()
    assert set(b.places.values_list("place_type", flat=True)) == {"Recruitment", "Exploitation"}
    assert all(p.description.startswith("[ข้อมูลสาธิต]") for p in a.places.all())
    police_tak = User.objects.get(username="police.tak")
    assert visible_cases(police_tak).filter(pk=a.pk).exists()
    assert not can_see_identity(police_tak, a)
    assert [p.case_id for p in perpetrator_search(actor=police_tak, q="เจ๊หน่อย")] == [a.pk]
    assert not list(perpetrator_search(actor=police, q="เจ๊หน่อย"))  # Bangkok's police
    assert b.perpetrator_links.filter(proceeding__isnull=False).exists()
    assert b.return_plans.filter(counterpart__name_en__contains="Myanmar").exists()


# The background top-up stopped at 561 of 2,000 cases on 5 Dec 2026: a compensation claim was
# dated ten days into a protection that had begun less than ten days before "today", and the
# service refused the future date. The generator is walked at several "todays" (the clock every
# service reads is moved), including the day it stopped and days whose Thai date differs from
# the UTC one, and must make every case it is asked for.
TODAYS = [
    dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 31, 20, 30, tzinfo=dt.UTC),  # already 1 Jan 2027 in Bangkok
    dt.datetime(2027, 2, 28, 17, 30, tzinfo=dt.UTC),  # 1 March in Bangkok
    dt.datetime(2028, 2, 29, 3, 0, tzinfo=dt.UTC),
    dt.datetime(2030, 6, 15, 12, 0, tzinfo=dt.UTC),
]


@pytest.mark.django_db
@pytest.mark.parametrize("today", TODAYS, ids=[t.date().isoformat() for t in TODAYS])
def test_the_generator_never_stops_on_a_date(demo, today, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: today)
    before = Case.objects.filter(is_demo=True).count()
    assert ensure_demo_cases(target=before + 25, seed=int(today.timestamp())) == 25
    assert not Case.objects.filter(is_demo=True, intakes__received_at__gt=today).exists()
