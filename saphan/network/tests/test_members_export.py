"""The province's member list leaves only as an AES-256 ZIP: password shown once on the page,
file from a one-time link for the exporter alone; the export is in the read log."""

from __future__ import annotations

import io
import re

import pytest
import pyzipper
from openpyxl import load_workbook

from saphan.audit.models import ReadAccess, SealedExport


def _ready(html: str) -> tuple[str, str]:
    password = re.search(r'id="export-password">([^<]+)<', html).group(1).strip()
    link = re.search(r'id="export-download" href="([^"]+)"', html).group(1)
    return password, link


def test_member_list_export_opens_with_the_shown_password_only(client, net):
    client.force_login(net["sup"])
    assert 'id="members-export"' in client.get("/network/members/").content.decode()
    assert client.get("/network/members/export/").status_code == 405
    response = client.post("/network/members/export/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password, link = _ready(response.content.decode())
    assert b"PK" not in response.content[:4]

    client.force_login(net["cw_tak"])  # someone else's link
    assert client.get(link).status_code == 403
    client.force_login(net["sup"])
    data = client.get(link).content
    with pyzipper.AESZipFile(io.BytesIO(data)) as zf:
        zf.setpassword(password.encode())
        sheet = load_workbook(io.BytesIO(zf.read("members-40.xlsx"))).active
        zf.setpassword(b"not-the-password")
        with pytest.raises(RuntimeError):
            zf.read("members-40.xlsx")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == ["n_vol", "n_youth"]
    vol = next(r for r in rows if r[0] == "n_vol")
    assert vol[1] == net["vol"].first_name and "40010103" in vol
    assert client.get(link).status_code == 404  # once only

    export = SealedExport.objects.get()
    assert (export.user, export.rows, export.kind) == (net["sup"], 2, "network_members")
    row = ReadAccess.objects.get(outcome="export")
    assert (
        row.username == "n_sup"
        and row.purpose.startswith("rows=2")
        and row.scope == ("province:40")
    )
    refused = ReadAccess.objects.filter(outcome="refused").order_by("id")
    assert [(r.username, r.record_id) for r in refused] == [
        ("n_cw_tak", str(export.pk)),  # someone else's link
        ("n_sup", str(export.pk)),  # the used link again
    ]


@pytest.mark.parametrize("who", ["vol", "youth", "central"])
def test_member_list_export_refused_to_others(client, net, who):
    client.force_login(net[who])
    assert client.post("/network/members/export/").status_code == 403
    assert not SealedExport.objects.exists()
    assert ReadAccess.objects.filter(outcome="refused", username=net[who].username).exists()
