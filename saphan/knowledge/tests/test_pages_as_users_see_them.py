"""Knowledge pages as a Thai case worker meets them: odd input does not break the list, a
practice names countries rather than ISO codes, and the checklist's buttons keep their words
whole on a phone."""

import pytest
from django.urls import reverse

from saphan.orgs.tests.factories import TEST_PASSWORD

from .test_practices import _published

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, params",
    [
        ("knowledge:practices", {"q": "ล่าม\x00"}),
        ("knowledge:practices", {"region": "\x00"}),
        ("knowledge:workshops", {"region": "N\x00"}),
        ("knowledge:search", {"q\x00": "ล่าม"}),
    ],
)
def test_a_nul_byte_in_the_address_is_a_clear_400_not_a_server_error(client, world, url, params):
    # PostgreSQL refuses NUL in a text value: these filters were server errors (500).
    _published(world)
    client.login(username="cw_tak", password=TEST_PASSWORD)
    response = client.get(reverse(url), params)
    assert response.status_code == 400
    assert "อ่านที่อยู่หน้านี้ไม่ได้" in response.content.decode()
    # The same page without the NUL works.
    clean = {k.replace("\x00", ""): v.replace("\x00", "") for k, v in params.items()}
    assert client.get(reverse(url), clean).status_code == 200


def test_a_practice_names_the_countries_in_the_readers_language(client, world):
    p = _published(world, nationalities=["MM", "KH"])
    client.login(username="cw_tak", password=TEST_PASSWORD)
    page = client.get(reverse("knowledge:practice", args=[p.pk])).content.decode()
    assert "เมียนมา, กัมพูชา" in page
    assert "MM, KH" not in page
    world["cw_tak"].language = "en"
    world["cw_tak"].save(update_fields=["language"])
    page = client.get(reverse("knowledge:practice", args=[p.pk])).content.decode()
    assert "Myanmar, Cambodia" in page


def test_checklist_buttons_keep_their_words_on_one_line(client, world):
    case = world["case"]
    client.login(username="cw_tak", password=TEST_PASSWORD)
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    done = page.count('class="btn btn-sm btn-outline-success text-nowrap"')
    assert done >= 4
    assert page.count('class="flex-shrink-0"') >= done
    # The tick flips the button to "undo", also kept whole.
    url = reverse("knowledge:checklist-tick", args=[case.code, "screening-not-cell"])
    client.post(url)
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert 'class="btn btn-sm btn-outline-secondary text-nowrap"' in page


@pytest.mark.parametrize("page", ["knowledge:practice-new", "knowledge:workshop-new"])
def test_a_practice_or_workshop_title_is_not_called_a_document_name(client, world, page):
    client.login(username="region_ne", password=TEST_PASSWORD)
    html = client.get(reverse(page)).content.decode()
    assert '<label class="form-label" for="id_title">ชื่อเรื่อง</label>' in html
    assert "ชื่อเอกสาร" not in html


def test_a_new_draft_does_not_say_it_was_used_by_no_province(client, world):
    from saphan.knowledge import services

    from .test_practices import _input

    draft = services.practice_draft(actor=world["cw_kk"], data=_input())
    client.login(username="cw_kk", password=TEST_PASSWORD)
    page = client.get(reverse("knowledge:practice", args=[draft.pk])).content.decode()
    assert 'id="practice-status"' in page and 'id="use-count"' not in page
    published = _published(world)
    page = client.get(reverse("knowledge:practice", args=[published.pk])).content.decode()
    assert 'id="use-count"' in page


def test_the_filter_button_says_krong_not_the_admins_word(client, world):
    # Django admin's catalogue ("ตัวกรอง", a filter as a thing) came before the app's own.
    client.login(username="cw_kk", password=TEST_PASSWORD)
    page = client.get(reverse("knowledge:practices")).content.decode()
    assert 'type="submit">กรอง</button>' in page
