"""The offline field app's server side: a send from the phone records a visit once per key, a
visit changed meanwhile is refused with the server's version (never overwritten), the
volunteer's choice is sent again and corrects the record; a report is one tip per key; the
manifest, the service worker and the sign-out that tells the browser to forget."""

import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from saphan.cases.models import FollowUpVisit, TimelineEvent
from saphan.network.models import FieldSubmission, Tip, Visit, VisitStatus
from saphan.network.services import follow_up_assign, visit_record
from saphan.network.services.field_sync import (
    VisitConflict,
    VisitSend,
    visit_sync,
    visit_version,
)

from .test_views import form_data
from .test_visits import TODAY, world  # noqa: F401  (the fixture)


@pytest.fixture
def assigned(world):  # noqa: F811
    w = world
    w["visit"] = follow_up_assign(
        actor=w["cw"], case=w["case"], follow_up=w["fu1"], volunteer=w["kk_vol"],
        purpose="ติดตามความเป็นอยู่",
    )  # fmt: skip
    return w


def _send(findings="อยู่กับครอบครัว", **kw):
    data = {"done_on": TODAY, "findings": findings, "risk_factors": [], "referrals": [],
            "awareness_given": True}  # fmt: skip
    data.update(kw)
    return VisitSend(**data)


def test_a_replayed_send_records_the_visit_once(assigned):
    w = assigned
    key = uuid.uuid4()
    base = visit_version(w["visit"])
    first = visit_sync(
        actor=w["kk_vol"], visit=w["visit"], key=key, base_version=base, data=_send()
    )
    again = visit_sync(
        actor=w["kk_vol"], visit=w["visit"], key=key, base_version=base, data=_send()
    )
    assert first["ok"] and again["ok"] and again["replayed"] and not first.get("replayed")
    assert TimelineEvent.objects.filter(case=w["case"], kind="network_visit_done").count() == 1
    assert FieldSubmission.objects.filter(user=w["kk_vol"], key=key).count() == 1


def test_a_visit_changed_meanwhile_is_never_overwritten_and_the_choice_corrects_it(assigned):
    w = assigned
    base = visit_version(w["visit"])  # the phone was given the visit here
    # Meanwhile the visit is recorded from another device.
    visit_record(actor=w["kk_vol"], visit=w["visit"], done_on=TODAY, findings="จากอีกเครื่อง")
    key = uuid.uuid4()
    with pytest.raises(VisitConflict) as c:
        visit_sync(actor=w["kk_vol"], visit=w["visit"], key=key, base_version=base,
                   data=_send("จากโทรศัพท์"))  # fmt: skip
    assert c.value.visit.findings == "จากอีกเครื่อง"
    assert Visit.objects.get(pk=w["visit"].pk).findings == "จากอีกเครื่อง"
    assert not FieldSubmission.objects.filter(key=key).exists()  # the choice is sent under it
    # "Keep mine": sent again with the server's version as its base.
    answer = visit_sync(
        actor=w["kk_vol"], visit=w["visit"], key=key, base_version=visit_version(c.value.visit),
        data=_send("จากโทรศัพท์"),
    )  # fmt: skip
    assert answer["ok"]
    visit = Visit.objects.get(pk=w["visit"].pk)
    assert visit.status == VisitStatus.DONE and visit.findings == "จากโทรศัพท์"
    assert FollowUpVisit.objects.get(pk=w["fu1"].pk).findings == "จากโทรศัพท์"
    corrected = TimelineEvent.objects.get(case=w["case"], kind="network_visit_corrected")
    assert corrected.data["findings"] == "จากโทรศัพท์"
    assert TimelineEvent.objects.filter(case=w["case"], kind="network_visit_done").count() == 1


def test_another_volunteer_cannot_send_the_visit(assigned):
    w = assigned
    with pytest.raises(PermissionDenied):
        visit_sync(actor=w["kk_vol_far"], visit=w["visit"], key=uuid.uuid4(),
                   base_version=visit_version(w["visit"]), data=_send())  # fmt: skip
    assert Visit.objects.get(pk=w["visit"].pk).status == VisitStatus.ASSIGNED


def _post(client, url, data):
    return client.post(url, data, HTTP_ACCEPT="application/json")


def test_the_send_endpoint_answers_once_conflict_and_refusal(client, assigned):
    w = assigned
    url = reverse("network:visit_send", args=[w["visit"].pk])
    key = str(uuid.uuid4())
    data = {"submission_key": key, "version": visit_version(w["visit"]),
            "done_on": f"{TODAY.day:02d}/{TODAY.month:02d}/{TODAY.year + 543}",
            "findings": "อยู่กับครอบครัว ทำงานรับจ้าง", "awareness_given": "on"}  # fmt: skip
    client.force_login(w["kk_vol"])
    first = _post(client, url, data)
    assert first.status_code == 200 and first.json()["ok"], first.content
    assert _post(client, url, data).json()["replayed"] is True
    assert TimelineEvent.objects.filter(case=w["case"], kind="network_visit_done").count() == 1
    # A stale version: 409 with the server's version, nothing changed.
    stale = _post(client, url, data | {"submission_key": str(uuid.uuid4()), "findings": "อื่น"})
    assert stale.status_code == 409
    server = stale.json()["server"]
    assert server["findings"] == "อยู่กับครอบครัว ทำงานรับจ้าง" and server["recorded"]
    assert Visit.objects.get(pk=w["visit"].pk).findings == "อยู่กับครอบครัว ทำงานรับจ้าง"
    # Typed wrong: 400 with the field's message. No key: 400. Not theirs: 403.
    bad = _post(client, url, data | {"submission_key": str(uuid.uuid4()), "findings": ""})
    assert bad.status_code == 400 and "findings" in bad.json()["errors"]
    assert _post(client, url, data | {"submission_key": "x"}).status_code == 400
    client.force_login(w["kk_vol_far"])
    assert _post(client, url, data | {"submission_key": str(uuid.uuid4())}).status_code == 403


def test_a_report_sent_twice_is_one_tip(client, net):
    client.force_login(net["vol"])
    key = str(uuid.uuid4())
    url = reverse("network:report_send")
    a = _post(client, url, form_data(submission_key=key))
    b = _post(client, url, form_data(submission_key=key))
    assert a.status_code == b.status_code == 200
    assert a.json()["code"] == b.json()["code"]
    assert Tip.objects.filter(reported_by=net["vol"]).count() == 1
    client.force_login(net["cw"])  # staff without the volunteer's permission
    assert _post(client, url, form_data(submission_key=str(uuid.uuid4()))).status_code == 403


def test_manifest_service_worker_and_offline_page(client):
    m = client.get(reverse("network:manifest"))
    assert m["Content-Type"].startswith("application/manifest+json")
    data = json.loads(m.content)
    assert data["name"] and data["short_name"] and data["display"] == "standalone"
    assert data["start_url"] == reverse("network:mine")
    assert {"192x192", "512x512"} <= {i["sizes"] for i in data["icons"]}
    sw = client.get("/sw.js")
    assert sw.status_code == 200 and sw["Content-Type"].startswith("text/javascript")
    body = sw.content.decode()
    assert "network/field.js" in body and "importScripts(" in body
    assert '"/cases/' not in body  # never a case page
    assert client.get(reverse("network:offline")).status_code == 200


def test_signing_out_tells_the_browser_to_forget_the_field_app(client, net):
    client.force_login(net["vol"])
    response = client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'
