"""The training gaps by province taken away: counts of staff, no one's name, so the file comes
straight down (XLSX with the as-of date as a B.E. date cell, or CSV), in the viewer's scope
and for the competency on the page; the export is still in the read log."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from saphan.audit.models import ReadAccess, SealedExport
from saphan.capacity.catalogue import SCREENING
from saphan.capacity.models import Competency
from saphan.core.spreadsheets import BE_DATE_FORMAT

from .conftest import TODAY, complete, years_ago

URL = reverse("capacity:gaps_export")


@pytest.mark.django_db
def test_a_supervisor_gets_their_province_as_a_workbook(client, world):
    complete(world["cw"], "screening", years_ago(1))
    client.force_login(world["sup"])
    page = client.get(reverse("capacity:gaps")).content.decode()
    assert 'id="gaps-export"' in page and 'name="competency" value="screening_interview"' in page
    assert client.get(URL).status_code == 405
    response = client.post(URL, {"competency": SCREENING, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2))
    assert len(rows) == 1  # Khon Kaen only, not Tak
    row = [c.value for c in rows[0]]
    screening = Competency.objects.get(code=SCREENING)
    assert row[0] == screening.name and row[1] == world["kk"].name
    assert row[3:6] == [2, 1, 50]  # two need it, one qualified
    as_of = rows[0][7]
    assert as_of.is_date and as_of.number_format == BE_DATE_FORMAT
    assert as_of.value.date() == TODAY
    assert not SealedExport.objects.exists()
    logged = ReadAccess.objects.get(outcome="export", record_type="export:training_gaps")
    assert logged.username == "sup.kk" and logged.purpose == f"rows=1 competency={SCREENING}"


@pytest.mark.django_db
def test_central_gets_every_province_as_csv_for_the_competency_chosen(client, world):
    client.force_login(world["central"])
    response = client.post(URL, {"competency": "nrm", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    body = rows[1:]
    assert {r[1] for r in body} == {world["kk"].name, world["tak"].name}
    assert {r[0] for r in body} == {Competency.objects.get(code="nrm").name}
    assert all(r[7] == f"{TODAY:%d/%m}/{TODAY.year + 543}" for r in body)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["cw", "police", "vol"])
def test_refused_to_staff_without_oversight(client, world, who):
    client.force_login(world[who])
    assert client.post(URL, {"format": "csv"}).status_code == 403
    assert not ReadAccess.objects.filter(outcome="export").exists()
