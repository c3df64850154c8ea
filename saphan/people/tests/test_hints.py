"""Duplicate-check hints about records the worker cannot open: each one logged with what was
typed, at most SAPHAN_DUPLICATE_HINTS_PER_HOUR distinct persons an hour, then withheld."""

from __future__ import annotations

import pytest
from django.urls import reverse

from saphan.audit.models import ReadAccess
from saphan.audit.services import check_chain
from saphan.orgs.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.urls("saphan.people.tests.urls")

NAMES = ["บุญมี ศรีสุข", "สมพร แก้วมณี", "ประยุทธ ทองดี"]


@pytest.fixture
def tak_people(record):
    return [record("tak", [name]) for name in NAMES]


def _check(client, name):
    return client.get(reverse("people:candidates"), {"name": name}, HTTP_HX_REQUEST="true")


def test_hints_are_logged_then_withheld_past_the_hourly_limit(client, world, tak_people, settings):
    settings.SAPHAN_DUPLICATE_HINTS_PER_HOUR = 2
    assert client.login(username="cw_kk", password=TEST_PASSWORD)
    client.cookies["saphan_language"] = "th"
    for name, person in zip(NAMES[:2], tak_people, strict=False):
        html = _check(client, name).content.decode()
        assert "ตาก" in html and "candidate-hidden" in html and name not in html
        hint = ReadAccess.objects.filter(outcome="hint").latest("id")
        assert (hint.username, hint.record_id) == ("cw_kk", str(person.pk))
        assert name in hint.purpose and hint.scope == "duplicate check"
    # The same person again within the hour costs nothing more (a name typed letter by letter).
    html = _check(client, NAMES[0]).content.decode()
    assert "candidate-hidden" in html
    assert ReadAccess.objects.filter(outcome="hint").values("record_id").distinct().count() == 2

    # A third person: withheld, said in Thai, and the attempt logged with the query.
    response = _check(client, NAMES[2])
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="hints-withheld"' in html and "หัวหน้างาน" in html
    assert "ตาก" not in html and "candidate-hidden" not in html and "access-request" not in html
    withheld = ReadAccess.objects.get(outcome="hint_withheld")
    assert withheld.record_id == str(tak_people[2].pk) and NAMES[2] in withheld.purpose
    assert check_chain().intact


def test_another_worker_has_their_own_allowance(client, world, tak_people, record, settings):
    settings.SAPHAN_DUPLICATE_HINTS_PER_HOUR = 1
    world["u"]["sup_kk"]  # noqa: B018 - a second account of the same province
    assert client.login(username="cw_kk", password=TEST_PASSWORD)
    assert "candidate-hidden" in _check(client, NAMES[0]).content.decode()
    assert 'id="hints-withheld"' in _check(client, NAMES[1]).content.decode()
    client.logout()
    assert client.login(username="sup_kk", password=TEST_PASSWORD)
    assert "candidate-hidden" in _check(client, NAMES[1]).content.decode()


def test_visible_matches_are_never_counted_or_withheld(client, world, record, settings):
    settings.SAPHAN_DUPLICATE_HINTS_PER_HOUR = 0
    mine = record("kk", ["มาลี ใจงาม"])
    assert client.login(username="cw_kk", password=TEST_PASSWORD)
    html = _check(client, "มาลี ใจงาม").content.decode()
    assert mine.full_name in html and 'id="hints-withheld"' not in html
    assert not ReadAccess.objects.filter(outcome__in=["hint", "hint_withheld"]).exists()


def test_a_hint_logs_the_age_that_was_typed_with_the_name(client, world, tak_people):
    """The read log keeps what the worker searched: an age typed instead of a date too."""
    assert client.login(username="cw_kk", password=TEST_PASSWORD)
    client.get(
        reverse("people:candidates"), {"name": NAMES[0], "age": "34"}, HTTP_HX_REQUEST="true"
    )
    hint = ReadAccess.objects.filter(outcome="hint").latest("id")
    assert hint.record_id == str(tak_people[0].pk)
    assert NAMES[0] in hint.purpose and "age=34" in hint.purpose
