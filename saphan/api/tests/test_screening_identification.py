"""An MDT partner's system writes screening interviews and identification decisions over the API:
the same services as the case page's forms, the same permissions and the law's guards
(cases/process.py), idempotent POSTs, and every refused attempt in the read log."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from saphan.audit.models import ReadAccess
from saphan.cases.models import (
    AccessReason,
    Case,
    CaseAccess,
    IdentificationDecision,
    ScreeningInterview,
)
from saphan.cases.services import case_open
from saphan.cases.tests.builders import intake
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import AgencyFactory, UserFactory

from .calls import api_post, problem, token_for

NOW = timezone.now()


@pytest.fixture
def w(w):
    """The API world (conftest.py) and a case the Tak police (an MDT agency) is assigned to, not
    yet screened."""
    fresh = case_open(
        actor=w["cw"],
        intake=intake(
            NOW - dt.timedelta(days=2), source="police", channel="field",
            description="ชายชาวกัมพูชาถูกยึดเอกสารบนเรือประมง",
        ),
    )  # fmt: skip
    CaseAccess.objects.create(
        case=fresh, agency=w["police"], reason=AccessReason.ASSIGNED, identity=False
    )
    w["fresh"] = Case.objects.get(pk=fresh.pk)
    return w


def _screening(**kw) -> dict:
    return {
        "interviewed_at": NOW - dt.timedelta(hours=30), "interpreter_language": "km",
        "interpreter_name": "ล่ามทดสอบ", "indicators": ["RetentionOfIdentityDocuments"],
        "methods_of_control": [], "exploitation_types": ["ForcedLabour"],
        "forced_labour_industry": "A_AgricultureForestryAndFishing", "notes": "บันทึกการสัมภาษณ์ (ไม่ส่งกลับ)",
        "consent_interview": True, **kw,
    }  # fmt: skip


def _decision(w, **kw) -> dict:
    return {
        "status": "ActualVictimOfTrafficking", "deciding_org": "Police",
        "decided_at": NOW - dt.timedelta(hours=20), "reasons": "ถูกยึดเอกสารและบังคับทำงาน",
        "members": [{"agency": w["police"].code, "name": "ร.ต.อ. สหวิชาชีพ"},
                    {"agency": w["psdhs"].code, "name": "นักสังคมสงเคราะห์"}],
        "basis": "s6_1", **kw,
    }  # fmt: skip


def _url(case, what: str) -> str:
    return f"/api/v1/cases/{case.code}/{what}"


def test_an_mdt_member_records_a_screening_once_per_key(client, w):
    police, case = token_for(w, "police_user"), w["fresh"]
    first = api_post(client, police, _url(case, "screenings"), _screening(), key="scr-1")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["indicators"] == ["RetentionOfIdentityDocuments"] and "notes" not in body
    again = api_post(client, police, _url(case, "screenings"), _screening(), key="scr-1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == body
    interview = ScreeningInterview.objects.get(case=case)  # one, not two
    assert interview.interviewer == w["police_user"]
    assert (
        interview.forced_labour_industry == "A_AgricultureForestryAndFishing"
        and interview.consent_data_use is None
    )
    case = Case.objects.get(pk=case.pk)
    assert case.exploitation_types == ["ForcedLabour"]
    kinds = [e.kind for e in case.timeline.filter(actor=w["police_user"])]
    assert "screening_recorded" in kinds
    # read back through the API as through the page
    listed = client.get(_url(case, "screenings"), HTTP_AUTHORIZATION=f"Bearer {police}").json()
    assert [s["id"] for s in listed] == [body["id"]]


def test_the_screening_guards_of_the_page_hold(client, w):
    police, case = token_for(w, "police_user"), w["fresh"]
    future = problem(
        api_post(client, police, _url(case, "screenings"),
              _screening(interviewed_at=NOW + dt.timedelta(days=1)), HTTP_ACCEPT_LANGUAGE="en"),
        422,
    )  # fmt: skip
    assert future["errors"][0]["field"] == "interviewed_at"
    not_a_choice = api_post(client, police, _url(case, "screenings"), _screening(indicators=["x"]))
    assert problem(not_a_choice, 422)["errors"]
    # a lost update: the case moved since the partner read it
    version = Case.objects.get(pk=case.pk).version
    stale = api_post(
        client, police, _url(case, "screenings"), _screening(expected_version=version - 1)
    )
    problem(stale, 409)
    fresh = api_post(client, police, _url(case, "screenings"), _screening(expected_version=version))
    assert fresh.status_code == 201, fresh.content
    assert ScreeningInterview.objects.filter(case=case).count() == 1


def test_an_mdt_decision_follows_the_law_and_waits_for_the_supervisor(client, w):
    police, case = token_for(w, "police_user"), w["fresh"]
    # no decision before the screening interview (process order)
    early = problem(api_post(client, police, _url(case, "identifications"), _decision(w)), 422)
    assert early["errors"]
    assert api_post(client, police, _url(case, "screenings"), _screening()).status_code == 201
    # before the interview it decided on: refused
    before = _decision(w, decided_at=NOW - dt.timedelta(hours=40))
    assert problem(api_post(client, police, _url(case, "identifications"), before), 422)
    # an actual victim under s.6 needs its act, means and purpose (cases/process.py)
    bare = problem(
        api_post(client, police, _url(case, "identifications"), _decision(w, basis="s6")), 422
    )
    assert {e["field"] for e in bare["errors"]} & {"acts", "means", "purposes"}
    # a member of an agency of another province is not one the page offers
    other = _decision(w, members=[{"agency": w["police_kk"].code, "name": "x"}])
    wrong = problem(api_post(client, police, _url(case, "identifications"), other), 422)
    assert wrong["errors"][0]["field"] == "members"
    no_reasons = _decision(w, reasons="   ")
    assert problem(api_post(client, police, _url(case, "identifications"), no_reasons), 422)
    assert not IdentificationDecision.objects.filter(case=case).exists()

    ok = api_post(client, police, _url(case, "identifications"), _decision(w))
    assert ok.status_code == 201, ok.content
    assert ok.json()["approved_at"] is None and ok.json()["basis"] == "s6_1"
    decision = IdentificationDecision.objects.get(case=case)
    assert decision.recorded_by == w["police_user"]
    assert {m.agency.code for m in decision.members.all()} == {"police-63", "psdhs-63"}
    assert Case.objects.get(pk=case.pk).trafficking_status != decision.status  # not yet approved


def test_accounts_outside_the_case_get_404_and_the_attempts_are_in_the_read_log(client, w):
    case = w["fresh"]
    for who in ["police_kk_user", "cw_kk"]:
        token = token_for(w, who)
        problem(api_post(client, token, _url(case, "screenings"), _screening()), 404)
        problem(api_post(client, token, _url(case, "identifications"), _decision(w)), 404)
        refused = ReadAccess.objects.filter(username=w[who].username, outcome="refused")
        assert {(r.record_type, r.record_id) for r in refused} == {("cases.case", case.code)}
        assert {r.purpose for r in refused} == {"POST api-v1:case_screenings",
                                                "POST api-v1:case_identifications"}  # fmt: skip
    assert not ScreeningInterview.objects.filter(case=case).exists()


def test_an_account_that_sees_the_case_but_may_not_change_it_gets_403_in_the_log(client, w):
    case = w["fresh"]
    w["central"] = UserFactory(
        username="central_ntk", roles=[Role.CENTRAL_OFFICER], province=None,
        jurisdiction="nation", agency=AgencyFactory(code="atpd", province=None),
    )  # fmt: skip
    CaseAccess.objects.create(
        case=case, user=w["central"], reason=AccessReason.NEED_TO_KNOW,
        expires_at=NOW + dt.timedelta(days=1), note="ตรวจสอบ",
    )  # fmt: skip
    token = token_for(w, "central")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/v1/cases/{case.code}", **auth).status_code == 200
    problem(api_post(client, token, _url(case, "screenings"), _screening()), 403)
    # the right is checked before the members' agencies, as the page checks it before its form
    problem(api_post(client, token, _url(case, "identifications"), _decision(w, members=[])), 403)
    refused = ReadAccess.objects.filter(username="central_ntk", outcome="refused")
    assert {r.scope for r in refused} == {"refused:403"} and refused.count() == 2
    assert not ScreeningInterview.objects.filter(case=case).exists()


def test_a_closed_case_takes_no_screening(client, w):
    from saphan.cases.process import Phase

    case = w["fresh"]
    Case.objects.filter(pk=case.pk).update(phase=Phase.CLOSED)
    refused = problem(
        api_post(client, token_for(w, "cw"), _url(case, "screenings"), _screening()), 422
    )
    assert refused["errors"][0]["field"] == ""


def test_the_openapi_document_describes_both_writes(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    for what, schema in [("screenings", "ScreeningIn"), ("identifications", "IdentificationIn")]:
        post = doc["paths"][f"/api/v1/cases/{{code}}/{what}"]["post"]
        assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(schema)
        assert {"201", "403", "404", "409", "422"} <= set(post["responses"])
        assert "application/problem+json" in post["responses"]["403"]["content"]
    indicators = doc["components"]["schemas"]["ScreeningIn"]["properties"]["indicators"]
    assert "RetentionOfIdentityDocuments" in json.dumps(doc["components"]["schemas"]) and indicators
