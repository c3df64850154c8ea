"""The Django admin, in Thai, for reference data and accounts; never case content."""

import pytest
from django.core.management import call_command

from saphan.orgs.models import User


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("load_reference", verbosity=0)
    call_command("load_demo", verbosity=0)
    return User.objects.get(username="admin")


def test_admin_manages_reference_data_in_thai(client, demo):
    client.force_login(demo)
    response = client.get("/admin/geo/province/?q=ขอนแก่น")
    body = response.content.decode()
    assert response.status_code == 200
    assert "ขอนแก่น" in body and "จังหวัด" in body  # Thai labels
    assert client.get("/admin/orgs/agency/").status_code == 200
    assert client.get("/admin/orgs/user/").status_code == 200


def test_admin_has_no_way_into_cases_or_people(client, demo):
    client.force_login(demo)
    for url in ("/admin/cases/case/", "/admin/people/person/", "/admin/pghistory/events/"):
        assert client.get(url).status_code == 404, url
    index = client.get("/admin/").content.decode()
    # The only cases model in the admin is reference data: the directory of counterparts.
    cases_links = {link for link in __import__("re").findall(r"/admin/cases/[a-z]+/", index)}
    assert cases_links <= {"/admin/cases/counterpart/"} and "/admin/people/" not in index


def test_case_worker_cannot_use_the_admin(client, demo):
    client.force_login(User.objects.get(username="cw.khonkaen"))
    response = client.get("/admin/geo/province/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
