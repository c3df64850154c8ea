"""The htmx candidate list, the demo check page and the access-request pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from saphan.audit.models import ReadAccess
from saphan.people.models import AccessRequest

from .helpers import thai_id

pytestmark = pytest.mark.urls("saphan.people.tests.urls")


def test_check_page_for_a_case_worker(signed_in):
    response = signed_in("cw_kk").get(reverse("people:check"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-trigger="input changed delay:400ms"' in html
    assert reverse("people:candidates") in html


@pytest.mark.parametrize("who", ["vol_kk", "police_kk", "central"])
def test_roles_without_intake_get_403(signed_in, who):
    client = signed_in(who)
    assert client.get(reverse("people:check")).status_code == 403
    assert client.get(reverse("people:candidates"), {"name": "สมชาย"}).status_code == 403
    assert (
        client.post(reverse("people:access_request_new"), {"token": "x", "reason": "y"}).status_code
        == 403
    )


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(reverse("people:candidates"), {"name": "สมชาย"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_candidates_partial_shows_visible_and_hides_the_rest(signed_in, record):
    number = thai_id("310170020345")
    mine = record("kk", ["สมชาย ใจดี"])
    hidden = record("tak", ["สมชาย ใจดีย์"], thai_id=number)
    response = signed_in("cw_kk").get(
        reverse("people:candidates"),
        {"name": ["สมชาย ใจดี", "Somchai Jaidee"], "id_number": number},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a partial
    assert mine.full_name in html
    assert "ตาก" in html  # the province of the hidden match
    for secret in (hidden.full_name, number, str(hidden.pk), hidden.pk.hex, str(hidden.case.code)):
        assert secret not in html
    assert html.count('class="access-request"') == 1
    # the hidden one comes first: the same ID number outranks a same name
    assert html.index("candidate-hidden") < html.index(mine.full_name)
    assert list(ReadAccess.objects.filter(outcome="seen").values_list("record_id", flat=True)) == [
        str(mine.pk)
    ]
    # the hint about the hidden one is logged with what was typed
    hint = ReadAccess.objects.get(outcome="hint")
    assert hint.record_id == str(hidden.pk) and "สมชาย ใจดี" in hint.purpose


def test_bad_id_and_date_are_said_in_thai_and_the_names_still_searched(signed_in, record):
    record("kk", ["สมชาย ใจดี"])
    response = signed_in("cw_kk").get(
        reverse("people:candidates"),
        {"name": "สมชาย ใจดี", "id_number": "1234567890123", "birth_date": "7/3/1998"},
    )
    html = response.content.decode()
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in html
    assert "2541" in html  # 1998 looks like C.E.: the message gives the B.E. year
    assert "สมชาย ใจดี" in html


def test_nothing_typed_and_nothing_found(signed_in, world):
    client = signed_in("cw_kk", lang="en")
    assert "Nothing typed yet" in client.get(reverse("people:candidates")).content.decode()
    html = client.get(reverse("people:candidates"), {"name": "วิไลวรรณ ทองคำ"}).content.decode()
    assert 'id="no-candidates"' in html


def test_request_access_then_supervisor_grants(signed_in, record, client):
    record("tak", ["สมชาย ใจดี"])
    cw = signed_in("cw_kk")
    html = cw.get(reverse("people:candidates"), {"name": "สมชาย ใจดี"}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = cw.post(
        reverse("people:access_request_new"),
        {"token": token, "reason": "อาจเป็นคนเดียวกับผู้เสียหายในขอนแก่น"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "access-request-sent" in response.content.decode()
    req = AccessRequest.objects.get()
    again = cw.post(reverse("people:access_request_new"), {"token": token, "reason": ""})
    assert again.status_code == 400 and AccessRequest.objects.count() == 1

    client.logout()
    sup = signed_in("sup_tak")
    page = sup.get(reverse("people:access_requests")).content.decode()
    assert req.case.code in page and "อาจเป็นคนเดียวกับ" in page
    response = sup.post(reverse("people:access_request_decide", args=[req.pk]), {"grant": "1"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == "granted" and req.grant is not None


def test_supervisor_of_another_province_cannot_decide(signed_in, record, world):
    record("tak", ["สมชาย ใจดี"])
    from saphan.people.matching import find_candidates
    from saphan.people.services import access_request_create

    [c] = find_candidates(actor=world["u"]["cw_kk"], names=["สมชาย ใจดี"])
    [req] = access_request_create(actor=world["u"]["cw_kk"], token=c.token, reason="x")
    sup_kk = signed_in("sup_kk")
    assert req.case.code not in sup_kk.get(reverse("people:access_requests")).content.decode()
    response = sup_kk.post(reverse("people:access_request_decide", args=[req.pk]), {"grant": "1"})
    assert response.status_code == 403
    req.refresh_from_db()
    assert req.status == "pending"
