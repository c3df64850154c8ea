"""Evidence that holds: refused attempts, exports and the auditors' searches in the read log;
the whole chain verified by a command, a page and a daily task; exports as AES-256 ZIP files
with a password shown once and a one-time link. Client against the real database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
import zipfile

import pytest
import pyzipper
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from saphan.audit.models import ReadAccess, SealedExport
from saphan.audit.services import check_chain, log_event
from saphan.audit.tasks import audit_chain_verify, verify_and_alert
from saphan.cases.selectors import CaseFilters, case_list
from saphan.core.models import Alert
from saphan.core.tests.module_db import rolled_back
from saphan.insight.tests.world import make_world
from saphan.orgs import access
from saphan.orgs.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield make_world(n_cases=14, seed=7)


def _as(client, username: str):
    client.force_login(User.objects.get(username=username))
    client.cookies["saphan_language"] = "th"
    return client


def _other_province_case(world):
    return next(c for c in world["cases"] if c.province_id != "40")


def _own_case(world):
    return next(c for c in world["cases"] if c.province_id == "40")


# --- refused attempts -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "suffix,record_type",
    [
        ("", "cases.case"),
        ("pdf/summary/", "cases.case"),
        ("pdf/screening-form/", "cases.case"),
        ("notes/", "cases.case"),
        ("documents/{doc}/", "cases.casedocument"),
    ],
)
def test_another_provinces_case_is_refused_and_the_attempt_logged(
    client, world, suffix, record_type
):
    case = _other_province_case(world)
    doc = uuid.uuid4()
    url = f"/cases/{case.code}/" + suffix.format(doc=doc)
    response = _as(client, "cw_kk").get(url)
    assert response.status_code == 404
    row = ReadAccess.objects.get(outcome="refused")
    assert (row.username, row.record_type, row.record_label) == ("cw_kk", record_type, case.code)
    assert row.record_id == (str(doc) if "documents" in suffix else case.code)
    assert row.scope == "refused:404" and row.path == url and row.at <= timezone.now()
    assert not ReadAccess.objects.filter(outcome="seen").exists()
    assert check_chain().intact


def test_refusals_by_role_and_on_people_network_and_exports_are_logged(client, world):
    _as(client, "volunteer")
    assert client.get("/cases/").status_code == 403
    _as(client, "cw_kk")
    request_id = uuid.uuid4()
    assert client.post(f"/people/access-requests/{request_id}/decide/", {}).status_code in (
        403,
        404,
    )
    tip = uuid.uuid4()
    assert client.get(f"/network/triage/{tip}/").status_code == 404
    assert client.get("/insight/exports/").status_code == 403
    assert client.get("/cases/40-2500-99999/").status_code == 404  # a code that does not exist
    rows = {
        (r.username, r.record_type, r.record_id)
        for r in ReadAccess.objects.filter(outcome="refused")
    }
    assert ("volunteer", "url:cases:list", "") in rows
    assert ("cw_kk", "people.accessrequest", str(request_id)) in rows
    assert ("cw_kk", "network.tip", str(tip)) in rows
    assert ("cw_kk", "url:insight:exports", "") in rows
    assert ("cw_kk", "cases.case", "40-2500-99999") in rows


def test_an_allowed_read_and_an_anonymous_visit_leave_no_refusal(client, world):
    case = _own_case(world)
    assert client.get(f"/cases/{case.code}/").status_code == 302  # to the sign-in page
    assert _as(client, "cw_kk").get(f"/cases/{case.code}/").status_code == 200
    assert not ReadAccess.objects.filter(outcome="refused").exists()
    assert ReadAccess.objects.filter(outcome="seen", record_label=case.code).exists()


def test_auditor_filters_refusals_and_the_search_is_logged(client, world):
    case = _other_province_case(world)
    _as(client, "cw_kk").get(f"/cases/{case.code}/")
    _as(client, "cw_kk").get(f"/cases/{_own_case(world).code}/")
    _as(client, "auditor")
    html = client.get("/audit/", {"kind": "reads", "outcome": "refused"}).content.decode()
    assert case.code in html and "ถูกปฏิเสธ" in html  # "Refused" in Thai
    assert _own_case(world).code not in html
    html_all = client.get("/audit/", {"kind": "reads"}).content.decode()
    assert _own_case(world).code in html_all
    searches = ReadAccess.objects.filter(outcome="search", username="auditor")
    assert searches.count() == 2
    assert "outcome=refused" in searches.order_by("id").first().purpose
    # the audit page itself stays closed to others (and the page answers in Thai)
    assert _as(client, "cw_kk").get("/audit/").status_code == 403
    assert _as(client, "cw_kk").get("/audit/verify/").status_code == 403


# --- the chain: command, page, task -----------------------------------------------------------
def _some_rows(world):
    central = User.objects.get(username="central")
    for i in range(5):
        log_event(actor=central, outcome="search", record_type="test", record_id=str(i))
    return list(ReadAccess.objects.order_by("id"))


def _tamper(row_id: int) -> None:
    """What someone with the database's owner rights could do: switch off the append-only
    trigger and edit a row with plain SQL."""
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's open transaction
        cur.execute("ALTER TABLE audit_readaccess DISABLE TRIGGER USER")
        cur.execute("UPDATE audit_readaccess SET username = 'someone' WHERE id = %s", [row_id])
        cur.execute("ALTER TABLE audit_readaccess ENABLE TRIGGER USER")


def test_an_intact_chain_passes_the_command_the_page_and_the_task(client, world, capsys):
    rows = _some_rows(world)
    call_command("audit_verify")
    assert f"ตรวจแล้ว {len(rows)} แถว" in capsys.readouterr().out  # Thai, the site's language
    _as(client, "auditor")
    page = client.get("/audit/verify/")
    assert page.status_code == 200 and 'id="verify-result"' not in page.content.decode()
    html = client.post("/audit/verify/").content.decode()
    assert 'data-intact="1"' in html and "ห่วงโซ่ยังสมบูรณ์" in html
    assert verify_and_alert().intact
    assert not Alert.objects.filter(kind="audit_chain_broken").exists()


def test_a_tampered_row_is_found_by_the_command_the_page_and_the_task(client, world):
    rows = _some_rows(world)
    target = rows[2]
    _tamper(target.pk)
    with pytest.raises(CommandError) as raised:
        call_command("audit_verify")
    assert raised.value.returncode == 1
    assert f"ขาดที่แถว {target.pk}:" in str(raised.value) and "ถูกแก้ไข" in str(raised.value)

    _as(client, "auditor")
    html = client.post("/audit/verify/").content.decode()
    assert 'data-intact="0"' in html and "ห่วงโซ่ขาด" in html
    assert re.search(rf"\b{target.pk}\b", html)

    audit_chain_verify(timestamp=0)  # the daily task, as the worker runs it
    result = verify_and_alert()
    assert not result.intact and result.broken_id == target.pk and result.reason == "hash"
    alerts = Alert.objects.filter(kind="audit_chain_broken")
    assert list(alerts.values_list("user__username", flat=True)) == ["auditor"]
    assert str(target.pk) in alerts.get().message and alerts.get().level == "danger"
    verify_and_alert()  # the same day again: no second alert
    assert alerts.count() == 1


def test_the_check_runs_every_day_on_the_worker():
    from procrastinate.contrib.django import app

    periodic = {pid: p for (_name, pid), p in app.periodic_registry.periodic_tasks.items()}
    assert periodic["audit_chain_verify"].task is audit_chain_verify
    assert periodic["audit_chain_verify"].cron == "15 2 * * *"


def test_a_refusals_code_is_sealed_by_the_hash(world):
    row = log_event(
        actor=User.objects.get(username="cw_kk"),
        outcome="refused",
        record_type="cases.case",
        record_id="63-2569-00001",
        record_label="63-2569-00001",
    )
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("ALTER TABLE audit_readaccess DISABLE TRIGGER USER")
        cur.execute("UPDATE audit_readaccess SET record_label = '' WHERE id = %s", [row.pk])
        cur.execute("ALTER TABLE audit_readaccess ENABLE TRIGGER USER")
    assert check_chain().broken_id == row.pk


def test_a_removed_row_is_found_as_a_broken_link(world):
    rows = _some_rows(world)
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's open transaction
        cur.execute("ALTER TABLE audit_readaccess DISABLE TRIGGER USER")
        cur.execute("DELETE FROM audit_readaccess WHERE id = %s", [rows[1].pk])
        cur.execute("ALTER TABLE audit_readaccess ENABLE TRIGGER USER")
    result = check_chain()
    assert (result.intact, result.broken_id, result.reason) == (False, rows[2].pk, "prev_hash")
    with pytest.raises(CommandError, match="ถูกลบหรือถูกแทรก"):
        call_command("audit_verify")


# --- sealed exports ---------------------------------------------------------------------------
def _password_and_link(html: str) -> tuple[str, str]:
    password = re.search(r'id="export-password">([^<]+)<', html).group(1).strip()
    link = re.search(r'id="export-download" href="([^"]+)"', html).group(1)
    return password, link


def _open(data: bytes, password: str) -> dict[str, bytes]:
    with pyzipper.AESZipFile(io.BytesIO(data)) as zf:
        zf.setpassword(password.encode())
        return {name: zf.read(name) for name in zf.namelist()}


def test_htcds_export_is_an_aes_zip_with_a_one_time_password_and_link(client, world):
    from saphan.insight import exports

    _as(client, "central")
    assert client.get("/insight/exports/").status_code == 200
    response = client.post("/insight/exports/", {"kind": "htcds"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    password, link = _password_and_link(html)
    assert len(password) == 23 and password not in link
    export = SealedExport.objects.get()
    assert link == f"/audit/download/{export.pk}/"

    # another account cannot use the link, and the attempt is logged
    assert _as(client, "sup_kk").get(link).status_code == 403
    refused = ReadAccess.objects.get(outcome="refused")
    assert (refused.username, refused.record_id) == ("sup_kk", str(export.pk))

    _as(client, "central")
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert "no-store" in download["Cache-Control"]
    data = download.content
    with zipfile.ZipFile(io.BytesIO(data)) as plain:  # encrypted: the names only
        info = plain.infolist()[0]
        assert info.flag_bits & 0x1 and info.compress_type == 99  # AES (WinZip AE-x)
    files = _open(data, password)
    assert set(files) == {f"{t}.csv" for t in exports.TABLES}
    victims = list(csv.DictReader(io.StringIO(files["person_victim.csv"].decode())))
    assert len(victims) == sum(
        1 for case in world["cases"] for party in case.parties.all() if party.role == "victim"
    )
    total = sum(len(list(csv.DictReader(io.StringIO(b.decode())))) for b in files.values())
    assert total == export.rows
    with pytest.raises(RuntimeError):
        _open(data, "wrong-password-00000")

    # once only
    gone = client.get(link)
    assert gone.status_code == 404 and "ใช้ไปแล้วหรือหมดอายุ" in gone.content.decode()
    logged = ReadAccess.objects.get(
        outcome="export", record_type="export:htcds", record_id=str(export.pk)
    )
    assert logged.username == "central" and f"rows={export.rows}" in logged.purpose
    assert ReadAccess.objects.filter(outcome="export", record_type="export:htcds").count() == 2
    assert check_chain().intact


def test_an_expired_link_no_longer_works(client, world):
    _as(client, "central")
    html = client.post("/insight/exports/", {"kind": "ctdc"}).content.decode()
    _password, link = _password_and_link(html)
    SealedExport.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(link).status_code == 404


@pytest.mark.parametrize("username", ["cw_kk", "sup_kk", "region_ne", "auditor", "volunteer"])
def test_national_exports_are_refused_to_others(client, world, username):
    _as(client, username)
    assert client.post("/insight/exports/", {"kind": "htcds"}).status_code == 403
    assert not SealedExport.objects.exists()


def test_case_list_export_holds_only_what_the_worker_sees(client, world):
    _as(client, "sup_kk")
    assert client.get("/cases/export/").status_code == 405
    response = client.post("/cases/export/", {"scope": "all"})
    password, link = _password_and_link(response.content.decode())
    files = _open(client.get(link).content, password)
    sheet = load_workbook(io.BytesIO(files["cases.xlsx"])).active
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    sup = User.objects.get(username="sup_kk")
    expected = {c.code for c in case_list(actor=sup, filters=CaseFilters(scope="all"))}
    assert codes == expected and codes
    outside = {c.code for c in world["cases"]} - {c.code for c in access.visible_cases(sup)}
    assert outside and not codes & outside
    assert SealedExport.objects.get().rows == len(codes)
    row = ReadAccess.objects.get(outcome="export", record_type="export:case_list")
    assert row.username == "sup_kk" and f"rows={len(codes)}" in row.purpose
    # a role without case rows gets no list at all
    assert _as(client, "volunteer").post("/cases/export/", {"scope": "all"}).status_code == 403


def test_chart_downloads_show_in_the_read_log(client, world):
    from saphan.insight import selectors

    chart = sorted(selectors.CHART_IDS)[0]
    response = _as(client, "central").get(f"/insight/data/{chart}.csv", {"level": "nation"})
    assert response.status_code == 200
    row = ReadAccess.objects.get(outcome="export", record_type="export:chart")
    assert row.username == "central" and row.purpose.startswith("rows=")


def test_the_htcds_command_can_write_an_encrypted_zip_only(world, tmp_path, capsys):
    from saphan.insight import exports

    call_command("export_htcds", "--out", str(tmp_path / "htcds"), "--user", "central", "--encrypt")
    out = capsys.readouterr().out
    password = re.search(r"([a-z2-9]{5}(?:-[a-z2-9]{5}){3})", out).group(1)
    assert not (tmp_path / "htcds").exists()  # no plain CSV left behind
    files = _open((tmp_path / "htcds.zip").read_bytes(), password)
    assert set(files) == {f"{t}.csv" for t in exports.TABLES}
    with pytest.raises(RuntimeError):
        _open((tmp_path / "htcds.zip").read_bytes(), "wrong")
    row = ReadAccess.objects.get(outcome="export", record_id="htcds.zip")
    assert row.username == "central" and row.purpose.endswith("command")


def test_the_ctdc_command_can_write_an_encrypted_zip_only(world, tmp_path, capsys):
    out = str(tmp_path / "ctdc.csv")
    call_command("export_ctdc", "--out", out, "--user", "central", "--encrypt")
    password = re.search(r"([a-z2-9]{5}(?:-[a-z2-9]{5}){3})", capsys.readouterr().out).group(1)
    assert not (tmp_path / "ctdc.csv").exists()
    files = _open((tmp_path / "ctdc.zip").read_bytes(), password)
    # (this small world's victims are too few to survive k-anonymity: the header, no rows)
    reader = csv.DictReader(io.StringIO(files["ctdc.csv"].decode()))
    records = list(reader)
    assert reader.fieldnames[0] == "yearOfRegistration"
    row = ReadAccess.objects.get(outcome="export", record_id="ctdc.zip")
    assert row.purpose == f"rows={len(records)} command" and row.username == "central"
