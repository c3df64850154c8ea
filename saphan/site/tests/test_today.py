"""The home page's "today" and the approvals queue, through the real pages: what each role is
shown, that each entry opens the form that settles it, the send-back service, the refusals,
and a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from saphan.cases.models import Case, IdentificationDecision, TimelineEvent
from saphan.cases.services import (
    case_open,
    closure_request,
    custody_record,
    identification_decide,
    person_link,
    screening_record,
)
from saphan.cases.services.stages import IntakeInput, MemberPresent, ScreeningInput
from saphan.core.models import Alert
from saphan.orgs.models import AgencyKind, GrantStatus, PendingRoleGrant
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import (
    AgencyFactory,
    PersonFactory,
    ProvinceFactory,
    UserFactory,
    staff,
    volunteer,
)

NOW = timezone.now()


@pytest.fixture
def w(db):
    kk = ProvinceFactory(code="40")
    tak = ProvinceFactory(code="63")
    psdhs = AgencyFactory(code="psdhs-40", province=kk)
    police = AgencyFactory(code="police-40", kind=AgencyKind.POLICE, province=kk)
    return {
        "kk": kk,
        "psdhs": psdhs,
        "police": police,
        "cw": staff("t_cw", psdhs),
        "cw2": staff("t_cw2", psdhs),
        "sup": staff("t_sup", psdhs, Role.PROVINCIAL_SUPERVISOR),
        "sup_tak": staff(
            "t_sup_tak", AgencyFactory(code="psdhs-63", province=tak), Role.PROVINCIAL_SUPERVISOR
        ),
        "vol": volunteer("t_vol", kk),
        "central": UserFactory(
            username="t_central",
            province=None,
            agency=None,
            jurisdiction="nation",
            roles=[Role.CENTRAL_OFFICER],
        ),
    }


def _case(w, *, custody_hours_ago: int | None = None, name="มะลิ ทดสอบนาม") -> Case:
    case = case_open(
        actor=w["cw"],
        intake=IntakeInput(
            received_at=NOW - dt.timedelta(days=4),
            source="hotline_1300",
            channel="phone",
            description="ข้อมูลสมมติ",
        ),
    )
    person_link(actor=w["cw"], case=case, person=PersonFactory(full_name=name))
    if custody_hours_ago is not None:
        custody_record(
            actor=w["cw"],
            case=case,
            started_at=NOW - dt.timedelta(hours=custody_hours_ago),
            confirm_start=custody_hours_ago > 24,  # a start over 24 h ago is confirmed
            place="บ้านพัก",
            place_is_not_a_cell=True,
        )
    case.refresh_from_db()
    return case


def _decided(w, case: Case) -> IdentificationDecision:
    screening_record(
        actor=w["cw"],
        case=case,
        data=ScreeningInput(
            interviewed_at=NOW - dt.timedelta(days=3),
            indicators=["DeceptionAboutNatureOfWork"],
            qualification_override_reason="ทดสอบ",
        ),
    )
    return identification_decide(
        actor=w["cw"],
        case=case,
        status="ActualVictimOfTrafficking",
        deciding_org="NonPoliceGovernmentalOrganization",
        decided_at=NOW - dt.timedelta(days=2),
        reasons="พบข้อบ่งชี้",
        basis="s6", acts=["recruiting"], means=["deception"], purposes=["ForcedLabour"],
        members=[MemberPresent(agency=w["police"], name="ร.ต.อ. ทดสอบ")],
    )  # fmt: skip


def _section(response, key):
    return next((s for s in response.context["sections"] if s.key == key), None)


# --- today on the home page ---------------------------------------------------------------------


def test_case_worker_sees_overdue_deadlines_first_each_opening_its_form(client, w):
    overdue = _case(w, custody_hours_ago=60)  # screening custody (s.29) long past
    _case(w)  # nothing due
    client.force_login(w["cw"])
    response = client.get(reverse("home"))
    section = _section(response, "deadlines")
    assert section is not None and section.count >= 1 and section.overdue >= 1
    assert response.context["sections"][0].key == "deadlines"  # the most urgent first
    entry = section.entries[0]
    assert entry.title == overdue.code
    assert entry.url == reverse("cases:action", args=[overdue.code, "custody-end"])
    html = response.content.decode()
    assert 'id="today-deadlines"' in html and entry.url in html
    # The link opens the form that settles it.
    form_page = client.get(entry.url)
    assert form_page.status_code == 200 and form_page.context["action"].slug == "custody-end"


def test_supervisor_sees_approvals_and_a_case_worker_does_not(client, w):
    case = _case(w)
    decision = _decided(w, case)
    closing = _case(w)
    closure_request(actor=w["cw"], case=closing, reason="reintegrated")

    client.force_login(w["sup"])
    response = client.get(reverse("home"))
    ident = _section(response, "identification-approvals")
    closure = _section(response, "closure-approvals")
    assert ident.count == 1 and ident.entries[0].title == case.code
    assert ident.entries[0].url == reverse(
        "cases:action", args=[case.code, "identification-approve"]
    )
    assert closure.count == 1 and closure.entries[0].title == closing.code
    assert client.get(ident.entries[0].url).status_code == 200
    assert client.get(closure.entries[0].url).status_code == 200
    assert response.context["approvals_total"] == 2
    assert reverse("queue") in response.content.decode()

    client.force_login(w["cw"])
    response = client.get(reverse("home"))
    assert _section(response, "identification-approvals") is None
    assert _section(response, "closure-approvals") is None
    assert decision.pk  # still waiting


def test_supervisor_of_another_province_sees_nothing(client, w):
    _decided(w, _case(w))
    client.force_login(w["sup_tak"])
    assert client.get(reverse("home")).context["sections"] == []
    response = client.get(reverse("queue"))
    assert response.status_code == 200 and response.context["sections"] == []
    assert 'id="queue-empty"' in response.content.decode()


def test_referrals_and_access_requests_to_answer(client, w):
    from saphan.cases.models import Referral
    from saphan.people.models import AccessRequest

    case = _case(w)
    other = AgencyFactory(code="ngo-40", province=w["kk"])
    receiver = staff("t_ngo_cw", other)
    referral = Referral.objects.create(
        case=case,
        from_agency=w["psdhs"],
        to_agency=other,
        sent_by=w["cw"],
        sent_at=NOW - dt.timedelta(days=1),
        reason="ต้องการที่พัก",
    )
    client.force_login(receiver)
    section = _section(client.get(reverse("home")), "referrals")
    assert section.count == 1
    assert section.entries[0].url == reverse("cases:referral-answer", args=[referral.pk])

    request = AccessRequest.objects.create(
        requester=w["cw2"], person=case.parties.first().person, case=case, reason="ตรวจซ้ำ"
    )
    client.force_login(w["sup"])
    section = _section(client.get(reverse("home")), "access-requests")
    assert section.count == 1
    assert section.entries[0].url == reverse("people:access_request_decide", args=[request.pk])
    client.force_login(w["cw"])
    assert _section(client.get(reverse("home")), "access-requests") is None


def test_tips_for_the_province_and_visits_for_the_volunteer(client, w):
    from saphan.network.models import Tip, Visit, VisitKind

    tip = Tip.objects.create(
        way="web",
        source="public",
        province=w["kk"],
        seen_at=NOW,
        description="ข้อมูลสมมติ",
        urgency="urgent",
    )
    visit = Visit.objects.create(
        kind=VisitKind.HOUSEHOLD,
        assigned_to=w["vol"],
        assigned_by=w["cw"],
        province=w["kk"],
        visit_name="ครัวเรือน 1",
        purpose="เยี่ยม",
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    client.force_login(w["cw"])
    section = _section(client.get(reverse("home")), "tips")
    assert section.count == 1 and section.entries[0].url == reverse("network:tip", args=[tip.pk])
    client.force_login(w["sup_tak"])
    assert _section(client.get(reverse("home")), "tips") is None

    client.force_login(w["vol"])
    response = client.get(reverse("home"))
    section = _section(response, "visits")
    assert section.count == 1 and section.overdue == 1
    assert section.entries[0].url == reverse("network:visit", args=[visit.pk])
    assert client.get(section.entries[0].url).status_code == 200
    assert _section(response, "tips") is None


def test_role_grants_for_the_central_officer(client, w):
    admin = UserFactory(
        username="t_admin", province=None, agency=None, jurisdiction="nation",
        roles=[Role.SYSTEM_ADMIN],
    )  # fmt: skip
    grant = PendingRoleGrant.objects.create(
        user=w["cw2"],
        requested_by=admin,
        roles=[Role.PROVINCIAL_SUPERVISOR],
        jurisdiction="province",
        province=w["kk"],
        status=GrantStatus.PENDING,
    )
    client.force_login(w["central"])
    response = client.get(reverse("home"))
    section = _section(response, "role-grants")
    assert section.count == 1 and section.entries[0].url.endswith(f"#grant-{grant.pk}")
    page = client.get(section.entries[0].url.split("#")[0]).content.decode()
    assert f'id="grant-{grant.pk}"' in page
    queue = client.get(reverse("queue"))
    assert _section(queue, "role-grants").count == 1
    client.force_login(w["sup"])
    assert _section(client.get(reverse("home")), "role-grants") is None


def test_home_costs_a_bounded_number_of_queries(client, w, django_assert_max_num_queries):
    for _ in range(3):
        _decided(w, _case(w, custody_hours_ago=80))
    client.force_login(w["sup"])
    client.get(reverse("home"))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("home"))
    for _ in range(6):
        _decided(w, _case(w, custody_hours_ago=80))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))
    assert _section(response, "identification-approvals").count == 9


# --- the queue ------------------------------------------------------------------------------


def test_supervisor_approves_and_sends_back_from_the_queue(
    client, w, django_capture_on_commit_callbacks
):
    approve_case, back_case = _case(w), _case(w)
    approving = _decided(w, approve_case)
    returning = _decided(w, back_case)
    client.force_login(w["sup"])
    page = client.get(reverse("queue"))
    assert _section(page, "identification-approvals").count == 2
    html = page.content.decode()
    assert reverse("cases:queue-identification", args=[approving.pk]) in html

    url = reverse("cases:queue-identification", args=[approving.pk])
    response = client.post(
        url, {"decision": "approve", "version": approve_case.version, "next": reverse("queue")}
    )
    assert response.status_code == 302 and response.url == reverse("queue")
    approving.refresh_from_db()
    assert approving.approved_by == w["sup"]

    url = reverse("cases:queue-identification", args=[returning.pk])
    # Without a reason nothing changes and the supervisor is told why.
    response = client.post(url, {"decision": "send_back", "next": reverse("queue")}, follow=True)
    assert "Say why" in response.content.decode() or "เหตุผล" in response.content.decode()
    returning.refresh_from_db()
    assert returning.sent_back_at is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"decision": "send_back", "reason": "ขาดรายชื่อทีม", "next": reverse("queue")}
        )
    returning.refresh_from_db()
    assert returning.sent_back_by == w["sup"] and returning.send_back_reason == "ขาดรายชื่อทีม"
    event = TimelineEvent.objects.get(case=back_case, kind="identification_sent_back")
    assert event.data["reason"] == "ขาดรายชื่อทีม"
    assert Alert.objects.filter(user=w["cw"], kind="sent_back", link__contains=back_case.code)
    # Neither waits any more; the case page no longer offers to approve the sent-back one.
    assert _section(client.get(reverse("queue")), "identification-approvals") is None
    assert (
        client.get(
            reverse("cases:action", args=[back_case.code, "identification-approve"])
        ).status_code
        == 302
    )


def test_closure_sent_back_from_the_queue_tells_the_case_worker(
    client, w, django_capture_on_commit_callbacks
):
    case = _case(w)
    closure = closure_request(actor=w["cw"], case=case, reason="reintegrated")
    client.force_login(w["sup"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cases:queue-closure", args=[closure.pk]),
            {"decision": "send_back", "reason": "ยังไม่ได้ติดตามครั้งที่ 2"},
        )
    closure.refresh_from_db()
    assert closure.approved is False and closure.decision_note == "ยังไม่ได้ติดตามครั้งที่ 2"
    assert TimelineEvent.objects.filter(case=case, kind="closure_sent_back").exists()
    assert Alert.objects.filter(user=w["cw"], kind="sent_back").exists()


def test_case_worker_and_other_province_cannot_decide(client, w):
    case = _case(w)
    decision = _decided(w, case)
    closure = closure_request(actor=w["cw"], case=_case(w), reason="reintegrated")
    for user in (w["cw"], w["sup_tak"], w["vol"]):
        client.force_login(user)
        for url in (
            reverse("cases:queue-identification", args=[decision.pk]),
            reverse("cases:queue-closure", args=[closure.pk]),
        ):
            assert client.post(url, {"decision": "approve"}).status_code == 403
    client.force_login(w["cw"])
    assert client.get(reverse("queue")).status_code == 403
    decision.refresh_from_db()
    closure.refresh_from_db()
    assert decision.approved_at is None and closure.decided_at is None


def test_send_back_on_the_case_page(client, w):
    import uuid

    case = _case(w)
    decision = _decided(w, case)
    client.force_login(w["sup"])
    url = reverse("cases:action", args=[case.code, "identification-approve"])
    data = {"version": Case.objects.get(pk=case.pk).version, "submission_key": str(uuid.uuid4())}
    response = client.post(url, {**data, "decision": "send_back"})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = client.post(url, {**data, "decision": "send_back", "reason": "ทบทวน"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.sent_back_at is not None and decision.approved_at is None
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert "ทบทวน" in page and 'id="approve-identification"' not in page


def test_a_person_held_past_the_limit_comes_before_older_overdue_deadlines():
    from saphan.cases import clocks
    from saphan.cases.selectors import deadline_order

    def deadline(kind, hours_ago, status=clocks.DeadlineStatus.OVERDUE):
        return clocks.Deadline(
            kind=kind, label=kind, due_at=NOW - dt.timedelta(hours=hours_ago), status=status
        )

    old_visit = deadline("follow_up", 24 * 900)
    old_protection = deadline("temporary_protection", 24 * 400)
    held = deadline("screening_custody", 3)
    soon = deadline("screening_custody", -2, clocks.DeadlineStatus.DUE_SOON)
    ordered = sorted([soon, old_visit, held, old_protection], key=deadline_order)
    assert ordered == [held, old_visit, old_protection, soon]
