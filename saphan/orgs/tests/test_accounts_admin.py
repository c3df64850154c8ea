"""The account pages: the administrator opens, changes and deactivates accounts; what opens case
content waits for a central officer who did not ask for it; the auditors are told; nobody gets
superuser, the staff flag or Django permissions through a page."""

import io
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from saphan.core.models import Alert, ImportRun
from saphan.orgs import access
from saphan.orgs.importing_accounts import staff_import, staff_import_start
from saphan.orgs.models import GrantStatus, PendingRoleGrant, User
from saphan.orgs.roles import Jurisdiction, Role
from saphan.orgs.tasks import staff_import_run
from saphan.orgs.tests.factories import (
    AgencyFactory,
    CaseFactory,
    ProvinceFactory,
    UserFactory,
    national_user,
)


@pytest.fixture
def w(db):
    sk = ProvinceFactory(code="27")  # Sa Kaeo
    kk = ProvinceFactory(code="40")
    return {
        "sk": sk,
        "kk": kk,
        "psdhs_sk": AgencyFactory(code="psdhs-27", province=sk),
        "psdhs_kk": AgencyFactory(code="psdhs-40", province=kk),
        "admin": national_user("a_admin", Role.SYSTEM_ADMIN, is_staff=True),
        "central": national_user("a_central", Role.CENTRAL_OFFICER),
        "central2": national_user("a_central2", Role.CENTRAL_OFFICER),
        "auditor": national_user("a_auditor", Role.AUDITOR),
        "cw_kk": UserFactory(username="a_cw_kk", province=kk),
        "sup_kk": UserFactory(
            username="a_sup_kk", province=kk, roles=[Role.PROVINCIAL_SUPERVISOR]
        ),  # fmt: skip
    }


def _new(w, **over):
    data = {
        "username": "sup.sakaeo",
        "first_name": "สมปอง",
        "last_name": "ใจงาม",
        "email": "sup.sakaeo@example.org",
        "roles": [Role.PROVINCIAL_SUPERVISOR],
        "jurisdiction": Jurisdiction.PROVINCE,
        "province": "27",
        "agency": str(w["psdhs_sk"].pk),
        "reason": "หัวหน้าทีม One Home สระแก้ว",
    }
    data.update(over)
    return data


def test_a_new_supervisor_waits_for_a_central_officer_then_sees_the_province(
    client, w, django_capture_on_commit_callbacks
):
    client.force_login(w["admin"])
    assert client.get(reverse("accounts:new")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("accounts:new"), _new(w))
    assert r.status_code == 302, r.content.decode()[:2000]
    user = User.objects.get(username="sup.sakaeo")
    # Created, but the supervisor role is not in force yet.
    assert user.roles == [] and user.province_id == "27" and not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    grant = PendingRoleGrant.objects.get(user=user)
    assert grant.status == GrantStatus.PENDING and grant.roles == [Role.PROVINCIAL_SUPERVISOR]
    # The auditors were told, and the owner got the link to choose a password.
    assert Alert.objects.filter(user=w["auditor"], kind="role_grant_requested").exists()
    assert Alert.objects.filter(user=w["central"], kind="role_grant_waiting").exists()
    assert not Alert.objects.filter(user=w["admin"]).exists()
    assert [m.to for m in mail.outbox] == [["sup.sakaeo@example.org"]]
    assert "/accounts/password/reset/" in mail.outbox[0].body
    sk_case = CaseFactory(province=w["sk"], agency=w["psdhs_sk"])
    CaseFactory(province=w["kk"], agency=w["psdhs_kk"])
    assert not access.visible_cases(user).exists()

    # The administrator cannot approve; another central officer does, with a reason.
    decide = reverse("accounts:grant_decide", args=[grant.pk])
    assert client.post(decide, {"decision": "approve", "reason": "x"}).status_code == 403
    client.force_login(w["central"])
    page = client.get(reverse("accounts:grants"))
    assert page.status_code == 200 and "sup.sakaeo" in page.text
    no_reason = client.post(decide, {"decision": "approve", "reason": ""}, follow=True)
    assert no_reason.status_code == 200
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PENDING
    client.post(decide, {"decision": "approve", "reason": "ตรวจคำสั่งแต่งตั้งแล้ว"})
    grant.refresh_from_db()
    user.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED and grant.decided_by == w["central"]
    assert user.roles == [Role.PROVINCIAL_SUPERVISOR]
    assert list(access.visible_cases(user)) == [sk_case]
    # pghistory kept the request and the approval; the auditor finds them at /audit/.
    assert grant.events.count() >= 2
    client.force_login(w["auditor"])
    log = client.get(reverse("audit:search"), {"kind": "changes", "record": str(grant.pk)})
    assert log.status_code == 200 and log.text.count("a_central") >= 1


def test_the_requester_cannot_approve_their_own_request(client, w):
    boss = national_user("a_boss", Role.SYSTEM_ADMIN, Role.CENTRAL_OFFICER)
    client.force_login(boss)
    client.post(reverse("accounts:new"), _new(w))
    grant = PendingRoleGrant.objects.get(user__username="sup.sakaeo")
    r = client.post(
        reverse("accounts:grant_decide", args=[grant.pk]),
        {"decision": "approve", "reason": "ตัวเอง"},
        follow=True,
    )
    assert r.status_code == 200
    with translation.override("th"):
        assert "เจ้าหน้าที่ส่วนกลางคนอื่น" in r.text
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PENDING
    assert User.objects.get(username="sup.sakaeo").roles == []


def test_an_account_cannot_approve_its_own_wider_access(client, w):
    client.force_login(w["admin"])
    c2 = w["central2"]
    data = _new(w, username=c2.username, email=c2.email, roles=[Role.CENTRAL_OFFICER,
                Role.AUDITOR], jurisdiction=Jurisdiction.NATION, province="", agency="")  # fmt: skip
    r = client.post(reverse("accounts:edit", args=[c2.pk]), data)
    assert r.status_code == 302
    grant = PendingRoleGrant.objects.get(user=c2)
    client.force_login(c2)
    client.post(reverse("accounts:grant_decide", args=[grant.pk]),
                {"decision": "approve", "reason": "ของฉัน"})  # fmt: skip
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PENDING
    client.force_login(w["central"])
    client.post(reverse("accounts:grant_decide", args=[grant.pk]),
                {"decision": "refuse", "reason": "ไม่จำเป็น"})  # fmt: skip
    grant.refresh_from_db()
    c2.refresh_from_db()
    assert grant.status == GrantStatus.REFUSED and c2.roles == [Role.CENTRAL_OFFICER]


@pytest.mark.parametrize("who", ["cw_kk", "sup_kk", "auditor", "central"])
def test_only_the_administrator_opens_the_account_pages(client, w, who):
    client.force_login(w[who])
    target = w["cw_kk"]
    for url in (
        reverse("accounts:list"),
        reverse("accounts:new"),
        reverse("accounts:import"),
        reverse("accounts:import_template"),
        reverse("accounts:edit", args=[target.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("accounts:new"), _new(w)).status_code == 403
    r = client.post(reverse("accounts:set_active", args=[target.pk]), {"active": "0"})
    assert r.status_code == 403
    target.refresh_from_db()
    assert target.is_active and not User.objects.filter(username="sup.sakaeo").exists()


def test_grant_queue_is_for_central_officers_and_the_administrator(client, w):
    for who in ("cw_kk", "sup_kk", "auditor"):
        client.force_login(w[who])
        assert client.get(reverse("accounts:grants")).status_code == 403
    client.logout()
    r = client.get(reverse("accounts:grants"))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_superuser_staff_flag_and_permissions_posted_are_ignored(client, w):
    client.force_login(w["admin"])
    page = client.get(reverse("accounts:new")).text
    for name in ("is_superuser", "is_staff", "user_permissions", "groups", "password"):
        assert f'name="{name}"' not in page
    data = _new(w, roles=[Role.VOLUNTEER], agency="", is_superuser="on", is_staff="on",
                user_permissions="1", groups="1", password="x", username="vol.sakaeo")  # fmt: skip
    assert client.post(reverse("accounts:new"), data).status_code == 302
    vol = User.objects.get(username="vol.sakaeo")
    assert not (vol.is_superuser or vol.is_staff or vol.user_permissions.exists())
    assert vol.roles == [Role.VOLUNTEER]  # not a guarded role: in force at once
    assert not PendingRoleGrant.objects.filter(user=vol).exists()


def test_removing_a_role_is_at_once_moving_a_case_worker_waits(client, w):
    client.force_login(w["admin"])
    cw = w["cw_kk"]
    base = _new(w, username=cw.username, email=cw.email, province="40",
                agency=str(cw.agency_id), roles=[Role.CASE_WORKER])  # fmt: skip
    # To Sa Kaeo: a new province's cases — waits; the worker stays in Khon Kaen meanwhile.
    client.post(reverse("accounts:edit", args=[cw.pk]),
                {**base, "province": "27", "agency": str(w["psdhs_sk"].pk)})  # fmt: skip
    cw.refresh_from_db()
    assert cw.province_id == "40" and cw.roles == [Role.CASE_WORKER]
    assert PendingRoleGrant.objects.get(user=cw, status=GrantStatus.PENDING).province_id == "27"
    # Taking the case-worker role away: at once, and the waiting request is withdrawn.
    client.post(reverse("accounts:edit", args=[cw.pk]), {**base, "roles": [Role.KNOWLEDGE_MANAGER]})
    cw.refresh_from_db()
    assert cw.roles == [Role.KNOWLEDGE_MANAGER]
    assert not PendingRoleGrant.objects.filter(user=cw, status=GrantStatus.PENDING).exists()


def test_an_owners_email_is_not_changed_by_the_administrator(client, w):
    client.force_login(w["admin"])
    cw = w["cw_kk"]  # has chosen a password
    data = _new(w, username=cw.username, email="attacker@example.org", province="40",
                agency=str(cw.agency_id), roles=[Role.CASE_WORKER])  # fmt: skip
    client.post(reverse("accounts:edit", args=[cw.pk]), data)
    cw.refresh_from_db()
    assert cw.email != "attacker@example.org"


def test_shapes_that_do_not_fit_are_refused_in_thai(client, w):
    client.force_login(w["admin"])
    with translation.override("th"):
        r = client.post(reverse("accounts:new"), _new(w, agency=str(w["psdhs_kk"].pk)))
    assert r.status_code == 200 and "จังหวัด" in r.text
    r = client.post(reverse("accounts:new"), _new(w, roles=[Role.CASE_WORKER, Role.VOLUNTEER]))
    assert r.status_code == 200
    r = client.post(reverse("accounts:new"), _new(w, username="a_cw_kk"))
    assert r.status_code == 200
    r = client.post(reverse("accounts:new"), _new(w, roles=["root"]))
    assert r.status_code == 200
    assert not User.objects.filter(username="sup.sakaeo").exists()


def test_deactivate_never_delete(client, w):
    client.force_login(w["admin"])
    cw = w["cw_kk"]
    assert (
        client.post(reverse("accounts:set_active", args=[cw.pk]), {"active": "0"}).status_code
        == 302
    )
    cw.refresh_from_db()
    assert not cw.is_active
    assert not client.login(username=cw.username, password="test-password-2569")
    client.force_login(w["admin"])
    own = client.post(reverse("accounts:set_active", args=[w["admin"].pk]), {"active": "0"})
    assert own.status_code == 403


def test_list_and_search(client, w):
    client.force_login(w["admin"])
    r = client.get(reverse("accounts:list"), {"q": "a_cw", "province": "40"})
    assert r.status_code == 200 and "a_cw_kk" in r.text and "a_sup_kk" not in r.text
    r = client.get(reverse("accounts:list"), {"role": Role.AUDITOR, "page": "abc"})
    assert r.status_code == 200 and "a_auditor" in r.text


# --- a province's staff from an XLSX file --------------------------------------------------------
def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["ชื่อผู้ใช้", "ชื่อ", "นามสกุล", "อีเมล", "บทบาท", "รหัสหน่วยงาน"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _send(client, province, data, *, key=None, **extra):
    """The import form sent: the province, the file and the form's one-time key."""
    return client.post(
        reverse("accounts:import"),
        {"province": province, "file": SimpleUploadedFile("staff.xlsx", data),
         "submission_key": str(key or uuid.uuid4()), "reason": "ทีม One Home เริ่มใช้ระบบ"},
        **extra,
    )  # fmt: skip


def _worker(location: str) -> ImportRun:
    """What the background worker does with the run the page leads to (its task, called here)."""
    run_id = location.rstrip("/").rsplit("/", 1)[-1]
    staff_import_run(run_id)
    return ImportRun.objects.get(pk=run_id)


def test_staff_import_runs_in_the_background_all_or_nothing_with_thai_row_errors(
    client, w, django_capture_on_commit_callbacks
):
    existing = UserFactory(username="cw.khonkaen2", province=w["kk"])
    client.force_login(w["admin"])
    client.cookies["saphan_language"] = "th"
    bad = _xlsx([
        ["cw.sakaeo", "สมใจ", "ดี", "cw.sakaeo@example.org", "นักสังคมสงเคราะห์", "psdhs-27"],
        ["CW.KhonKaen2", "ซ้ำ", "", "x@example.org", "case_worker", "psdhs-27"],  # existing
        ["mdt.sakaeo", "ตำรวจ", "", "not-an-email", "ผู้ดูแลระบบ", "psdhs-40"],
        ["sup.x", "", "", "", "พระราชา", "nowhere"],
    ])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False) as queued:
        r = _send(client, "27", bad)
    run = ImportRun.objects.get(kind="orgs.staff")
    assert len(queued) == 1  # the worker's task, queued after the commit
    assert r.status_code == 302 and r["Location"] == reverse("accounts:import_run", args=[run.pk])
    assert run.options["province"] == "27" and run.language == "th"
    page = client.get(r["Location"]).text
    assert 'id="import-run"' in page and 'hx-trigger="every 1s"' in page and "รอเริ่ม" in page
    ImportRun.objects.filter(pk=run.pk).update(status="checking", rows_done=2, rows_total=4)
    part = client.get(r["Location"], headers={"HX-Request": "true"})
    assert "2 จาก 4 แถว" in part.text and "<html" not in part.text
    ImportRun.objects.filter(pk=run.pk).update(status="queued")

    run = _worker(r["Location"])
    assert run.status == "refused" and run.rows_total == 4 and bytes(run.data) == b""
    assert {row for row, _column, _message in run.result["errors"]} == {3, 4, 5}
    assert not User.objects.filter(username__in=["cw.sakaeo", "mdt.sakaeo", "sup.x"]).exists()
    existing.refresh_from_db()  # never taken over
    assert existing.first_name != "ซ้ำ" and existing.province_id == "40"
    part = client.get(r["Location"], headers={"HX-Request": "true"}).text
    assert "hx-trigger" not in part and 'id="import-errors"' in part  # finished: no more asking
    assert "ยังไม่ได้นำเข้าข้อมูลใด" in part and "cw.khonkaen2 มีผู้ใช้แล้ว" in part
    assert "ไม่มีหน่วยงาน" in part and "nowhere" in part


def test_staff_import_creates_accounts_and_guarded_roles_wait(
    client, w, django_capture_on_commit_callbacks
):
    client.force_login(w["admin"])
    client.cookies["saphan_language"] = "th"
    template = client.get(reverse("accounts:import_template"), {"province": "27"})
    assert template.status_code == 200
    sheets = load_workbook(io.BytesIO(template.content)).sheetnames
    assert sheets == ["staff", "roles", "agencies"]
    good = _xlsx([
        ["cw.surin", "สมใจ", "ดี", "cw.surin@example.org", "นักสังคมสงเคราะห์", "psdhs-27"],
        ["vol.surin", "อาสา", "", "vol.surin@example.org", "volunteer", ""],
    ])  # fmt: skip
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = _send(client, "27", good, key=key)
        second = _send(client, "27", good, key=key)  # a double click: one import
    assert len(queued) == 1 and first["Location"] == second["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        run = _worker(first["Location"])
    assert run.status == "done" and (run.result["created"], run.rows_total) == (2, 2)
    cw = User.objects.get(username="cw.surin")
    assert cw.roles == [] and cw.agency == w["psdhs_sk"] and not cw.is_staff
    assert PendingRoleGrant.objects.get(user=cw).roles == [Role.CASE_WORKER]
    assert PendingRoleGrant.objects.get(user=cw).reason == "ทีม One Home เริ่มใช้ระบบ"
    assert User.objects.get(username="vol.surin").roles == [Role.VOLUNTEER]
    assert sorted(m.to[0] for m in mail.outbox) == ["cw.surin@example.org", "vol.surin@example.org"]
    assert "http://testserver/accounts/password/reset/" in mail.outbox[0].body
    # The page: what each row became, and the way to the province's accounts.
    page = client.get(first["Location"]).text
    assert "สร้างบัญชีแล้ว 2 บัญชี มี 1 บัญชีรอการอนุมัติจากเจ้าหน้าที่ส่วนกลาง" in page
    assert "(cw.surin): สร้างบัญชีใหม่แล้ว ลิงก์สำหรับตั้งรหัสผ่านส่งไปที่ cw.surin@example.org" in page
    assert "บทบาท นักสังคมสงเคราะห์ผู้รับผิดชอบกรณี รอการอนุมัติ" in page
    assert f'href="{reverse("accounts:list")}?province=27"' in page
    assert 'id="import-runs"' in client.get(reverse("accounts:import")).text
    # Taken once: the job delivered again does nothing.
    assert _worker(first["Location"]).status == "done" and len(mail.outbox) == 2
    # Nobody follows another's import.
    client.force_login(w["central"])
    assert client.get(first["Location"]).status_code == 403
    other_admin = national_user("a_admin2", Role.SYSTEM_ADMIN)
    client.force_login(other_admin)
    assert client.get(first["Location"]).status_code == 404


def test_staff_import_refuses_an_unreadable_file_or_a_form_without_its_key(client, w):
    client.force_login(w["admin"])
    client.cookies["saphan_language"] = "th"
    run = _worker(_send(client, "27", b"%PDF-1.4")["Location"])
    assert run.status == "refused" and run.result["errors"][0][0] == 0
    page = client.get(reverse("accounts:import_run", args=[run.pk])).text
    assert 'id="import-errors"' in page and "ไม่สามารถอ่านไฟล์นี้เป็นไฟล์ Excel" in page
    r = client.post(reverse("accounts:import"),
                    {"province": "27", "file": SimpleUploadedFile("s.xlsx", _xlsx([]))})  # fmt: skip
    assert r.status_code == 200 and "แบบฟอร์มนี้หมดอายุแล้ว" in r.text
    assert ImportRun.objects.count() == 1


def test_a_provincial_administrator_imports_only_into_their_own_province_and_agencies(
    client, w, django_capture_on_commit_callbacks
):
    admin_sk = UserFactory(
        username="a_admin_sk", roles=[Role.SYSTEM_ADMIN], province=w["sk"], agency=w["psdhs_sk"]
    )
    client.force_login(admin_sk)
    client.cookies["saphan_language"] = "th"
    form = client.get(reverse("accounts:import")).text
    assert 'value="27"' in form and 'value="40"' not in form  # only Sa Kaeo is offered
    rows = [["cw.kk2", "สมใจ", "", "cw.kk2@example.org", "นักสังคมสงเคราะห์", "psdhs-40"]]
    r = _send(client, "40", _xlsx(rows))  # another province: refused by the form
    assert r.status_code == 200 and not ImportRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        run = _worker(_send(client, "27", _xlsx(rows))["Location"])
    assert run.status == "refused" and [e[:2] for e in run.result["errors"]] == [[2, "F"]]
    assert "หน่วยงานในพื้นที่ของท่าน" in run.result["errors"][0][2]
    # The service refuses another province whatever the page sent.
    with pytest.raises(PermissionDenied):
        staff_import_start(actor=admin_sk, province=w["kk"], file_name="s.xlsx",
                           data=_xlsx(rows), key=uuid.uuid4())  # fmt: skip
    # Nor may the single-account form place an account elsewhere.
    r = client.post(reverse("accounts:new"), _new(w, username="sup.kk2", province="40",
                                                  agency=str(w["psdhs_kk"].pk)))  # fmt: skip
    assert r.status_code == 200 and not User.objects.filter(username="sup.kk2").exists()


def test_the_worker_checks_the_right_again_and_a_username_taken_meanwhile_undoes_all(
    client, w, django_capture_on_commit_callbacks
):
    from saphan.core.importing import Progress

    rows = [
        ["cw.one", "หนึ่ง", "", "cw.one@example.org", "นักสังคมสงเคราะห์", "psdhs-27"],
        ["cw.two", "สอง", "", "cw.two@example.org", "นักสังคมสงเคราะห์", "psdhs-27"],
    ]
    client.force_login(w["admin"])
    sent = _send(client, "27", _xlsx(rows))
    # The administrator lost the role before the worker took the file: nothing is created.
    User.objects.filter(pk=w["admin"].pk).update(roles=[Role.AUDITOR])
    run = _worker(sent["Location"])
    assert run.status == "refused" and run.result["errors"][0][:2] == [0, ""]
    assert not User.objects.filter(username__in=["cw.one", "cw.two"]).exists()

    class TakenMeanwhile(Progress):
        """Another page opens cw.two once the rows were checked and cw.one is written."""

        def written(self, done: int, total: int) -> None:
            if done == 1:
                UserFactory(username="cw.two", province=w["sk"])

    admin = User.objects.get(pk=w["admin"].pk)
    admin.roles = [Role.SYSTEM_ADMIN]
    admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = staff_import(actor=admin, data=_xlsx(rows), province="27",
                              progress=TakenMeanwhile())  # fmt: skip
    assert not result.ok and [e.row for e in result.errors] == [3]
    assert result.created == 0 and result.notes == [] and not mail.outbox
    assert not User.objects.filter(username__in=["cw.one", "cw.two"]).exists()


def test_a_new_address_on_a_case_account_is_approved_again(client, w):
    """Before the owner has chosen a password, the administrator may correct the address — but
    the link goes there, so the roles that open case files wait for approval again."""
    client.force_login(w["admin"])
    client.post(reverse("accounts:new"), _new(w))
    user = User.objects.get(username="sup.sakaeo")
    grant = PendingRoleGrant.objects.get(user=user)
    client.force_login(w["central"])
    client.post(reverse("accounts:grant_decide", args=[grant.pk]),
                {"decision": "approve", "reason": "ตรวจแล้ว"})  # fmt: skip
    user.refresh_from_db()
    assert user.roles == [Role.PROVINCIAL_SUPERVISOR]
    client.force_login(w["admin"])
    r = client.post(reverse("accounts:edit", args=[user.pk]),
                    _new(w, email="someone.else@example.org"))  # fmt: skip
    assert r.status_code == 302
    user.refresh_from_db()
    assert user.email == "someone.else@example.org" and user.roles == []
    again = PendingRoleGrant.objects.get(user=user, status=GrantStatus.PENDING)
    assert again.roles == [Role.PROVINCIAL_SUPERVISOR]


ODD = [
    {"page": "abc"},
    {"page": "-5"},
    {"page": "99999"},
    {"q": "ก" * 400},
    {"province": "zz'", "role": "x'", "active": "x"},
    {"q": "a\x00b"},
]


@pytest.mark.parametrize("who", ["admin", "central"])
def test_odd_addresses_on_the_account_pages_are_never_a_server_error(client, w, who):
    client.force_login(w[who])
    urls = [reverse("accounts:home"), reverse("accounts:grants")]
    if who == "admin":
        urls += [reverse("accounts:list"), reverse("accounts:new"), reverse("accounts:import"),
                 reverse("accounts:import_template"),
                 reverse("accounts:edit", args=[w["cw_kk"].pk])]  # fmt: skip
    for url in urls:
        for params in ODD:
            r = client.get(url, params)
            assert r.status_code < 500, (url, params)
    assert client.get("/accounts/manage/not-a-uuid/").status_code == 404
    assert client.get("/accounts/grants/not-a-uuid/").status_code == 404
