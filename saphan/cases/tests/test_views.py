"""The case pages through the HTTP layer: scoping, forms, errors, double submits, identity."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from saphan.audit.models import ReadAccess
from saphan.cases import process
from saphan.cases.models import AccessReason, Case, CaseAccess, SubmissionKey
from saphan.cases.process import Phase
from saphan.cases.services import case_open
from saphan.cases.services.stages import IntakeInput
from saphan.core.thai import to_be_year
from saphan.orgs.tests.factories import PersonFactory

from .builders import hold, intake, open_case, screen

NOW = timezone.now()


def be(when: dt.datetime, name: str) -> dict:
    """The two inputs of a date-and-time field as a Thai user types them (B.E. year)."""
    local = timezone.localtime(when)
    return {
        f"{name}_date": f"{local.day:02d}/{local.month:02d}/{to_be_year(local.year)}",
        f"{name}_time": f"{local:%H:%M}",
    }


def _intake(**kw) -> IntakeInput:
    return intake(**({"received_at": NOW - dt.timedelta(hours=30)} | kw))


def _case_with_person(kk, actor=None, name="มะลิ ทดสอบนาม"):
    actor = actor or kk["cw"]
    case = open_case(actor, NOW - dt.timedelta(hours=30), person=PersonFactory(full_name=name))
    case.refresh_from_db()
    return case


def _screened_case(kk):
    """A case with its person, screened five hours ago by the case worker."""
    case = _case_with_person(kk)
    screen(kk["cw"], case, NOW - dt.timedelta(hours=5))
    return case


def _version(case) -> int:
    return Case.objects.get(pk=case.pk).version


def _url(case, action=None) -> str:
    if action is None:
        return reverse("cases:detail", args=[case.code])
    return reverse("cases:action", args=[case.code, action])


def _post(client, case, action, data, *, follow=False):
    payload = {"version": _version(case), "submission_key": str(uuid.uuid4()), **data}
    return client.post(_url(case, action), payload, follow=follow)


def _intake_post(**kw) -> dict:
    data = {
        "submission_key": str(uuid.uuid4()),
        **be(NOW - dt.timedelta(hours=2), "received_at"),
        "source": "hotline_1300",
        "channel": "phone",
        "urgency": "urgent",
        "place_province": "40",
        "place_detail": "อ.เมือง",
        "description": "สายด่วน 1300: หญิงสาวถูกหลอกไปทำงานแก๊งคอลเซ็นเตอร์",
        "reporter_name": "ผู้แจ้ง ทดสอบ",
        "reporter_contact": "081-000-0000",
    }
    data.update(kw)
    return data


# --- lists and scoping -------------------------------------------------------------------------


def test_case_worker_sees_own_cases_supervisor_sees_the_province(client, kk):
    mine = case_open(actor=kk["cw"], intake=_intake())
    theirs = case_open(actor=kk["cw2"], intake=_intake())

    client.force_login(kk["cw"])
    html = client.get(reverse("cases:list")).content.decode()
    assert mine.code in html and theirs.code not in html
    html = client.get(reverse("cases:list"), {"scope": "all"}).content.decode()
    assert mine.code in html and theirs.code in html  # same agency and province

    client.force_login(kk["sup"])
    response = client.get(reverse("cases:list"))
    html = response.content.decode()
    assert response.context["scope"] == "all"  # the supervisor's default
    assert mine.code in html and theirs.code in html


def test_list_filters_keep_their_values_and_search_by_code(client, kk):
    case = case_open(actor=kk["cw"], intake=_intake())
    other = case_open(actor=kk["cw"], intake=_intake())
    client.force_login(kk["cw"])
    response = client.get(reverse("cases:list"), {"q": case.code, "phase": "intake"})
    html = response.content.decode()
    assert case.code in html and other.code not in html
    assert f'value="{case.code}"' in html
    assert '<option value="intake" selected>' in html
    # Every filter answers, including nationality (offered once persons have citizenships).
    for params in (
        {"nationality": "MM"},
        {"exploitation": "ForcedCriminality"},
        {"agency": "psdhs-40"},
    ):
        assert client.get(reverse("cases:list"), params).status_code == 200


def test_list_deadline_filter_finds_overdue_custody(client, kk):
    late = _case_with_person(kk)
    # typed in late: more than 24 hours ago
    hold(kk["cw"], late, NOW - dt.timedelta(hours=30), confirm_start=True)
    calm = _case_with_person(kk)
    client.force_login(kk["cw"])
    html = client.get(reverse("cases:list"), {"deadline": "overdue"}).content.decode()
    assert late.code in html and calm.code not in html
    assert 'data-status="overdue"' in html


def test_a_case_of_another_province_is_a_404(client, kk):
    case = case_open(actor=kk["cw"], intake=_intake())
    client.force_login(kk["cw_tak"])
    assert client.get(_url(case)).status_code == 404
    assert client.get(_url(case, "custody")).status_code == 404
    assert client.get(reverse("cases:detail", args=["40-2569-99999"])).status_code == 404


def test_a_volunteer_gets_403_on_the_case_pages(client, kk):
    client.force_login(kk["vol"])
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:new")).status_code == 403
    assert client.get(reverse("cases:deadlines")).status_code == 403
    html = client.get(reverse("home")).content.decode()
    assert reverse("cases:list") not in html


def test_navigation_shows_cases_to_case_roles(client, kk):
    client.force_login(kk["cw"])
    html = client.get(reverse("home")).content.decode()
    assert reverse("cases:list") in html and reverse("cases:deadlines") in html
    client.force_login(kk["police_user"])
    html = client.get(reverse("home")).content.decode()
    assert reverse("cases:list") in html and reverse("cases:deadlines") not in html


# --- intake ----------------------------------------------------------------------------------


def test_only_case_workers_and_supervisors_open_cases(client, kk):
    client.force_login(kk["police_user"])
    assert client.get(reverse("cases:new")).status_code == 403
    assert "new-case" not in client.get(reverse("cases:list")).content.decode()
    client.force_login(kk["cw"])
    assert client.get(reverse("cases:new")).status_code == 200
    assert 'id="new-case"' in client.get(reverse("cases:list")).content.decode()


def test_intake_opens_a_case_and_a_double_submit_creates_one(client, kk):
    client.force_login(kk["cw"])
    data = _intake_post()
    first = client.post(reverse("cases:new"), data)
    assert first.status_code == 302
    case = Case.objects.get()
    assert first["Location"] == _url(case)
    second = client.post(reverse("cases:new"), data)
    assert second.status_code == 302 and second["Location"] == _url(case)
    assert Case.objects.count() == 1
    assert SubmissionKey.objects.get(key=data["submission_key"]).result == case.code
    intake = case.intakes.get()
    assert intake.source == "hotline_1300" and intake.urgency == "urgent"
    local = timezone.localtime(intake.received_at)
    expected = timezone.localtime(NOW - dt.timedelta(hours=2))
    assert (local.date(), local.hour, local.minute) == (
        expected.date(),
        expected.hour,
        expected.minute,
    )
    assert intake.place_province_id == "40"


def test_a_ce_year_typed_in_thai_gets_a_thai_message_and_keeps_the_input(client, kk):
    client.force_login(kk["cw"])
    data = _intake_post(received_at_date=f"26/11/{timezone.localdate().year}")
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ดูเหมือนเป็นปี ค.ศ." in html  # the Thai message of ThaiDateField
    assert "แก๊งคอลเซ็นเตอร์" in html  # nothing typed is lost
    assert not Case.objects.exists()


def test_a_tip_in_the_future_is_refused_next_to_the_field(client, kk):
    client.force_login(kk["cw"])
    data = _intake_post(**be(NOW + dt.timedelta(days=2), "received_at"))
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["received_at"]
    assert not Case.objects.exists()


def test_a_half_typed_date_and_time_is_refused(client, kk):
    client.force_login(kk["cw"])
    response = client.post(reverse("cases:new"), _intake_post(received_at_time=""))
    assert response.status_code == 200
    assert response.context["form"].errors["received_at"]


# --- the case page ---------------------------------------------------------------------------


def test_case_page_shows_next_steps_people_and_logs_the_read(client, kk):
    case = _case_with_person(kk)
    client.force_login(kk["cw"])
    before = ReadAccess.objects.filter(record_id=str(case.pk)).count()
    response = client.get(_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.code in html and "มะลิ ทดสอบนาม" in html
    assert 'data-phase="screening"' in html
    assert _url(case, "custody") in html and _url(case, "screening") in html
    assert ReadAccess.objects.filter(record_id=str(case.pk)).count() == before + 1
    row = ReadAccess.objects.filter(record_id=str(case.pk)).latest("id")
    assert row.username == "cw" and row.path == _url(case)


@pytest.mark.django_db(transaction=True)
def test_a_case_page_writes_its_reads_in_one_transaction_before_it_answers(client, kk):
    """Outside a test's own transaction, as on the server: the case and its person are logged
    as read together (one chain lock, one insert) by the time the page is answered."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = _case_with_person(kk, name="ลำดวน บันทึกรวม")
    client.force_login(kk["cw"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(_url(case))
    assert response.status_code == 200 and "ลำดวน บันทึกรวม" in response.content.decode()
    # one append (audit 0004: the chain's lock, the last hash and the inserts in one statement)
    appends = [q for q in captured.captured_queries if "saphan_read_log_append" in q["sql"]]
    assert len(appends) == 1
    rows = list(ReadAccess.objects.filter(path=_url(case)).order_by("id"))
    assert {r.record_type for r in rows} >= {"cases.case", "people.person"}
    assert [r.id for r in rows] == list(range(rows[0].id, rows[0].id + len(rows)))
    from saphan.audit.services import verify_chain

    assert verify_chain() == (True, None)


def test_identity_is_hidden_from_the_police_mdt_member(client, kk):
    case = _case_with_person(kk, name="ดาวเรือง ลับเฉพาะ")
    CaseAccess.objects.create(
        case=case, user=kk["police_user"], reason=AccessReason.ASSIGNED, identity=False
    )
    client.force_login(kk["police_user"])
    listing = client.get(reverse("cases:list"))
    assert listing.context["scope"] == "all" and case.code in listing.content.decode()
    assert "ดาวเรือง" not in listing.content.decode()
    response = client.get(_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.code in html
    assert "ดาวเรือง" not in html and "ลับเฉพาะ" not in html
    assert "ผู้แจ้ง" not in html  # nor the reporter of the tip
    assert "identity-hidden" in html
    client.force_login(kk["cw"])
    assert "ดาวเรือง ลับเฉพาะ" in client.get(_url(case)).content.decode()


def test_my_deadlines_lists_the_custody_deadline(client, kk):
    case = _case_with_person(kk)
    hold(kk["cw"], case, NOW - dt.timedelta(hours=2))
    client.force_login(kk["cw"])
    html = client.get(reverse("cases:deadlines")).content.decode()
    assert case.code in html and 'data-status="due"' in html


# --- stage forms: errors ---------------------------------------------------------------------


def test_a_stale_version_shows_the_conflict_and_keeps_the_input(client, kk):
    case = _case_with_person(kk)
    stale = _version(case)
    hold(kk["cw2"], Case.objects.get(pk=case.pk), NOW - dt.timedelta(hours=5))  # a colleague first
    client.force_login(kk["cw"])
    data = {
        "version": stale,
        "submission_key": str(uuid.uuid4()),
        **be(NOW - dt.timedelta(hours=1), "interviewed_at"),
        "indicators": ["Deception", "DebtBondage"],
        "notes": "บันทึกที่ไม่ควรหาย",
    }
    response = client.post(_url(case, "screening"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="conflict"' in html
    assert "บันทึกที่ไม่ควรหาย" in html
    assert 'value="DebtBondage" id="id_indicators_8" checked' in html
    assert not case.screenings.exists()
    # The form comes back on the current version: saving again works.
    form = response.context["form"]
    assert int(form["version"].value()) == _version(case)
    data["version"] = form["version"].value()
    assert client.post(_url(case, "screening"), data).status_code == 302
    assert case.screenings.count() == 1


@pytest.mark.parametrize(
    "action, data, field, kept",
    [
        (  # custody that starts after the screening
            "custody",
            {
                **be(NOW - dt.timedelta(hours=3), "started_at"),
                "place": "บ้านพัก",
                "place_is_not_a_cell": "on",
            },
            "started_at",
            'value="บ้านพัก"',
        ),
        (  # an identification needs its members, each with an agency
            "identification",
            {
                "status": "ActualVictimOfTrafficking",
                "deciding_org": "Police",
                **be(NOW - dt.timedelta(hours=2), "decided_at"),
                "reasons": "พบข้อบ่งชี้",
                "member_1_name": "ชื่อแต่ไม่มีหน่วยงาน",
            },
            "members",
            "ชื่อแต่ไม่มีหน่วยงาน",
        ),
    ],
    ids=["custody_after_the_screening", "identification_needs_members"],
)
def test_a_refused_stage_form_shows_why_next_to_the_field(client, kk, action, data, field, kept):
    case = _screened_case(kk)
    client.force_login(kk["cw"])
    response = _post(client, case, action, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert kept in response.content.decode()


def test_custody_in_a_cell_is_refused_with_the_s29_reason(client, kk):
    case = _case_with_person(kk)
    client.force_login(kk["cw"])
    response = _post(
        client, case, "custody", {**be(NOW - dt.timedelta(hours=3), "started_at"), "place": "สน."}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["place_is_not_a_cell"]


def test_a_double_submit_of_a_stage_form_saves_once(client, kk):
    case = _case_with_person(kk)
    client.force_login(kk["cw"])
    data = {
        "version": _version(case),
        "submission_key": str(uuid.uuid4()),
        **be(NOW - dt.timedelta(hours=3), "started_at"),
        "place": "บ้านพัก",
        "place_is_not_a_cell": "on",
    }
    assert client.post(_url(case, "custody"), data).status_code == 302
    second = client.post(_url(case, "custody"), data)
    assert second.status_code == 302 and second["Location"] == _url(case)
    assert case.timeline.filter(kind="custody_started").count() == 1


def test_a_refused_move_shows_what_is_missing(client, kk):
    case = _screened_case(kk)
    client.force_login(kk["cw"])
    response = _post(client, case, "advance", {"to": Phase.RETURN_REINTEGRATION})
    assert response.status_code == 200
    assert response.context["unmet"]
    assert 'id="unmet"' in response.content.decode()


def test_approval_and_assignment_are_for_the_supervisor(client, kk):
    case = _case_with_person(kk)
    client.force_login(kk["cw"])
    assert client.get(_url(case, "assign")).status_code == 403
    assert _post(client, case, "reopen", {"reason": "x"}).status_code == 403
    client.force_login(kk["sup"])
    response = _post(client, case, "assign", {"case_worker": kk["cw2"].pk})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).case_worker == kk["cw2"]


# --- the whole way through the HTTP layer ------------------------------------------------------


def test_every_stage_form_from_intake_to_approved_closure(client, kk):
    client.force_login(kk["cw"])
    response = client.post(
        reverse("cases:new"), _intake_post(**be(NOW - dt.timedelta(hours=30), "received_at"))
    )
    assert response.status_code == 302
    case = Case.objects.get()

    def ok(action, data, user=None):
        if user is not None:
            client.force_login(user)
        page = client.get(_url(case, action))  # every form opens on its own page first
        assert page.status_code == 200 and 'id="action-form"' in page.content.decode(), action
        r = _post(client, case, action, data)
        assert r.status_code == 302, (action, r.context and r.context["form"].errors)
        case.refresh_from_db()
        return r

    assert client.get(_url(case, "person")).status_code == 200
    ok("person", {"full_name": "  นางสาว ทดลอง   ใจดี ", "role": "victim"})
    assert case.phase == Phase.SCREENING
    assert case.parties.get().person.full_name == "นางสาว ทดลอง ใจดี"

    ok(
        "custody",
        {
            **be(NOW - dt.timedelta(hours=28), "started_at"),
            "place": "บ้านพักเด็กฯ",
            "place_is_not_a_cell": "on",
            "confirm_start": "on",  # more than 24 hours ago: confirmed
        },
    )
    ok(
        "custody-extension",
        {
            "order_number": "ฝ.12/2569",
            "order_date": be(NOW - dt.timedelta(hours=20), "x")["x_date"],
            "court": "ศาลจังหวัดขอนแก่น",
            **be(NOW + dt.timedelta(days=3), "new_deadline"),
        },
    )
    ok(
        "screening",
        {
            **be(NOW - dt.timedelta(hours=26), "interviewed_at"),
            "interpreter_language": "lo",
            "interpreter_name": "ล่าม ทดสอบ",
            "indicators": ["Deception", "RetentionOfIdentityDocuments"],
            "methods_of_control": ["DebtBondage"],
            "exploitation_types": ["ForcedCriminality"],
            "recruitment_methods": ["ThroughAnOnlineAdvertisement"],
            "recruitment_apps": ["Facebook", "Telegram"],
            "relationship_to_trafficker": "Unaquainted",
            "vulnerabilities": ["Poverty"],
            "notes": "ถูกพาไปเมียวดี",
            "custody_still_held": "on",  # custody ends later, by its own step
        },
    )
    assert case.phase == Phase.IDENTIFICATION
    ok("custody-end", be(NOW - dt.timedelta(hours=24), "ended_at"))
    ok(
        "temporary-protection",
        {**be(NOW - dt.timedelta(hours=23), "started_at"), "shelter": kk["shelter"].pk},
    )
    ok(
        "identification",
        {
            "status": "ActualVictimOfTrafficking",
            "deciding_org": "NonPoliceGovernmentalOrganization",
            **be(NOW - dt.timedelta(hours=10), "decided_at"),
            "reasons": "พบการหลอกลวงและยึดเอกสาร",
            "basis": "s6",
            "acts": ["recruiting", "harbouring"],
            "means": ["deception"],
            "purposes": ["ForcedCriminality"],
            "member_1_agency": kk["police"].pk,
            "member_1_name": "ร.ต.อ. ทดสอบ",
            "member_2_agency": kk["psdhs"].pk,
            "member_2_name": "นักสังคมสงเคราะห์",
        },
    )
    decision = case.identifications.get()
    assert decision.members.count() == 2
    ok(
        "rights-notice",
        {
            **be(NOW - dt.timedelta(hours=9), "notified_at"),
            "language": "th",
            "rights": ["compensation", "legal_aid"],
            "person_views": "ต้องการกลับบ้าน",
        },
    )
    assert case.phase == Phase.IDENTIFICATION  # waits for the supervisor

    # The supervisor sees the approve button on the case page and approves.
    client.force_login(kk["sup"])
    html = client.get(_url(case)).content.decode()
    assert 'id="approve-identification"' in html
    ok("identification-approve", {})
    assert case.phase == Phase.PROTECTION and case.trafficking_status == "ActualVictimOfTrafficking"

    # Moving on by hand: done when process.py allows it, otherwise its blockers are shown.
    client.force_login(kk["cw"])
    blockers = process.blockers(case, Phase.RETURN_REINTEGRATION)
    response = _post(client, case, "advance", {"to": Phase.RETURN_REINTEGRATION})
    if blockers:
        assert response.status_code == 200 and response.context["unmet"] == blockers
    else:
        assert response.status_code == 302
    case.refresh_from_db()
    phase_before_closure = case.phase
    ok("closure", {"reason": "reintegrated", "details": "กลับไปอยู่กับครอบครัว ติดตามครบ"})
    assert case.phase == phase_before_closure  # closing waits for the supervisor

    client.force_login(kk["sup"])
    html = client.get(_url(case)).content.decode()
    assert _url(case, "closure-decide") in html
    response = _post(client, case, "closure-decide", {"decision": "send_back"})
    assert response.status_code == 200 and response.context["form"].errors["note"]
    ok("closure-decide", {"decision": "approve", "note": ""})
    assert case.phase == Phase.CLOSED and case.closed_at

    html = client.get(_url(case)).content.decode()
    for text in ["ฝ.12/2569", "ถูกพาไปเมียวดี", "ร.ต.อ. ทดสอบ", "ต้องการกลับบ้าน"]:
        assert text in html
    ok("reopen", {"reason": "ครอบครัวขอความช่วยเหลือเพิ่ม"})
    assert case.phase == phase_before_closure


def test_a_step_that_is_not_open_sends_back_to_the_case(client, kk):
    case = _case_with_person(kk)
    hold(kk["cw"], case, NOW - dt.timedelta(hours=2))
    client.force_login(kk["cw"])
    response = client.get(_url(case, "custody"))
    assert response.status_code == 302 and response["Location"] == _url(case)
    assert client.get(_url(case, "custody-extension")).status_code == 200
    assert client.get(_url(case, "no-such-step")).status_code == 404


def test_the_case_page_in_english_shows_common_era_dates(client, kk):
    case = _case_with_person(kk)
    kk["cw"].language = "en"
    kk["cw"].save(update_fields=["language"])
    client.force_login(kk["cw"])
    client.cookies["saphan_language"] = "en"
    html = client.get(_url(case)).content.decode()
    year = timezone.localtime(case.opened_at).year
    assert f" {year} " in html and f" {year + 543} " not in html
    assert "Next steps" in html


# --- history of who wrote what ---------------------------------------------------------------------


def test_a_note_written_in_the_pages_keeps_its_author_and_page_in_the_history(client, kk):
    import pghistory.runtime
    from django.db import connection

    from saphan.cases.models import CaseNote

    case = _case_with_person(kk)
    client.force_login(kk["cw"])
    attached = []

    def record(execute, sql, params, many, context):
        # pghistory's open context is what it sends before each statement of the request.
        attached.append(hasattr(pghistory.runtime._tracker, "value"))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(_url(case)).status_code == 200
    # Reading writes nothing tracked, so the request is not attached to its statements.
    assert attached and not any(attached)
    response = _post(client, case, "note", {"text": "โทรหาผู้เสียหายแล้ว"})
    assert response.status_code == 302
    event = CaseNote.pgh_event_model.objects.get(pgh_obj__case=case, pgh_label="insert")
    assert event.pgh_context.metadata["user"] == str(kk["cw"].pk)
    assert event.pgh_context.metadata["url"] == _url(case, "note")


def test_person_form_keeps_an_age_typed_for_a_person_without_a_date_of_birth(client, kk):
    """The case page's person form asks, besides the name, about how old the person is: the
    duplicate check reads it as it is typed, and the new person keeps it as an estimated age."""
    case = open_case(kk["cw"], NOW - dt.timedelta(hours=3))
    client.force_login(kk["cw"])
    page = client.get(_url(case, "person")).content.decode()
    assert 'name="age"' in page and 'data-candidates-age="id_age"' in page
    assert _post(client, case, "person", {"full_name": "Aung Kyaw", "age": "34", "role": "victim"}).status_code == 302  # fmt: skip
    person = case.parties.get(person__full_name="Aung Kyaw").person
    assert (person.birth_date_precision, person.age_estimate_min, person.age_estimate_max) == (
        "estimated",
        34,
        34,
    )
    assert person.age_estimated_on == timezone.localdate()


def test_person_form_refuses_an_age_no_one_has_and_keeps_what_was_typed(client, kk):
    case = open_case(kk["cw"], NOW - dt.timedelta(hours=3))
    client.force_login(kk["cw"])
    response = _post(client, case, "person", {"full_name": "Aung Kyaw", "age": "340", "role": "victim"})  # fmt: skip
    assert response.status_code == 200
    assert not case.parties.filter(person__full_name="Aung Kyaw").exists()
    assert response.context["form"].errors["age"]
    assert 'value="Aung Kyaw"' in response.content.decode()
