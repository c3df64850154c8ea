"""The case list taken away and kept: the encrypted XLSX or CSV holds the list as filtered (the
deadline filter too), the victim's name only for a role that sees it on the list, dates as
date cells in a Buddhist-Era format (as B.E. dd/mm/yyyy text in CSV); the deadlines list
downloads as the page shows it, the export logged; a search saved under a name opens again in
one click, for its owner only."""

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

from saphan.audit.models import ReadAccess
from saphan.audit.sealed import BE_DATE_FORMAT, BE_DATETIME_FORMAT
from saphan.cases.services import case_open, custody_record, person_link
from saphan.cases.services.stages import IntakeInput
from saphan.core.models import SavedFilter
from saphan.orgs.tests.factories import AgencyFactory, PersonFactory, ProvinceFactory, UserFactory

NOW = timezone.now()


@pytest.fixture
def w(db):
    kk = ProvinceFactory(code="40")
    psdhs = AgencyFactory(code="psdhs-40", province=kk)
    cw = UserFactory(username="x_cw", province=kk, agency=psdhs)
    other = UserFactory(username="x_cw2", province=kk, agency=psdhs)

    def case(name, *, custody_hours_ago=None):
        c = case_open(
            actor=cw,
            intake=IntakeInput(received_at=NOW - dt.timedelta(days=4), source="hotline_1300",
                               channel="phone", description="ข้อมูลสมมติ"),
        )  # fmt: skip
        person_link(actor=cw, case=c, person=PersonFactory(full_name=name))
        if custody_hours_ago:
            custody_record(
                actor=cw, case=c, started_at=NOW - dt.timedelta(hours=custody_hours_ago),
                confirm_start=True, place="บ้านพัก", place_is_not_a_cell=True,
            )  # fmt: skip
        c.refresh_from_db()
        return c

    return {
        "cw": cw,
        "other": other,
        "overdue": case("มะลิ ส่งออกหนึ่ง", custody_hours_ago=60),
        "calm": case("ดารา ส่งออกสอง"),
    }


def _sealed(client, url, data, name) -> bytes:
    page = client.post(url, data).content.decode()
    password = re.search(r'id="export-password">([^<]+)<', page).group(1).strip()
    link = re.search(r'id="export-download" href="([^"]+)"', page).group(1)
    with pyzipper.AESZipFile(io.BytesIO(client.get(link).content)) as zf:
        zf.setpassword(password.encode())
        return zf.read(name)


def _export(client, data) -> list[tuple]:
    return load_workbook(io.BytesIO(_sealed(client, reverse("cases:export"), data,
                                            "cases.xlsx"))).active  # fmt: skip


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # so that Excel reads the Thai as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


BE_DAY = re.compile(r"\d\d/\d\d/25\d\d")


def test_the_export_is_the_filtered_list_with_names_and_date_cells(client, w):
    client.force_login(w["cw"])
    sheet = _export(client, {"scope": "mine", "deadline": "overdue"})
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(header) == 11 and len(rows[0]) == 11  # with the victim's column
    assert [r[0].value for r in rows] == [w["overdue"].code]  # only the overdue one
    assert rows[0][1].value == "มะลิ ส่งออกหนึ่ง"  # the victim, as the list shows it
    opened = rows[0][6]
    assert opened.is_date and opened.number_format == BE_DATE_FORMAT
    due = rows[0][-2]
    assert due.is_date and due.number_format == BE_DATETIME_FORMAT
    assert isinstance(due.value, dt.datetime) and due.value < dt.datetime.now()
    # the names written into the file are logged as reads, and the export itself
    assert ReadAccess.objects.filter(outcome="export", record_type="export:case_list").exists()
    sheet = _export(client, {"scope": "mine"})
    assert {r[0].value for r in sheet.iter_rows(min_row=2)} == {w["overdue"].code, w["calm"].code}


def test_the_list_as_csv_is_sealed_too_with_thai_names_and_be_dates(client, w):
    client.force_login(w["cw"])
    page = client.get(reverse("cases:list")).content.decode()
    assert 'id="case-export"' in page and 'value="csv"' in page and 'value="xlsx"' in page
    rows = _csv_rows(_sealed(client, reverse("cases:export"),
                             {"scope": "mine", "deadline": "overdue", "format": "csv"},
                             "cases.csv"))  # fmt: skip
    header, body = rows[0], rows[1:]
    assert len(header) == 11 and [r[0] for r in body] == [w["overdue"].code]
    assert body[0][1] == "มะลิ ส่งออกหนึ่ง"
    opened = timezone.localdate(w["overdue"].opened_at)
    assert body[0][6] == f"{opened:%d/%m}/{opened.year + 543}"
    assert re.fullmatch(BE_DAY.pattern + r" \d\d:\d\d", body[0][-2])  # due: B.E. and the time
    logged = ReadAccess.objects.get(outcome="export", record_type="export:case_list")
    assert logged.record_label.endswith(".zip") and logged.purpose.startswith("rows=1")


def test_the_deadlines_list_downloads_as_the_page_shows_it(client, w):
    from saphan.audit.models import SealedExport

    url = reverse("cases:deadlines_export")
    client.force_login(w["cw"])
    page = client.get(reverse("cases:deadlines"))
    shown = [(c.code, str(d.label)) for c, d in page.context["rows"]]
    assert 'id="deadlines-export"' in page.content.decode() and shown
    assert client.get(url).status_code == 405
    response = client.post(url, {"format": "xlsx"})
    # case codes and deadlines, no one's name: the file itself, not a sealed ZIP
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and "no-store" in response[
        "Cache-Control"]  # fmt: skip
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [(r[0].value, r[3].value) for r in rows] == shown
    due = next(r[4] for r in rows if r[0].value == w["overdue"].code)
    assert due.is_date and due.number_format == BE_DATETIME_FORMAT
    assert "มะลิ" not in str([c.value for r in rows for c in r])
    assert not SealedExport.objects.exists()
    logged = ReadAccess.objects.get(outcome="export", record_type="export:deadlines")
    assert logged.username == "x_cw" and logged.purpose == f"rows={len(shown)}"

    text = _csv_rows(client.post(url, {"format": "csv"}).content)
    assert [(r[0], r[3]) for r in text[1:]] == shown
    assert all(BE_DAY.match(r[4]) for r in text[1:])

    # another case worker of the province (not the case worker of these), and one of another
    # province: the page is empty for them, and so is the file
    client.force_login(w["other"])
    assert len(load_workbook(io.BytesIO(client.post(url).content)).active["A"]) == 1
    tak = ProvinceFactory(code="63")
    client.force_login(UserFactory(username="x_cw_tak", province=tak,
                                   agency=AgencyFactory(code="psdhs-63", province=tak)))  # fmt: skip
    assert _csv_rows(client.post(url, {"format": "csv"}).content)[1:] == []
    # a role without case rows is refused, and the refusal logged
    client.force_login(UserFactory(username="x_vol", province=w["cw"].province, agency=None,
                                   roles=["volunteer"]))  # fmt: skip
    assert client.post(url).status_code == 403
    assert ReadAccess.objects.filter(outcome="refused", username="x_vol").exists()


def test_a_saved_search_opens_again_for_its_owner_only(client, w):
    client.force_login(w["cw"])
    query = "scope=mine&deadline=overdue&page=2"
    # no name: told so, and back on the same search (nothing typed is lost)
    r = client.post(reverse("saved_filter_save"), {"page": "cases:list", "query": query,
                                                   "name": "  "})  # fmt: skip
    assert r.status_code == 302 and "deadline=overdue" in r["Location"]
    assert not SavedFilter.objects.exists()
    r = client.post(reverse("saved_filter_save"), {"page": "cases:list", "query": query,
                                                   "name": "เลยกำหนด ของฉัน"})  # fmt: skip
    saved = SavedFilter.objects.get()
    assert saved.query == "scope=mine&deadline=overdue"  # the page number is not a filter
    assert r["Location"] == "/cases/?scope=mine&deadline=overdue"
    page = client.get(reverse("cases:list"))
    assert page.context["saved_filters"][0][0] == saved
    assert 'href="/cases/?scope=mine&amp;deadline=overdue"' in page.content.decode()
    opened = client.get(r["Location"])
    assert [c.code for c, _d, _n in opened.context["rows"]] == [w["overdue"].code]
    # the same name again replaces it
    client.post(reverse("saved_filter_save"), {"page": "cases:list", "query": "scope=all",
                                               "name": "เลยกำหนด ของฉัน"})  # fmt: skip
    assert SavedFilter.objects.get().query == "scope=all"
    # another person neither sees nor deletes it
    client.force_login(w["other"])
    assert client.get(reverse("cases:list")).context["saved_filters"] == []
    assert client.post(reverse("saved_filter_delete", args=[saved.pk])).status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    client.force_login(w["cw"])
    assert client.post(reverse("saved_filter_delete", args=[saved.pk])).status_code == 302
    assert not SavedFilter.objects.exists()


def test_only_registered_lists_keep_searches(client, w):
    client.force_login(w["cw"])
    r = client.post(reverse("saved_filter_save"), {"page": "admin:index", "query": "",
                                                   "name": "x"})  # fmt: skip
    assert r.status_code == 404 and not SavedFilter.objects.exists()
