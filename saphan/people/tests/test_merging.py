"""Two records of one person made one by a supervisor, and undone (people/merging.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from saphan.audit.models import ReadAccess
from saphan.cases.models import TimelineEvent
from saphan.orgs import access
from saphan.orgs.tests.factories import TEST_PASSWORD, CaseFactory
from saphan.people.matching import find_candidates
from saphan.people.merging import person_merge, person_merge_undo
from saphan.people.models import (
    CaseParty,
    Contact,
    IdentityDocument,
    Person,
    PersonMerge,
    PersonName,
)
from saphan.people.services import ContactInput, contact_add, primary_names_backfill


@pytest.fixture
def two(world, record):
    """The same woman recorded twice in Khon Kaen, by two spellings."""
    a = record("kk", ["Sok Dara", "ซก ดารา"], birth_date=dt.date(2001, 3, 4), sex="Feminine")
    b = record("kk", ["Sokh Dara"], passport="N1234567")
    contact_add(
        actor=world["u"]["sup_kk"], person=b, data=ContactInput(kind="phone", value="0812345678")
    )
    return a, b


def _links(person):
    return {
        "parties": set(CaseParty.objects.filter(person=person).values_list("pk", flat=True)),
        "names": set(PersonName.objects.filter(person=person).values_list("pk", "is_primary")),
        "documents": set(
            IdentityDocument.objects.filter(person=person).values_list("pk", flat=True)
        ),
        "contacts": set(Contact.objects.filter(person=person).values_list("pk", flat=True)),
    }


def test_merge_moves_everything_and_deletes_nothing(world, two):
    a, b = two
    sup = world["u"]["sup_kk"]
    before_a, before_b = _links(a), _links(b)
    counts = (Person.objects.count(), PersonName.objects.count(), CaseParty.objects.count())
    merge = person_merge(actor=sup, survivor=a, absorbed=b, reason="same passport photo")
    after = _links(a)
    assert after["parties"] == before_a["parties"] | before_b["parties"]
    assert {pk for pk, _ in after["names"]} == {
        pk for pk, _ in before_a["names"] | before_b["names"]
    }
    assert [p for _, p in after["names"]].count(True) == 1  # one primary: the kept person's
    assert after["documents"] == before_a["documents"] | before_b["documents"]
    assert after["contacts"] == before_b["contacts"]
    assert (Person.objects.count(), PersonName.objects.count(), CaseParty.objects.count()) == counts
    b.refresh_from_db()
    assert b.merged_into == a and merge.moved["names"]
    # Hidden: not in lists (no case link), not found by the duplicate check (no name).
    assert not access.visible_persons(sup).filter(pk=b.pk).exists()
    found = find_candidates(actor=sup, names=["Sokh Dara"])
    assert [c.person.pk for c in found if c.visible] == [a.pk]
    assert primary_names_backfill() == 0  # the absorbed row does not get a name back
    # On both cases' timelines, naming no one.
    events = TimelineEvent.objects.filter(kind="persons_merged")
    assert {e.case_id for e in events} == {a.case.pk, b.case.pk}
    assert all("Dara" not in str(e.data) for e in events)


def test_merge_fills_the_kept_record_gaps_and_undo_restores_exactly(world, two):
    a, b = two
    sup = world["u"]["sup_kk"]
    before_a, before_b = _links(a), _links(b)
    merge = person_merge(actor=sup, survivor=b, absorbed=a, reason="same person")
    b.refresh_from_db()
    assert b.sex == "Feminine" and b.birth_date == dt.date(2001, 3, 4)
    person_merge_undo(actor=sup, merge=merge, reason="two sisters, not one woman")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (_links(a), _links(b)) == (before_a, before_b)
    assert a.merged_into is None and a.full_name == "Sok Dara" and b.full_name == "Sokh Dara"
    assert b.sex == "NonSpecifiedUnknown" and b.birth_date is None
    merge.refresh_from_db()
    assert merge.undone_by == sup and merge.undo_reason == "two sisters, not one woman"
    assert TimelineEvent.objects.filter(kind="persons_merge_undone").count() == 2
    with pytest.raises(ValidationError):
        person_merge_undo(actor=sup, merge=merge, reason="again")
    # Once undone, the same two may be merged again.
    person_merge(actor=sup, survivor=a, absorbed=b, reason="after all, the same")


def test_reason_is_required(world, two):
    with pytest.raises(ValidationError):
        person_merge(actor=world["u"]["sup_kk"], survivor=two[0], absorbed=two[1], reason="  ")


@pytest.mark.parametrize("who", ["cw_kk", "sup_tak", "police_kk", "central"])
def test_merge_refused_and_logged(world, two, who):
    a, b = two
    actor = world["u"][who]
    with pytest.raises(PermissionDenied):
        person_merge(actor=actor, survivor=a, absorbed=b, reason="x")
    assert not PersonMerge.objects.exists()
    logged = ReadAccess.objects.filter(username=who, purpose="person merge refused")
    assert {r.record_id for r in logged} == {str(a.pk), str(b.pk)}
    assert all(r.scope.startswith("refused") for r in logged)


def test_a_person_of_another_province_cannot_be_merged(world, record, two):
    other = record("tak", ["Sok Dara"])
    with pytest.raises(PermissionDenied):
        person_merge(actor=world["u"]["sup_kk"], survivor=two[0], absorbed=other, reason="x")
    assert ReadAccess.objects.filter(purpose="person merge refused", record_id=str(other.pk))


def test_same_role_in_the_same_case_is_refused_with_a_message(world, two):
    a, b = two
    CaseParty.objects.create(case=a.case, person=b, role="victim")
    with pytest.raises(ValidationError, match=a.case.code):
        person_merge(actor=world["u"]["sup_kk"], survivor=a, absorbed=b, reason="x")


# --- the pages ------------------------------------------------------------------------------
@pytest.fixture
def sign_in(client, world):
    def make(username):
        assert client.login(username=username, password=TEST_PASSWORD)
        client.cookies["saphan_language"] = "en"
        return client

    return make


def test_supervisor_merges_and_undoes_through_the_pages(sign_in, two, world):
    a, b = two
    client = sign_in("sup_kk")
    found = client.get(reverse("people:merge"), {"q": "Dara"})
    assert found.status_code == 200
    html = found.content.decode()
    assert str(a.pk) in html and str(b.pk) in html
    page = client.get(reverse("people:merge_compare"), {"p": [a.pk, b.pk]})
    assert page.status_code == 200 and "N1234567" in page.content.decode()
    missing = client.post(reverse("people:merge_compare"), {"p": [a.pk, b.pk], "keep": a.pk})
    assert missing.status_code == 200 and not PersonMerge.objects.exists()
    done = client.post(
        reverse("people:merge_compare"),
        {"p": [a.pk, b.pk], "keep": a.pk, "reason": "same passport photo"},
    )
    merge = PersonMerge.objects.get()
    assert done.status_code == 302 and done.url == reverse("people:merge_detail", args=[merge.pk])
    detail = client.get(done.url)
    assert "same passport photo" in detail.content.decode()
    case_page = client.get(reverse("cases:detail", args=[b.case.code]))
    assert "merged" in case_page.content.decode()
    undone = client.post(reverse("people:merge_undo", args=[merge.pk]), {"reason": "not her"})
    assert undone.status_code == 302
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert CaseParty.objects.get(case=b.case).person_id == b.pk


@pytest.mark.parametrize("who", ["cw_kk", "police_kk", "vol_kk"])
def test_other_roles_cannot_reach_the_merge_pages(sign_in, two, who):
    a, b = two
    client = sign_in(who)
    assert client.get(reverse("people:merge")).status_code == 403
    assert client.get(reverse("people:merge_compare"), {"p": [a.pk, b.pk]}).status_code == 403
    response = client.post(
        reverse("people:merge_compare"), {"p": [a.pk, b.pk], "keep": a.pk, "reason": "x"}
    )
    assert response.status_code == 403 and not PersonMerge.objects.exists()


def test_supervisor_of_another_province_sees_neither_person_nor_merge(sign_in, two, world):
    a, b = two
    merge = person_merge(actor=world["u"]["sup_kk"], survivor=a, absorbed=b, reason="same")
    client = sign_in("sup_tak")
    assert client.get(reverse("people:merge_compare"), {"p": [a.pk, b.pk]}).status_code == 404
    assert client.get(reverse("people:merge_detail", args=[merge.pk])).status_code == 404
    assert (
        client.post(reverse("people:merge_undo", args=[merge.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert str(a.pk) not in client.get(reverse("people:merge"), {"q": "Dara"}).content.decode()


def test_a_fresh_case_of_the_province_makes_both_visible(world, record):
    """Visibility is access.py's: a Tak person linked to a Khon Kaen case becomes mergeable."""
    a = record("kk", ["Sok Dara"])
    b = record("tak", ["Sokh Dara"])
    CaseParty.objects.create(case=CaseFactory(province=world["kk"]), person=b, role="witness")
    merge = person_merge(actor=world["u"]["sup_kk"], survivor=a, absorbed=b, reason="same")
    assert set(CaseParty.objects.filter(person=a).values_list("case__province_id", flat=True)) == {
        "40",
        "63",
    }
    assert merge.moved["case_parties"]
