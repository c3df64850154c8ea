"""The network's lists taken away: the triage queue, the assigned visits and the members, as XLSX
(dates as date cells in a Buddhist-Era format) or CSV (UTF-8 with a BOM, B.E. dd/mm/yyyy),
always sealed: what a tip says, whom to visit and a volunteer's phone are personal data. Each
holds the province's rows only, as the page does; each row written is logged as read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import pyzipper
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from saphan.audit.models import ReadAccess, SealedExport
from saphan.core.spreadsheets import BE_DATE_FORMAT, BE_DATETIME_FORMAT
from saphan.network.models import Visit, VisitKind
from saphan.network.services import tip_record_hotline, tip_report
from saphan.orgs.tests.factories import UserFactory

from .test_tips import tip_input

BE_DAY = r"\d\d/\d\d/25\d\d"


def _sealed(client, url: str, data: dict) -> tuple[str, bytes]:
    """Post the export form; open the ZIP with the password the page shows: (name, bytes)."""
    response = client.post(url, data)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    password = re.search(r'id="export-password">([^<]+)<', html).group(1).strip()
    link = re.search(r'id="export-download" href="([^"]+)"', html).group(1)
    with pyzipper.AESZipFile(io.BytesIO(client.get(link).content)) as zf:
        zf.setpassword(password.encode())
        (name,) = zf.namelist()
        return name, zf.read(name)


def _offered(client, user, page: str, *, fmt: str) -> str:
    """Sign ``user`` in: the ``page`` offers its list to take away (as ``fmt`` among others);
    the export's address."""
    client.force_login(user)
    html = client.get(reverse(f"network:{page}")).content.decode()
    assert f'id="{page}-export"' in html and f'value="{fmt}"' in html
    return reverse(f"network:{page}_export")


def _sheet(client, url):
    name, data = _sealed(client, url, {"format": "xlsx"})
    assert name.endswith(".xlsx")
    return load_workbook(io.BytesIO(data)).active


def _csv(client, url) -> list[list[str]]:
    name, data = _sealed(client, url, {"format": "csv"})
    assert name.endswith(".csv") and data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def tips(net):
    immediate = tip_report(
        actor=net["vol"],
        data=tip_input(urgency="immediate", description='=HYPERLINK("http://x") เด็กถูกขัง'),
    )
    later = tip_report(actor=net["vol"], data=tip_input(urgency="routine"))
    tak = tip_record_hotline(
        actor=net["cw_tak"],
        data=tip_input(province_id="63", district_id="6301", subdistrict_id=None, village_code=""),
    )
    return {"immediate": immediate, "later": later, "tak": tak}


def test_triage_queue_leaves_sealed_in_the_pages_order_province_only(client, net, tips):
    url = _offered(client, net["cw"], "triage", fmt="csv")
    assert client.get(url).status_code == 405

    sheet = _sheet(client, url)
    rows = list(sheet.iter_rows(min_row=2))
    codes = [r[0].value for r in rows]
    assert codes == [tips["immediate"].tracking_code, tips["later"].tracking_code]  # urgent first
    received, seen = rows[0][4], rows[0][5]
    assert received.is_date and received.number_format == BE_DATETIME_FORMAT
    assert seen.is_date and isinstance(seen.value, dt.datetime)
    said = rows[0][9]
    assert said.data_type == "s" and said.value.startswith("'=HYPERLINK")  # not a formula
    export = SealedExport.objects.get()
    assert (export.kind, export.rows, export.user) == ("network_tips", 2, net["cw"])
    read = ReadAccess.objects.filter(outcome="seen", scope="export:network_tips")
    assert sorted(read.values_list("record_id", flat=True)) == sorted(
        str(tips[k].pk) for k in ("immediate", "later")
    )

    text = _csv(client, url)
    assert [r[0] for r in text[1:]] == codes
    assert re.fullmatch(BE_DAY + r" \d\d:\d\d", text[1][4])
    assert text[1][9].startswith("'=HYPERLINK") and "เด็กถูกขัง" in text[1][9]

    client.force_login(net["cw_tak"])  # another province: its own tip only
    assert [r[0] for r in _csv(client, url)[1:]] == [tips["tak"].tracking_code]


@pytest.mark.parametrize("who", ["vol", "youth", "central"])
def test_triage_export_refused_to_who_cannot_triage(client, net, tips, who):
    client.force_login(net[who])
    assert client.post(reverse("network:triage_export")).status_code == 403
    assert not SealedExport.objects.exists()
    assert ReadAccess.objects.filter(outcome="refused", username=net[who].username).exists()


@pytest.fixture
def visits(net):
    vol_tak = UserFactory(username="n_vol_tak", province=net["tak"], agency=None,
                          roles=["volunteer"])  # fmt: skip
    due = timezone.localdate() + dt.timedelta(days=10)
    kk = Visit.objects.create(
        kind=VisitKind.HOUSEHOLD, assigned_to=net["vol"], assigned_by=net["cw"],
        province=net["kk"], visit_name="ครัวเรือนนายมั่น ส่งออก", purpose="เยี่ยม", due_on=due,
    )  # fmt: skip
    tak = Visit.objects.create(
        kind=VisitKind.HOUSEHOLD, assigned_to=vol_tak, assigned_by=net["cw_tak"],
        province=net["tak"], visit_name="ครัวเรือนตาก", purpose="เยี่ยม",
    )  # fmt: skip
    return {"kk": kk, "tak": tak, "due": due}


def test_assigned_visits_leave_sealed_with_due_dates_as_dates(client, net, visits):
    url = _offered(client, net["sup"], "visits", fmt="xlsx")

    rows = list(_sheet(client, url).iter_rows(min_row=2))
    assert [r[1].value for r in rows] == ["ครัวเรือนนายมั่น ส่งออก"]  # not Tak's
    due, assigned = rows[0][3], rows[0][4]
    assert due.is_date and due.number_format == BE_DATE_FORMAT
    assert due.value.date() == visits["due"]
    assert assigned.is_date and assigned.number_format == BE_DATETIME_FORMAT
    assert ReadAccess.objects.filter(
        outcome="seen", scope="export:network_visits", record_id=str(visits["kk"].pk)
    ).exists()
    assert ReadAccess.objects.get(outcome="export").scope == "province:40"

    text = _csv(client, url)
    d = visits["due"]
    assert text[1][1] == "ครัวเรือนนายมั่น ส่งออก"
    assert text[1][3] == f"{d:%d/%m}/{d.year + 543}"

    client.force_login(net["cw_tak"])
    assert [r[1] for r in _csv(client, url)[1:]] == ["ครัวเรือนตาก"]
    client.force_login(net["vol"])  # the volunteer has their own page, not the province's list
    assert client.post(url).status_code == 403


def test_member_list_as_csv_keeps_phone_numbers_as_written(client, net):
    from saphan.network.models import NetworkMember

    NetworkMember.objects.filter(user=net["vol"]).update(phone="0812345678")
    client.force_login(net["sup"])
    text = _csv(client, reverse("network:members_export"))
    by_user = {r[0]: r for r in text[1:]}
    assert set(by_user) == {"n_vol", "n_youth"}
    assert by_user["n_vol"][7] == "0812345678" and by_user["n_vol"][6] == "40010103"
    assert ReadAccess.objects.filter(outcome="seen", scope="export:network_members").count() == 2
