"""The search page's form: the date boxes say which era to type, and a reversed range is
refused with a message instead of silently finding nothing."""

import pytest
from django.urls import reverse

from saphan.orgs.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_date_boxes_ask_for_a_buddhist_era_year_in_thai(client, world):
    client.login(username="vol", password=TEST_PASSWORD)
    page = client.get(reverse("knowledge:search")).content.decode()
    assert page.count('placeholder="วว/ดด/ปปปป (พ.ศ.)"') == 2
    assert "ค.ศ." not in page


def test_date_boxes_ask_for_day_month_year_in_english(client, world):
    world["vol"].language = "en"
    world["vol"].save(update_fields=["language"])
    client.login(username="vol", password=TEST_PASSWORD)
    page = client.get(reverse("knowledge:search")).content.decode()
    assert page.count('placeholder="dd/mm/yyyy"') == 2


def test_a_typed_date_is_shown_back_as_typed(client, world):
    client.login(username="vol", password=TEST_PASSWORD)
    page = client.get(
        reverse("knowledge:search"), {"q": "ล่าม", "date_from": "01/01/2567"}
    ).content.decode()
    assert 'value="01/01/2567"' in page


def test_a_range_that_ends_before_it_starts_is_refused(client, world):
    client.login(username="vol", password=TEST_PASSWORD)
    page = client.get(
        reverse("knowledge:search"),
        {"q": "ล่าม", "date_from": "01/01/2569", "date_to": "01/01/2560"},
    ).content.decode()
    assert "วันที่เริ่มต้นอยู่หลังวันที่สิ้นสุด" in page
    assert 'id="search-results"' not in page
