"""The pages of the parallel tracks (stages 7-12), referrals, notes and documents, through the
HTTP layer: every action's happy path, a refusal of each kind, the document download, the
referral round trip between two provinces, and a case page whose cost does not grow with its
records."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from saphan.audit.models import ReadAccess
from saphan.cases import selectors, services
from saphan.cases.models import CaseDocument, Referral, TimelineEvent
from saphan.core.tests import files
from saphan.core.thai import to_be_year
from saphan.orgs.models import AgencyKind
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import AgencyFactory, UserFactory

from .tracks_world import NOW, TODAY, days, fresh, make_world, protected_case

PDF = files.pdf()


@pytest.fixture
def w(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_world()


def d_be(day: dt.date) -> str:
    """A date as a Thai user types it (B.E.)."""
    return f"{day.day:02d}/{day.month:02d}/{to_be_year(day.year)}"


def dt_be(when: dt.datetime, name: str) -> dict:
    local = timezone.localtime(when)
    return {f"{name}_date": d_be(local.date()), f"{name}_time": f"{local:%H:%M}"}


def _url(case, action=None) -> str:
    if action is None:
        return reverse("cases:detail", args=[case.code])
    return reverse("cases:action", args=[case.code, action])


def _post(client, case, action, data, **kw):
    payload = {"version": fresh(case).version, "submission_key": str(uuid.uuid4()), **data}
    return client.post(_url(case, action), payload, **kw)


def _ok(client, case, action, data, *, query=""):
    page = client.get(_url(case, action) + query)
    assert page.status_code == 200, (action, page.status_code)
    assert 'id="action-form"' in page.content.decode(), action
    response = _post(client, case, action, data)
    errors = response.context["form"].errors if response.status_code == 200 else None
    assert response.status_code == 302, (action, errors)
    assert response["Location"] == _url(case)
    return response


def _refused(client, case, action, data, field):
    """The service's refusal comes back next to ``field`` with the input kept."""
    response = _post(client, case, action, data)
    assert response.status_code == 200, action
    form = response.context["form"]
    assert form.errors.get(field), (action, form.errors)
    return response


# --- every action over HTTP ----------------------------------------------------------------------


def test_every_track_action_over_http(client, w, settings):
    case, cw = w["case"], w["cw"]
    client.force_login(cw)
    page = client.get(_url(case)).content.decode()
    # The next steps of the protection phase link to their pages.
    for action in ("assistance-plan", "legal-proceeding", "compensation-claim", "stay-permit"):
        assert f'href="{_url(case, action)}"' in page, action

    # Stage 7: the plan, a service moved on, a shelter stay and its end.
    _ok(client, case, "assistance-plan", {
        "objectives": "ฟื้นฟูร่างกายและจิตใจ ฝึกอาชีพ", "action_plan": "นักจิตวิทยาพบทุกสัปดาห์",
        "started_on": d_be(TODAY), "planned_end": d_be(days(90)),
    })  # fmt: skip
    plan = case.assistance_plans.get()
    _ok(client, case, "planned-service", {
        "type": "Interpreter", "provider_name": "ล่ามภาษาพม่า", "planned_start": d_be(TODAY),
    })  # fmt: skip
    service = plan.services.get()
    page = client.get(_url(case, "planned-service-update") + f"?service={service.pk}")
    assert f'<option value="{service.pk}" selected>' in page.content.decode()
    _ok(client, case, "planned-service-update", {
        "service": service.pk, "status": "in_progress", "actual_start": d_be(TODAY),
    })  # fmt: skip
    service.refresh_from_db()
    assert service.status == "in_progress" and service.actual_start == TODAY
    _ok(client, case, "shelter-stay", {"shelter": w["shelter"].pk, "started_on": d_be(days(-5))})
    _ok(client, case, "shelter-stay-end", {
        "ended_on": d_be(days(-1)), "exit_reason": "moved_to_another_shelter", "exit_note": "ใกล้บ้าน",
    })  # fmt: skip
    assert case.shelter_stays.get().exit_reason == "moved_to_another_shelter"

    # Stage 8: the police MDT member records the proceedings; testimony; protection.
    client.force_login(w["police_user"])
    _ok(client, case, "legal-proceeding", {
        "police_case_number": "123/2569", "police_station": "สภ.แม่สอด", "victim_role": "witness",
        "status": "investigation",
    })  # fmt: skip
    proceeding = case.legal_proceedings.get()
    _ok(client, case, "legal-proceeding-update", {
        "proceeding": proceeding.pk, "status": "trial", "court": "ศาลอาญาคดีค้ามนุษย์",
        "court_case_number": "คม.45/2569", "victim_role": "joint_plaintiff",
    }, query=f"?proceeding={proceeding.pk}")  # fmt: skip
    proceeding.refresh_from_db()
    assert proceeding.status == "trial" and proceeding.police_station == "สภ.แม่สอด"
    _ok(client, case, "testimony", {
        "proceeding": proceeding.pk, "kind": "pre_trial_deposition", "place": "ศาลจังหวัดแม่สอด",
        **dt_be(NOW - dt.timedelta(days=1), "scheduled_at"),
    })  # fmt: skip
    testimony = proceeding.testimonies.get()
    _ok(client, case, "testimony-given", {"testimony": testimony.pk})
    testimony.refresh_from_db()
    assert testimony.done
    _ok(client, case, "protection-measure", {
        "proceeding": proceeding.pk, "measure": "separate_room", "started_on": d_be(days(-1)),
    })  # fmt: skip

    # Stages 9-10: the ledger and the s.37 permission.
    client.force_login(cw)
    _ok(client, case, "compensation-claim", {
        "kind": "from_offender_in_criminal_case", "amount_claimed": "250,000.00",
        "claimed_on": d_be(days(-200)),
    })  # fmt: skip
    claim = case.compensation_claims.get()
    assert claim.amount_claimed == Decimal("250000.00")
    _ok(client, case, "compensation-order", {
        "claim": claim.pk, "amount_ordered": "180000", "ordered_on": d_be(days(-120)),
        "decided_by": "ศาลอาญาคดีค้ามนุษย์", "order_ref": "คำพิพากษา 12/2569",
    }, query=f"?claim={claim.pk}")  # fmt: skip
    _ok(client, case, "compensation-payment", {
        "claim": claim.pk, "amount_paid": "50,000.50", "paid_on": d_be(days(-10)),
        "payer": "จำเลยที่ 1",
    })  # fmt: skip
    _ok(client, case, "stay-permit", {
        "permit_type": "stay_and_work", "purpose": "proceedings", "valid_from": d_be(days(-10)),
        "valid_to": d_be(days(20)), "issuing_office": "ตม.จังหวัดตาก",
    })  # fmt: skip

    # Stages 11-12: assessment, return, reintegration and its visits.
    _ok(client, case, "family-assessment", {
        "assessed_on": d_be(days(-3)), "assessor": "นักสังคมสงเคราะห์ พมจ.ขอนแก่น",
        "findings": "ครอบครัวพร้อมรับกลับ", "safe_to_return": "yes",
    })  # fmt: skip
    _ok(client, case, "return-plan", {
        "kind": "return_to_family_in_thailand", "planned_on": d_be(days(-1)),
        "destination_country": "TH", "destination_province": "40",
    })  # fmt: skip
    back = case.return_plans.get()
    _ok(client, case, "return-complete", {
        "plan": back.pk, "returned_on": d_be(TODAY), "handed_over_to": "มารดา",
    })  # fmt: skip
    started = TODAY - dt.timedelta(days=130)
    _ok(client, case, "reintegration-plan", {
        "home_province": "40", "responsible_agency": w["psdhs_kk"].pk,
        "volunteer_name": "นางสมศรี อพม.", "plan": "ฝึกอาชีพร้านอาหาร", "started_on": d_be(started),
    })  # fmt: skip
    first, second = case.follow_up_visits.order_by("number")[:2]
    # The worker who records the visit made it: the form does not ask for their name.
    assert 'name="visited_by"' not in client.get(_url(case, "follow-up")).content.decode()
    _ok(client, case, "follow-up", {
        "visit": first.pk, "done_on": d_be(first.due_on),
        "findings": "ทำงานร้านอาหาร ครอบครัวดูแลดี",
    }, query=f"?visit={first.pk}")  # fmt: skip
    first.refresh_from_db()
    assert first.visited_by == cw.get_full_name() != ""
    _ok(client, case, "follow-up-missed", {"visit": second.pk, "reason": "ย้ายที่อยู่"})
    second.refresh_from_db()
    assert second.status == "missed"
    _ok(client, case, "assistance-plan-close", {"actual_end": d_be(TODAY)})
    plan.refresh_from_db()
    assert plan.actual_end == TODAY

    # Notes, documents, a referral and its withdrawal.
    _ok(client, case, "note", {"text": "ผู้เสียหายขอพูดคุยกับมารดา"})
    page = client.get(_url(case, "document")).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'accept=".pdf,.png,.jpg,.jpeg' in page
    response = _post(client, case, "document", {
        "title": "ใบรับรองแพทย์", "file": SimpleUploadedFile("cert.pdf", PDF),
    })  # fmt: skip
    assert response.status_code == 302
    assert case.documents.get().title == "ใบรับรองแพทย์"
    _ok(client, case, "referral", {
        "kind": "referral", "to_agency": w["police_kk"].pk, "reason": "LegalProceedings",
        "share_identity": "no",
    })  # fmt: skip
    referral = case.referrals.get()
    assert referral.identity_sharing == "not_shared"
    _ok(client, case, "referral-withdraw", {"referral": referral.pk, "reason": "ไม่จำเป็นแล้ว"})
    referral.refresh_from_db()
    assert referral.answer == "withdrawn"

    # The case page shows every track with B.E. dates.
    html = client.get(_url(case)).content.decode()
    be_year = str(to_be_year(TODAY.year))
    for text in [
        'id="record-plan"', "ล่ามภาษาพม่า", 'id="record-shelter"', "ใกล้บ้าน",
        'id="record-legal"', "คม.45/2569", 'id="record-compensation"', "250,000.00",
        "180,000.00", "50,000.50", 'data-total="outstanding">129,999.50', 'data-unpaid="1"',
        'id="record-permits"', "ตม.จังหวัดตาก", 'id="record-return"', "มารดา",
        'id="record-reintegration"', 'data-badge="done"', 'data-badge="missed"',
        'id="record-referrals"', 'data-answer="withdrawn"', 'id="record-notes"',
        "ผู้เสียหายขอพูดคุยกับมารดา", 'id="record-documents"', "ใบรับรองแพทย์", be_year,
    ]:  # fmt: skip
        assert text in html, text
    kinds = set(TimelineEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {
        "assistance_plan_created", "service_updated", "shelter_stay_ended", "testimony_given",
        "compensation_paid", "stay_permit_recorded", "return_completed", "follow_up_missed",
        "referral_withdrawn", "note_added", "document_attached",
    } <= kinds  # fmt: skip


def test_a_track_form_opens_only_when_its_record_is_there(client, w):
    client.force_login(w["cw"])
    case = w["case"]
    for action in ("planned-service", "shelter-stay-end", "compensation-order", "follow-up"):
        response = client.get(_url(case, action))
        assert response.status_code == 302 and response["Location"] == _url(case), action


# --- refusals: who may not write ------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,action",
    [
        ("police_user", "assistance-plan"),  # MDT: legal work, not the assistance plan
        ("police_user", "family-assessment"),
        ("police_user", "referral"),
    ],
)
def test_a_role_that_must_not_write_gets_403(client, w, who, action):
    client.force_login(w[who])
    assert client.get(_url(w["case"], action)).status_code == 403
    assert _post(client, w["case"], action, {"objectives": "x"}).status_code == 403
    assert fresh(w["case"]).version == w["case"].version


def test_shelter_staff_see_their_resident_but_do_not_write_the_legal_track(client, w):
    services.shelter_stay_start(
        actor=w["cw"], case=w["case"], shelter=w["shelter"], started_on=days(-1)
    )
    client.force_login(w["shelter_user"])
    assert client.get(_url(w["case"])).status_code == 200
    assert client.get(_url(w["case"], "legal-proceeding")).status_code == 403
    response = _post(
        client, w["case"], "compensation-claim", {"kind": "other", "amount_claimed": "1"}
    )
    assert response.status_code == 403
    assert not w["case"].compensation_claims.exists()


def test_other_provinces_and_volunteers_are_kept_out(client, w):
    client.force_login(w["cw_kk"])
    assert client.get(_url(w["case"], "assistance-plan")).status_code == 404
    client.force_login(w["vol"])
    assert client.get(_url(w["case"], "note")).status_code == 403


# --- refusals: bad input comes back next to its field, nothing saved ---------------------------------


def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(client, w):
    case = w["case"]
    client.force_login(w["cw"])
    response = _refused(client, case, "assistance-plan", {
        "objectives": "แผนที่ไม่ควรหาย", "started_on": d_be(TODAY), "planned_end": d_be(days(-5)),
    }, "planned_end")  # fmt: skip
    assert "แผนที่ไม่ควรหาย" in response.content.decode()
    assert not case.assistance_plans.exists()

    services.shelter_stay_start(
        actor=w["cw"], case=fresh(case), shelter=w["shelter"], started_on=days(-2)
    )
    _refused(client, case, "shelter-stay-end", {
        "ended_on": d_be(days(-4)), "exit_reason": "left_by_choice",
    }, "ended_on")  # fmt: skip
    assert case.shelter_stays.get().ended_on is None

    response = _refused(client, case, "compensation-claim", {
        "kind": "other", "amount_claimed": "-100", "claimed_on": d_be(days(-1)),
        "details": "ค่าแรงค้างจ่าย",
    }, "amount_claimed")  # fmt: skip
    html = response.content.decode()
    assert "ค่าแรงค้างจ่าย" in html and 'value="-100"' in html
    assert not case.compensation_claims.exists()

    _refused(client, case, "stay-permit", {
        "permit_type": "stay", "purpose": "treatment", "valid_from": d_be(days(10)),
        "valid_to": d_be(days(5)), "issuing_office": "ตม.",
    }, "valid_to")  # fmt: skip
    _refused(client, case, "legal-proceeding", {"victim_role": "witness", "status": "investigation"},
             "police_case_number")  # fmt: skip
    _refused(client, case, "return-plan", {
        "kind": "repatriation_s38", "planned_on": d_be(days(14)), "destination_country": "MM",
    }, "counterpart_org")  # fmt: skip
    _refused(client, case, "reintegration-plan", {
        "home_province": "40", "responsible_agency": w["psdhs"].pk, "plan": "x",
        "started_on": d_be(TODAY),
    }, "responsible_agency")  # fmt: skip
    _refused(client, case, "family-assessment", {
        "assessed_on": d_be(days(2)), "assessor": "x", "findings": "x", "safe_to_return": "yes",
    }, "assessed_on")  # fmt: skip
    _refused(client, case, "note", {"text": "   "}, "text")
    for model_set in (
        case.stay_permits, case.legal_proceedings, case.return_plans, case.family_assessments,
        case.notes,
    ):  # fmt: skip
        assert not model_set.exists()
    assert not selectors.case_records(case=case).reintegration


def test_an_oversize_or_wrong_type_upload_gets_the_services_message(client, w, settings):
    settings.CASE_DOCUMENT_MAX_BYTES = 1024 * 1024  # 1 MB keeps the test light
    case = w["case"]
    w["cw"].language = "en"
    w["cw"].save(update_fields=["language"])
    client.force_login(w["cw"])
    big = PDF + b"0" * (int(1.5 * 1024 * 1024) - len(PDF))
    response = _post(client, case, "document", {
        "title": "สำเนาหนังสือเดินทาง", "file": SimpleUploadedFile("passport.pdf", big),
    })  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The file is 1.5 MB; the limit is 1 MB."]
    assert "สำเนาหนังสือเดินทาง" in response.content.decode()  # the title is kept
    response = _post(client, case, "document", {
        "file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00 an executable"),
    })  # fmt: skip
    assert response.context["form"].errors["file"] == [
        "Only PDF, PNG or JPEG files can be attached."
    ]
    assert not CaseDocument.objects.exists()


def test_a_stale_version_on_a_track_form_shows_the_conflict_and_keeps_the_input(client, w):
    case = w["case"]
    stale = fresh(case).version
    services.case_note_add(actor=w["cw"], case=fresh(case), text="เพื่อนร่วมงานบันทึกก่อน")
    client.force_login(w["cw"])
    data = {
        "version": stale, "submission_key": str(uuid.uuid4()), "kind": "fund_living_costs",
        "amount_claimed": "30,000", "claimed_on": d_be(days(-1)), "details": "ค่าครองชีพ 3 เดือน",
    }  # fmt: skip
    response = client.post(_url(case, "compensation-claim"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="conflict"' in html and "ค่าครองชีพ 3 เดือน" in html
    assert not case.compensation_claims.exists()
    data["version"] = response.context["form"]["version"].value()
    assert client.post(_url(case, "compensation-claim"), data).status_code == 302
    assert case.compensation_claims.count() == 1


def test_two_people_writing_notes_at_once_both_keep_their_note(client, w):
    """A note changes nothing recorded: a colleague's note written while this one was typed
    is no edit conflict (a claim or a decision still is, above)."""
    case = w["case"]
    client.force_login(w["cw"])
    form = client.get(_url(case, "note"))
    opened_at = form.context["form"]["version"].value()
    services.case_note_add(actor=w["sup"], case=fresh(case), text="หัวหน้าบันทึกระหว่างนั้น")
    assert fresh(case).version != opened_at
    data = {"version": opened_at, "submission_key": str(uuid.uuid4()), "text": "บันทึกของฉัน"}
    assert client.post(_url(case, "note"), data).status_code == 302
    assert sorted(case.notes.values_list("text", flat=True)) == sorted(
        ["หัวหน้าบันทึกระหว่างนั้น", "บันทึกของฉัน"]
    )


def test_a_double_submit_of_a_track_form_saves_once(client, w):
    client.force_login(w["cw"])
    data = {
        "version": fresh(w["case"]).version, "submission_key": str(uuid.uuid4()),
        "text": "บันทึกครั้งเดียว",
    }  # fmt: skip
    assert client.post(_url(w["case"], "note"), data).status_code == 302
    assert client.post(_url(w["case"], "note"), data).status_code == 302
    assert w["case"].notes.count() == 1


# --- documents -------------------------------------------------------------------------------------


def test_document_download_streams_the_bytes_and_logs_the_read(client, w):
    case = w["case"]
    doc = services.document_attach(
        actor=w["cw"], case=case, upload=SimpleUploadedFile("x.pdf", PDF),
        title='บันทึก "ลับ" ../../etc/passwd',
    )  # fmt: skip
    url = reverse("cases:document", args=[case.code, doc.pk])
    client.force_login(w["cw"])
    assert url in client.get(_url(case)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "/" not in disposition.split("filename", 1)[1] and '"ลับ"' not in disposition
    assert disposition.endswith(".pdf") or disposition.endswith('.pdf"')
    row = ReadAccess.objects.filter(record_id=str(doc.pk), outcome="seen").get()
    assert row.username == "cw" and row.path == url

    client.force_login(w["cw_kk"])  # another province's case worker
    assert client.get(url).status_code == 404
    client.force_login(w["cw"])
    other = reverse("cases:document", args=[case.code, uuid.uuid4()])
    assert client.get(other).status_code == 404
    assert ReadAccess.objects.filter(record_id=str(doc.pk), outcome="seen").count() == 1
    # the other province's attempt is in the read log as refused
    assert ReadAccess.objects.filter(record_id=str(doc.pk), outcome="refused").get().username == (
        "cw_kk"
    )


def test_download_name_keeps_thai_and_drops_what_could_harm():
    from saphan.cases.views.documents import download_name

    class Doc:
        content_type = "image/jpeg"
        title = 'ใบรับรองแพทย์ <script>/..\\"x"\n'

    name = download_name(Doc())
    assert name.startswith("ใบรับรองแพทย์") and name.endswith(".jpg")
    assert not set('<>/\\"\n') & set(name)
    Doc.title = "///"
    assert download_name(Doc()) == "document.jpg"


# --- referrals ------------------------------------------------------------------------------------


def _referral_data(w, **kw):
    data = {
        "kind": "referral", "to_agency": w["psdhs_kk"].pk, "reason": "ReintegrationInHomeProvince",
        "details": "ส่งกลับภูมิลำเนา จ.ขอนแก่น", "share_identity": "yes",
    }  # fmt: skip
    data.update(kw)
    return data


def test_referral_without_consent_is_refused_with_the_thai_and_english_message(client, w):
    client.force_login(w["cw"])
    page = client.get(_url(w["case"], "referral")).content.decode()
    assert 'id="consent-explained"' in page
    assert 'name="override_reason"' not in page  # only the supervisor may override
    response = _post(client, w["case"], "referral", _referral_data(w))
    assert response.status_code == 200
    errors = response.context["form"].errors["consent_recorded"]
    assert errors == [
        "บันทึกความยินยอมของผู้เสียหายก่อนเปิดเผยข้อมูลระบุตัวตน หากไม่มีความยินยอม "
        "เฉพาะหัวหน้าระดับจังหวัดเท่านั้นที่อนุมัติเป็นกรณีพิเศษได้ พร้อมระบุเหตุผล"
    ]
    assert "ส่งกลับภูมิลำเนา จ.ขอนแก่น" in response.content.decode()
    w["cw"].language = "en"
    w["cw"].save(update_fields=["language"])
    response = _post(client, w["case"], "referral", _referral_data(w))
    assert response.context["form"].errors["consent_recorded"] == [
        "Record the person's consent before their identity is shared. Without consent, only "
        "the provincial supervisor can override, with a reason."
    ]
    assert not Referral.objects.exists()


def test_the_supervisor_may_override_consent_with_a_reason(client, w):
    client.force_login(w["sup"])
    page = client.get(_url(w["case"], "referral")).content.decode()
    assert 'name="override_reason"' in page and 'value="transfer"' in page
    response = _post(
        client, w["case"], "referral", _referral_data(w, override_reason="ผู้เสียหายหมดสติ ต้องส่งต่อด่วน")
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.identity_sharing == "override" and referral.supervisor_override_by == w["sup"]


def test_referral_with_consent_accepted_by_the_receiving_case_worker(client, w):
    case = w["case"]
    client.force_login(w["cw"])
    response = _post(client, case, "referral", _referral_data(w, consent_recorded="on", **dt_be(
        NOW - dt.timedelta(hours=2), "consent_at"), consent_note="ลงนามในแบบยินยอม"))  # fmt: skip
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.identity_sharing == "consent" and referral.consent_at is not None

    client.force_login(w["cw_kk"])
    assert reverse("cases:referrals") in client.get(reverse("home")).content.decode()
    assert client.get(_url(case)).status_code == 404  # not before accepting
    listing = client.get(reverse("cases:referrals")).content.decode()
    assert case.code in listing and "มะลิ" not in listing  # the referral, not the person
    answer_url = reverse("cases:referral-answer", args=[referral.pk])
    assert answer_url in listing
    page = client.get(answer_url + "?answer=decline").content.decode()
    assert 'value="decline" id="id_answer_1" checked' in page
    assert "ลงนามในแบบยินยอม" not in page  # how consent was given stays with the case
    response = client.post(answer_url, {"version": fresh(case).version,
                                        "submission_key": str(uuid.uuid4()), "answer": "decline"})  # fmt: skip
    assert response.status_code == 200 and response.context["form"].errors["decline_reason"]
    key = str(uuid.uuid4())
    response = client.post(
        answer_url, {"version": fresh(case).version, "submission_key": key, "answer": "accept"}
    )
    assert response.status_code == 302 and response["Location"] == _url(case)
    page = client.get(_url(case))
    assert page.status_code == 200
    assert "มะลิ ศรีขอนแก่น" in page.content.decode()  # identity came with consent
    assert 'data-answer="accepted"' in page.content.decode()
    # the same answer sent twice changes nothing and says so
    again = client.post(answer_url, {"version": 0, "submission_key": key, "answer": "accept"})
    assert again.status_code == 302 and again["Location"] == reverse("cases:referrals")
    assert "มะลิ" not in client.get(reverse("cases:referrals")).content.decode()


def test_only_the_receiving_agency_answers(client, w):
    referral = services.referral_send(
        actor=w["cw"], case=w["case"], to_agency=w["psdhs_kk"], reason="Other",
        consent_recorded=True, consent_at=NOW - dt.timedelta(hours=1),
    )  # fmt: skip
    url = reverse("cases:referral-answer", args=[referral.pk])
    client.force_login(w["cw"])  # the sender
    assert client.get(url).status_code == 404
    client.force_login(w["police_kk_user"])  # the receiving province, but not its agency
    listing = client.get(reverse("cases:referrals"))
    assert listing.status_code == 200 and str(referral.pk) not in listing.content.decode()
    assert client.get(url).status_code == 404
    client.force_login(w["vol"])
    assert client.get(reverse("cases:referrals")).status_code == 403
    client.force_login(w["sup_kk"])
    response = client.post(url, {
        "version": fresh(w["case"]).version, "submission_key": str(uuid.uuid4()),
        "answer": "decline", "decline_reason": "ไม่มีบ้านพักว่าง",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("cases:referrals")
    referral.refresh_from_db()
    assert referral.answer == "declined" and referral.decline_reason == "ไม่มีบ้านพักว่าง"


def test_navigation_offers_referrals_waiting_to_case_workers_and_supervisors(client, w):
    # and to MDT members: a referral to the police is answered by the police
    for who, shown in (("cw", True), ("sup", True), ("police_user", True), ("vol", False)):
        client.force_login(w[who])
        html = client.get(reverse("home")).content.decode()
        assert (reverse("cases:referrals") in html) is shown, who


# --- the case page: follow-up badges and a cost that does not grow with the records ---------------


def _fill(w, n: int) -> None:
    """n records of every track on the case, written through the services."""
    cw, police = w["cw"], w["police_user"]
    case = fresh(w["case"])
    plan = services.assistance_plan_create(
        actor=cw, case=case, objectives="x", planned_end=days(60)
    )
    for i in range(n):
        services.planned_service_add(
            actor=cw, case=fresh(case), plan=plan, type="Health", provider_name=f"รพ. {i}",
            planned_start=TODAY,
        )  # fmt: skip
        proceeding = services.legal_proceeding_add(
            actor=police, case=fresh(case), victim_role="witness",
            police_case_number=f"{i}/2569", police_station="สภ.แม่สอด",
        )  # fmt: skip
        services.legal_testimony_schedule(
            actor=police, case=fresh(case), proceeding=proceeding, kind="video",
            scheduled_at=NOW + dt.timedelta(days=i + 1),
        )  # fmt: skip
        services.protection_measure_add(
            actor=police, case=fresh(case), proceeding=proceeding, measure="escort",
            started_on=TODAY,
        )  # fmt: skip
        claim = services.compensation_claim_add(
            actor=cw, case=fresh(case), kind="other", amount_claimed=1000, claimed_on=days(-30)
        )
        services.compensation_order_add(
            actor=cw, case=fresh(case), claim=claim, amount_ordered=900, ordered_on=days(-20),
            decided_by="ศาล",
        )  # fmt: skip
        services.compensation_payment_add(
            actor=cw, case=fresh(case), claim=claim, amount_paid=100, paid_on=days(-1),
            payer="จำเลย",
        )  # fmt: skip
        services.stay_permit_record(
            actor=police, case=fresh(case), purpose="proceedings", permit_type="stay",
            valid_from=days(-10), valid_to=days(100 + i), issuing_office="ตม.",
        )  # fmt: skip
        services.family_assessment_record(
            actor=cw, case=fresh(case), assessed_on=days(-3), assessor="x", findings="x",
            safe_to_return="yes",
        )  # fmt: skip
        services.return_plan_create(
            actor=cw, case=fresh(case), kind="return_to_family_in_thailand", planned_on=days(7),
            destination_province=w["kk"],
        )  # fmt: skip
        services.case_note_add(actor=cw, case=fresh(case), text=f"บันทึก {i}")
        services.document_attach(
            actor=cw, case=fresh(case), upload=SimpleUploadedFile(f"{i}.pdf", PDF + bytes([i]))
        )
    services.shelter_stay_start(
        actor=cw, case=fresh(case), shelter=w["shelter"], started_on=days(-1)
    )
    services.reintegration_plan_create(
        actor=cw, case=fresh(case), home_province=w["kk"], responsible_agency=w["psdhs_kk"],
        plan="x", started_on=TODAY - dt.timedelta(days=100),
    )  # fmt: skip
    for agency in (w["police_kk"], w["psdhs_kk"])[: min(n, 2)]:
        services.referral_send(
            actor=cw, case=fresh(case), to_agency=agency, reason="Other", share_identity=False
        )


def _page_queries(client, case) -> int:
    # Once first: the session row is written at most once a minute (orgs.middleware), which
    # would count against whichever page came first.
    assert client.get(_url(case)).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(case))
    assert response.status_code == 200
    return len(queries)


def test_the_case_page_costs_the_same_with_one_or_many_records(client, w, settings):
    other = make_world_copy(w)
    _fill(w, 1)
    _fill(other, 4)
    client.force_login(w["cw"])
    few = _page_queries(client, w["case"])
    many = _page_queries(client, other["case"])
    assert many == few, (few, many)
    html = client.get(_url(other["case"])).content.decode()
    assert html.count('class="list-group-item visit"') == 4
    # long sections fold away on a phone; short ones stay open
    assert 'id="legal-body" class="collapse d-sm-block"' in html
    assert 'id="shelter-body" class=""' in html
    assert 'data-badge="overdue"' in html and 'data-badge="scheduled"' in html


def make_world_copy(w) -> dict:
    """A second case like the world's, in the same province and agency."""
    case = protected_case(
        w, description="x", person_name="บุคคล ทดสอบ", reasons="x", purposes=["ForcedLabour"],
        member="x", rights=["compensation"],
    )  # fmt: skip
    return {**w, "case": case}


def test_case_timeline_named_reads_like_case_timeline(w):
    _fill(w, 2)
    case = fresh(w["case"])
    assert selectors.case_timeline_named(case=case) == selectors.case_timeline(case=case)


def test_a_shelter_that_is_not_one_is_refused(client, w):
    ngo_less = AgencyFactory(code="labour-63", kind=AgencyKind.LABOUR_PROTECTION, province=w["tak"])
    client.force_login(w["cw"])
    response = _post(client, w["case"], "shelter-stay", {
        "shelter": ngo_less.pk, "started_on": d_be(TODAY),
    })  # fmt: skip
    assert response.status_code == 200 and response.context["form"].errors["shelter"]


def test_an_english_reader_sees_common_era_dates_on_the_tracks(client, w):
    services.assistance_plan_create(
        actor=w["cw"], case=w["case"], objectives="x", planned_end=days(30)
    )
    user = UserFactory(username="cw_en", province=w["tak"], agency=w["psdhs"],
                       roles=[Role.CASE_WORKER], language="en")  # fmt: skip
    client.force_login(user)
    html = client.get(_url(w["case"])).content.decode()
    assert 'id="record-plan"' in html and f" {days(30).year}" in html


def test_a_one_megabyte_case_note_is_refused_with_a_message_and_nothing_saved(client, w):
    client.force_login(w["cw"])
    huge = "บันทึกยาว " * 100_000  # 1,000,000 characters: a paste gone wrong
    response = _post(client, w["case"], "note", {"text": huge})
    assert response.status_code == 200
    assert "ข้อความนี้ยาว 999999 ตัวอักษร" in response.context["form"].errors["text"][0]
    assert not w["case"].notes.exists()
    fine = "บันทึกสั้น " * 900  # 9,900 characters: within the shared limit
    _ok(client, w["case"], "note", {"text": fine})
    assert w["case"].notes.get().text == fine.strip()
