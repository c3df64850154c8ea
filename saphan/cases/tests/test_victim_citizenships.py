"""The list's nationality filter reads the victims' citizenships the database keeps on the case
(Case.victim_citizenships, cases migration 0012): the same cases as asking each case whether
one of its victims holds the citizenship, whatever changed the victims, and no history event
of the case for it."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from saphan.cases.models import Case
from saphan.cases.selectors import CaseFilters, CaseListing, case_list
from saphan.cases.services import person_link
from saphan.orgs.tests.factories import CaseFactory, CasePartyFactory, PersonFactory
from saphan.people.merging import person_merge, person_merge_undo
from saphan.people.models import CaseParty, PartyRole

from .builders import open_case

CODES = ("MM", "LA", "KH", "TH", "VN")
MIGRATION = importlib.import_module("saphan.cases.migrations.0012_case_victim_citizenships")


def _by_exists(code: str) -> set[str]:
    """The cases the filter gave before: one of the case's victims holds ``code``."""
    victims = CaseParty.objects.filter(
        case=OuterRef("pk"), role="victim", person__citizenships__contains=[code]
    )
    return set(Case.objects.filter(Exists(victims)).values_list("code", flat=True))


def _listed(sup) -> dict[str, set[str]]:
    """For each code, the cases the list (its query, its pages' count) and the old filter give;
    they must agree. Returns the list's answer."""
    found = {}
    for code in CODES:
        filters = CaseFilters(scope="all", nationality=code, open_only=False)
        listed = set(case_list(actor=sup, filters=filters).values_list("code", flat=True))
        assert listed == _by_exists(code), code
        assert CaseListing(actor=sup, filters=filters).count() == len(listed)
        assert listed == set(
            Case.objects.filter(victim_citizenships__contains=[code]).values_list("code", flat=True)
        )
        found[code] = listed
    return found


def _events(case) -> int:
    return Case.pgh_event_model.objects.filter(pgh_obj_id=case.pk).count()


@pytest.fixture
def now():
    return timezone.now()


def test_a_victim_linked_then_a_stale_save_of_the_case(kk, now):
    cw, sup = kk["cw"], kk["sup"]
    case = open_case(cw, now, person=PersonFactory(citizenships=["MM"]))
    assert _listed(sup)["MM"] == {case.code}
    stale = Case.objects.get(pk=case.pk)
    person_link(actor=cw, case=case, person=PersonFactory(citizenships=["LA", "TH"]))
    case.refresh_from_db()
    assert case.victim_citizenships == ["LA", "MM", "TH"]  # sorted, each once
    # A case read before the link and saved whole after it does not put its old copy back.
    assert stale.victim_citizenships == ["MM"]
    stale.save()
    stale.refresh_from_db()
    assert stale.victim_citizenships == ["LA", "MM", "TH"]
    found = _listed(sup)
    assert found["LA"] == found["TH"] == found["MM"] == {case.code}


def test_citizenship_changed_and_party_removed(kk, now):
    cw, sup = kk["cw"], kk["sup"]
    person = PersonFactory(citizenships=["MM"])
    one = open_case(cw, now, person=person)
    two = open_case(cw, now - dt.timedelta(days=1), person=person)
    person.citizenships = ["KH"]
    person.save()
    found = _listed(sup)
    assert found["MM"] == set() and found["KH"] == {one.code, two.code}
    CaseParty.objects.filter(case=two, person=person).delete()
    found = _listed(sup)
    assert found["KH"] == {one.code}
    two.refresh_from_db()
    assert two.victim_citizenships == []


def test_only_victims_count(kk, now):
    sup = kk["sup"]
    case = CaseFactory(province=kk["province"], agency=kk["psdhs"])
    CasePartyFactory(case=case, person=PersonFactory(citizenships=["TH"]))
    family = CasePartyFactory(
        case=case, person=PersonFactory(citizenships=["MM"]), role=PartyRole.FAMILY
    )
    CasePartyFactory(case=case, person=PersonFactory(citizenships=["LA"]), role=PartyRole.WITNESS)
    found = _listed(sup)
    assert found["TH"] == {case.code} and found["MM"] == found["LA"] == set()
    # A family member recorded as a victim after all (an update of the party's role), and back.
    CaseParty.objects.filter(pk=family.pk).update(role=PartyRole.VICTIM)
    assert _listed(sup)["MM"] == {case.code}
    CaseParty.objects.filter(pk=family.pk).update(role=PartyRole.FAMILY)
    assert _listed(sup)["MM"] == set()


def test_two_victims_of_two_nationalities(kk, now):
    cw, sup = kk["cw"], kk["sup"]
    case = open_case(cw, now, person=PersonFactory(citizenships=["MM"]))
    person_link(actor=cw, case=case, person=PersonFactory(citizenships=["KH"]))
    other = open_case(cw, now, person=PersonFactory(citizenships=["KH"]))
    found = _listed(sup)
    assert found["MM"] == {case.code} and found["KH"] == {case.code, other.code}


def test_a_merge_and_its_undo(kk, now):
    cw, sup = kk["cw"], kk["sup"]
    kept, absorbed = PersonFactory(citizenships=["KH"]), PersonFactory(citizenships=["MM"])
    first = open_case(cw, now, person=kept)
    second = open_case(cw, now, person=absorbed)
    merge = person_merge(actor=sup, survivor=kept, absorbed=absorbed, reason="same person")
    # The second case's victim is now the kept person, who holds both citizenships.
    found = _listed(sup)
    assert found["MM"] == found["KH"] == {first.code, second.code}
    person_merge_undo(actor=sup, merge=merge, reason="two people after all")
    found = _listed(sup)
    assert found["KH"] == {first.code} and found["MM"] == {second.code}


def test_backfill_of_existing_rows(kk, now):
    cw, sup = kk["cw"], kk["sup"]
    a = open_case(cw, now, person=PersonFactory(citizenships=["MM", "LA"]))
    person_link(actor=cw, case=a, person=PersonFactory(citizenships=["MM"]))
    b = open_case(cw, now, person=PersonFactory(citizenships=["KH"]))
    CasePartyFactory(case=b, person=PersonFactory(citizenships=["VN"]), role=PartyRole.FAMILY)
    c = CaseFactory(province=kk["province"], agency=kk["psdhs"], code="40-2500-00001")  # no one
    expected = _listed(sup)
    events = [_events(case) for case in (a, b, c)]
    # The rows as they were before the column existed (its default), the guard held off.
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: the table may change
        cur.execute("ALTER TABLE cases_case DISABLE TRIGGER cases_victim_citizenships_guard_update")
        cur.execute("UPDATE cases_case SET victim_citizenships = '{}'")
        assert Case.objects.filter(victim_citizenships=[]).count() == 3
        cur.execute(MIGRATION.BACKFILL)
        cur.execute("ALTER TABLE cases_case ENABLE TRIGGER cases_victim_citizenships_guard_update")
    assert _listed(sup) == expected
    stored = dict(Case.objects.values_list("pk", "victim_citizenships"))
    assert [stored[case.pk] for case in (a, b, c)] == [["LA", "MM"], ["KH"], []]
    assert [_events(case) for case in (a, b, c)] == events  # no history of the case for it


def test_a_citizenship_change_alone_is_no_event_of_the_case(kk, now):
    cw = kk["cw"]
    person = PersonFactory(citizenships=["MM"])
    case = open_case(cw, now, person=person)
    case.refresh_from_db()
    before = (_events(case), case.updated_at, case.version)
    person.citizenships = ["LA"]
    person.save()
    case.refresh_from_db()
    assert case.victim_citizenships == ["LA"]
    assert (_events(case), case.updated_at, case.version) == before
    # The person's own history has the change.
    latest = person.pgh_event_model.objects.filter(pgh_obj_id=person.pk).order_by("pgh_id").last()
    assert latest.citizenships == ["LA"]
