"""Intake: a duplicate-check candidate the worker may see can be linked as "the same person"
(no new person); a hidden one offers only the request to see it."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from saphan.orgs.tests.factories import TEST_PASSWORD, CaseFactory
from saphan.people.models import CaseParty, Person, PersonName


@pytest.fixture
def intake(world, client):
    """A new Khon Kaen case of cw_kk's agency, and cw_kk signed in."""
    case = CaseFactory(province=world["kk"], agency=world["agencies"]["psdhs-40"])
    assert client.login(username="cw_kk", password=TEST_PASSWORD)
    client.cookies["saphan_language"] = "en"
    return case


def _post(client, case, **data):
    return client.post(
        reverse("cases:action", args=[case.code, "person"]),
        {"version": case.version, "submission_key": uuid.uuid4(), "role": "victim", **data},
    )


def test_sokh_dara_typed_sok_dara_shown_and_linked(client, world, record, intake):
    sok = record("kk", ["Sok Dara"])
    page = client.get(
        reverse("people:candidates"), {"name": "Sokh Dara", "link": "1"}
    ).content.decode()
    assert "Sok Dara" in page
    assert f'name="existing_person" value="{sok.pk}"' in page
    persons = Person.objects.count()
    response = _post(client, intake, full_name="Sokh Dara", existing_person=sok.pk)
    assert response.status_code == 302
    assert Person.objects.count() == persons  # no second person
    assert CaseParty.objects.filter(case=intake, person=sok, role="victim").exists()
    # The spelling this office wrote is kept as another name of the same person.
    assert set(PersonName.objects.filter(person=sok).values_list("full_name", flat=True)) == {
        "Sok Dara",
        "Sokh Dara",
    }
    assert intake.timeline.filter(kind="person_linked").exists()


def test_without_the_button_a_new_person_is_recorded(client, world, record, intake):
    record("kk", ["Sok Dara"])
    persons = Person.objects.count()
    assert _post(client, intake, full_name="Sokh Dara").status_code == 302
    assert Person.objects.count() == persons + 1


def test_the_check_page_outside_a_case_offers_no_link(client, world, record, intake):
    record("kk", ["Sok Dara"])
    page = client.get(reverse("people:candidates"), {"name": "Sokh Dara"}).content.decode()
    assert "Sok Dara" in page and "existing_person" not in page


def test_a_hidden_candidate_offers_only_the_access_request(client, world, record, intake):
    hidden = record("tak", ["Sok Dara"])
    page = client.get(
        reverse("people:candidates"), {"name": "Sokh Dara", "link": "1"}
    ).content.decode()
    assert "existing_person" not in page and "Sok Dara" not in page
    assert reverse("people:access_request_new") in page
    # A forged link to the hidden person is refused; nothing is linked.
    response = _post(client, intake, full_name="Sokh Dara", existing_person=hidden.pk)
    assert response.status_code == 403
    assert not CaseParty.objects.filter(case=intake).exists()


def test_an_empty_name_without_a_candidate_is_a_clear_error(client, world, intake):
    response = _post(client, intake, full_name="  ")
    assert response.status_code == 200
    assert "Enter the name as the person gives it." in response.content.decode()
    assert not CaseParty.objects.filter(case=intake).exists()
