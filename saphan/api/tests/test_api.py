"""The partner API over HTTP (Django's client through every middleware, the real database):
tokens, scoping like the pages, idempotent POSTs, problem details, rate limits, bulk import."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.utils import timezone

from saphan.api.models import ApiToken
from saphan.api.services import token_issue, token_revoke
from saphan.audit.models import ReadAccess
from saphan.cases.models import Case, Referral

from .calls import api_get, api_post, problem, token_for


def test_the_openapi_document_names_every_operation(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Saphan partner API"
    ops = {f"{m.upper()} {p}" for p, item in doc["paths"].items() for m in item}
    assert {"GET /api/v1/cases", "GET /api/v1/cases/{code}", "POST /api/v1/tips",
            "POST /api/v1/cases/bulk", "POST /api/v1/referrals/{referral_id}/answer",
            "GET /api/v1/exports/htcds"} <= ops  # fmt: skip
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_no_token_a_wrong_token_and_a_revoked_or_expired_token_get_401(client, w):
    assert problem(client.get("/api/v1/cases"), 401)
    problem(api_get(client, "sph_not-a-real-token", "/api/v1/cases"), 401)
    secret = token_for(w, "cw")
    assert api_get(client, secret, "/api/v1/cases").status_code == 200
    token = ApiToken.objects.get(user=w["cw"])
    token_revoke(actor=w["admin"], token=token)
    problem(api_get(client, secret, "/api/v1/cases"), 401)
    other = token_for(w, "cw")
    ApiToken.objects.filter(user=w["cw"], revoked_at__isnull=True).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    problem(api_get(client, other, "/api/v1/cases"), 401)


def test_the_secret_is_never_stored(w):
    token, secret = token_issue(actor=w["admin"], account=w["cw"], name="x", days=1)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in json.dumps(stored, default=str)


def test_only_the_administrator_issues_tokens(w):
    from django.core.exceptions import PermissionDenied

    for who in ["cw", "sup", "police_user"]:
        with pytest.raises(PermissionDenied):
            token_issue(actor=w[who], account=w["cw"], name="x", days=1)


def test_the_api_sees_what_the_account_sees_in_the_pages(client, w):
    cw, kk = token_for(w, "cw"), token_for(w, "cw_kk")
    code = w["case"].code
    assert [c["code"] for c in api_get(client, cw, "/api/v1/cases").json()["items"]] == [code]
    assert api_get(client, kk, "/api/v1/cases").json()["items"] == []
    detail = api_get(client, cw, f"/api/v1/cases/{code}").json()
    assert detail["code"] == code and detail["people"][0]["identity_shown"] is True
    assert detail["people"][0]["names"]
    # another province's integration: 404, as for a case that does not exist, and in /audit/
    problem(api_get(client, kk, f"/api/v1/cases/{code}"), 404)
    refused = ReadAccess.objects.get(username="cw_kk", outcome="refused")
    assert (refused.record_type, refused.record_id) == ("cases.case", code)
    problem(api_get(client, kk, f"/api/v1/cases/{code}/timeline"), 404)
    problem(api_get(client, cw, "/api/v1/cases/99-2569-99999"), 404)
    # the police member assigned without identity sees the case, never the person
    police = token_for(w, "police_user")
    people = api_get(client, police, f"/api/v1/cases/{code}").json()["people"]
    assert people and all(not p["identity_shown"] and not p["names"] for p in people)
    # every opening is in the read log, as in the pages
    assert ReadAccess.objects.filter(username="cw", record_id=str(w["case"].pk)).exists()


def test_the_nationality_filter_asks_the_victims(client, w):
    cw, code = token_for(w, "cw"), w["case"].code
    victim = w["case"].parties.get(role="victim").person
    victim.citizenships = ["MM"]
    victim.save()

    def listed(query: str) -> list[str]:
        return [c["code"] for c in api_get(client, cw, f"/api/v1/cases?{query}").json()["items"]]

    assert listed("nationality=mm") == listed("nationality=MM") == [code]
    assert listed("nationality=LA") == []
    victim.citizenships = ["LA"]
    victim.save()
    assert (listed("nationality=MM"), listed("nationality=LA")) == ([], [code])


def test_timeline_screenings_identifications_follow_ups(client, w):
    cw, code = token_for(w, "cw"), w["case"].code
    timeline = api_get(client, cw, f"/api/v1/cases/{code}/timeline").json()
    assert {"case_opened", "identification_decided"} <= {line["kind"] for line in timeline}
    screenings = api_get(client, cw, f"/api/v1/cases/{code}/screenings").json()
    assert len(screenings) == 1 and screenings[0]["interviewed_at"]
    assert api_get(client, cw, f"/api/v1/cases/{code}/identifications").json()[0]["status"]
    assert api_get(client, cw, f"/api/v1/cases/{code}/follow-ups").status_code == 200


def test_cursor_pagination_walks_every_case_once(client, w):
    from saphan.cases.services import case_open
    from saphan.cases.services.stages import IntakeInput

    for i in range(7):
        case_open(actor=w["cw"], intake=IntakeInput(
            received_at=timezone.now() - dt.timedelta(hours=i), source="police", channel="phone",
            description=f"แจ้งเหตุที่ {i}",
        ))  # fmt: skip
    token, seen, cursor = token_for(w, "cw"), [], ""
    while True:
        page = api_get(client, token, f"/api/v1/cases?limit=3&cursor={cursor}").json()
        seen += [c["code"] for c in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == Case.objects.filter(province=w["tak"]).count() == 8
    problem(api_get(client, token, "/api/v1/cases?cursor=garbage"), 400)
    problem(api_get(client, token, "/api/v1/cases?q=a%00b"), 400)  # a NUL: problem details too
    problem(api_get(client, token, "/api/v1/cases?limit=100000"), 422)


def test_a_tip_is_created_once_per_idempotency_key(client, w):
    from saphan.network.models import Tip

    token = token_for(w, "cw")
    body = {"province": "63", "seen_at": timezone.now() - dt.timedelta(hours=1),
            "description": "พบเด็กขอทานที่ตลาดริมเมย", "urgency": "urgent", "source": "ngo"}  # fmt: skip
    first = api_post(client, token, "/api/v1/tips", body, key="tip-1")
    assert first.status_code == 201, first.content
    again = api_post(client, token, "/api/v1/tips", body, key="tip-1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Tip.objects.count() == 1
    # the same key with another body is refused; a POST without a key too
    other = api_post(client, token, "/api/v1/tips", {**body, "description": "อื่น"}, key="tip-1")
    problem(other, 422)
    no_key = client.post("/api/v1/tips", json.dumps(body, default=str),
                         content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    problem(no_key, 400)
    assert Tip.objects.count() == 1


def test_a_refused_write_is_a_problem_in_thai_or_english(client, w):
    token = token_for(w, "cw")
    future = {"province": "63", "seen_at": timezone.now() + dt.timedelta(days=2),
              "description": "x", "source": "ngo"}  # fmt: skip
    th = problem(api_post(client, token, "/api/v1/tips", future, HTTP_ACCEPT_LANGUAGE="th"), 422)
    en = problem(api_post(client, token, "/api/v1/tips", future, HTTP_ACCEPT_LANGUAGE="en"), 422)
    assert th["errors"][0]["field"] == "seen_at"
    assert th["messages"]["th"] != th["messages"]["en"]
    assert "future" in en["errors"][0]["message"]
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in th["errors"][0]["message"])
    bad_schema = api_post(client, token, "/api/v1/tips", {"province": "63"})
    assert problem(bad_schema, 422)["errors"]


def test_a_referral_is_sent_and_answered_by_the_receiving_agency(client, w):
    cw, kk = token_for(w, "cw"), token_for(w, "cw_kk")
    code = w["case"].code
    sent = api_post(client, cw, f"/api/v1/cases/{code}/referrals", {
        "to_agency": w["psdhs_kk"].code, "reason": "ReintegrationInHomeProvince",
        "share_identity": True, "consent_recorded": True,
        "consent_at": timezone.now() - dt.timedelta(hours=1),
    })  # fmt: skip
    assert sent.status_code == 201, sent.content
    rid = sent.json()["id"]
    # the sender cannot answer its own referral; the receiver sees it waiting
    problem(api_post(client, cw, f"/api/v1/referrals/{rid}/answer", {"accept": True}), 404)
    assert [r["id"] for r in api_get(client, kk, "/api/v1/referrals/waiting").json()] == [rid]
    problem(api_post(client, kk, f"/api/v1/referrals/{rid}/answer", {"accept": False}), 422)
    ok = api_post(client, kk, f"/api/v1/referrals/{rid}/answer", {"accept": True})
    assert ok.status_code == 200 and ok.json()["answer"] == "accepted"
    assert Referral.objects.get(pk=rid).answered_by == w["cw_kk"]
    assert api_get(client, kk, f"/api/v1/cases/{code}").status_code == 200
    problem(api_post(client, kk, f"/api/v1/referrals/{uuid.uuid4()}/answer", {"accept": True}), 404)
    problem(api_post(client, kk, "/api/v1/referrals/not-a-uuid/answer", {"accept": True}), 404)


def test_a_volunteer_account_cannot_open_cases_or_refer(client, w):
    vol = token_for(w, "vol") if w["vol"].agency_id else None
    if vol is None:  # volunteers have no agency: no token can be issued to them
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            token_issue(actor=w["admin"], account=w["vol"], name="x", days=1)
        return
    problem(api_get(client, vol, f"/api/v1/cases/{w['case'].code}"), 404)


def _intake(i: int, **kw) -> dict:
    return {"received_at": timezone.now() - dt.timedelta(hours=1 + i), "source": "police",
            "channel": "field", "description": f"ตรวจพบแรงงานถูกบังคับ รายที่ {i}", **kw}  # fmt: skip


def test_bulk_import_all_or_nothing_with_row_errors(client, w):
    token = token_for(w, "cw")
    before = Case.objects.count()
    rows = [_intake(i) for i in range(50)]
    rows[17]["received_at"] = timezone.now() + dt.timedelta(days=3)  # in the future
    bad = problem(api_post(client, token, "/api/v1/cases/bulk", {"cases": rows}), 422)
    assert {e["row"] for e in bad["errors"]} == {18}
    assert Case.objects.count() == before
    rows[17] = _intake(17)
    ok = api_post(client, token, "/api/v1/cases/bulk", {"cases": rows})
    assert ok.status_code == 201, ok.content
    created = ok.json()["created"]
    assert len(created) == len(set(created)) == 50
    assert Case.objects.count() == before + 50
    unknown_place = {"cases": [_intake(0, place_province="00")]}
    assert (
        problem(api_post(client, token, "/api/v1/cases/bulk", unknown_place), 422)["errors"][0][
            "field"
        ]
        == "place_province"
    )
    empty_place = {"cases": [_intake(0, place_province="")]}  # no place given: accepted
    assert api_post(client, token, "/api/v1/cases/bulk", empty_place).status_code == 201
    too_many = {"cases": [_intake(0)] * 1001}
    problem(api_post(client, token, "/api/v1/cases/bulk", too_many), 422)
    problem(
        api_post(client, token_for(w, "police_user"), "/api/v1/cases/bulk", {"cases": rows[:1]}),
        403,
    )


def test_rate_limit_per_token(client, w):
    token = token_for(w, "cw")
    ApiToken.objects.filter(user=w["cw"]).update(rate_per_minute=3)
    codes = [api_get(client, token, "/api/v1/referrals/waiting").status_code for _ in range(5)]
    if codes[:3] == [200, 200, 200]:
        assert codes[3:] == [429, 429]
    else:  # the minute turned during the loop: the count restarted once
        assert codes.count(429) >= 1
    limited = api_get(client, token, "/api/v1/referrals/waiting")
    if limited.status_code == 429:
        assert int(limited["Retry-After"]) >= 1
        problem(limited, 429)


def test_htcds_export_for_the_accounts_jurisdiction(client, w):
    problem(api_get(client, token_for(w, "cw"), "/api/v1/exports/htcds"), 403)
    sup = api_get(client, token_for(w, "sup"), "/api/v1/exports/htcds")
    if sup.status_code == 200:
        assert isinstance(sup.json(), dict)
    else:
        problem(sup, 403)


def test_token_page_issues_shows_once_and_revokes(client, w):
    client.force_login(w["admin"])
    page = client.get("/api/tokens/")
    assert page.status_code == 200
    resp = client.post("/api/tokens/", {"account": w["cw"].pk, "name": "NGO system", "days": 30})
    assert resp.status_code == 200
    secret = resp.context["secret"]
    assert secret.startswith("sph_") and secret.encode() in resp.content
    assert secret.encode() not in client.get("/api/tokens/").content  # shown once
    token = ApiToken.objects.get(name="NGO system")
    client.post(f"/api/tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    client.force_login(w["cw"])
    assert client.get("/api/tokens/").status_code == 403
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 403
