"""Official reports: the Cabinet report (s.40) and the statistics table as PDF and XLSX, for
central officers only, with small cells withheld and every download logged."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from saphan.insight import indicators as ind
from saphan.insight import reports, selectors
from saphan.insight.models import ExportLog
from saphan.insight.tests.world import world_fixture
from saphan.orgs.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


world = world_fixture(n_cases=40, seed=7)


def test_statistics_table_agrees_with_the_indicators(world):
    period = selectors.period_choices()[0]
    report = reports.statistics_table(
        actor=world["users"]["central"], start=period.start, end=period.end
    )
    sex_age = report.tables[1]  # after the summary of cases and prosecutions
    cells = {
        c.key: c
        for c in ind.breakdown(
            "victims_identified", start=period.start, end=period.end, by="sex_majority"
        )
    }
    female = next(r for r in sex_age.rows if r[0] == selectors.label_of("sex", "Feminine"))
    for column, group in ((1, "adult"), (2, "minor"), (3, "unknown")):
        cell = cells.get(f"Feminine|{group}")
        if cell is None:
            assert female[column] == 0
        elif cell.value < 5:
            assert female[column] in selectors.HIDDEN
        else:  # shown, or withheld with a small figure of its row or column ("x")
            assert female[column] in (cell.value, selectors.WITHHELD)
    # Every count in every table is either withheld or at least 5.
    for table in report.tables:
        for row in table.rows:
            for value in row[1:]:
                hidden = value in (*selectors.HIDDEN, 0, "–")
                assert hidden or value >= 5 or isinstance(value, float)
    assert report.suppressed_cells > 0


def test_central_officer_downloads_the_cabinet_report(client, world):
    assert client.login(username="central", password=TEST_PASSWORD)
    assert client.get(reverse("insight:reports")).status_code == 200
    fy = ind.fiscal_year_of(timezone.localdate())
    response = client.get(reverse("insight:report-cabinet", args=["pdf"]), {"fy": fy})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    response = client.get(reverse("insight:report-cabinet", args=["xlsx"]), {"fy": fy - 1})
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 7
    response = client.get(reverse("insight:report-statistics", args=["xlsx"]), {"period": "12m"})
    assert response.status_code == 200
    logs = ExportLog.objects.filter(user__username="central").order_by("id")
    assert [log.kind for log in logs] == ["cabinet_report", "cabinet_report", "statistics"]
    assert logs[0].params == {"fiscal_year": fy}


@pytest.mark.parametrize("username", ["region_ne", "cw_kk", "sup_kk", "auditor", "km"])
def test_reports_are_for_central_officers_only(client, world, username):
    assert client.login(username=username, password=TEST_PASSWORD)
    assert client.get(reverse("insight:reports")).status_code == 403
    assert client.get(reverse("insight:report-cabinet", args=["pdf"])).status_code == 403
    assert client.get(reverse("insight:report-statistics", args=["xlsx"])).status_code == 403
    assert not ExportLog.objects.exists()


def test_the_report_pdfs_give_back_the_thai_they_print_and_are_tagged(client, world, printed_html):
    # Both official reports as downloaded, then the Cabinet report with the sample (sara am,
    # tone marks over upper vowels, ฐ ญ, leading vowels) as a note: every word each PDF prints,
    # labels and names included, must come back from pdftotext as written.
    from saphan.core.tests.pdf_text_layer import SAMPLE, assert_text_layer

    assert client.login(username="central", password=TEST_PASSWORD)
    fy = ind.fiscal_year_of(timezone.localdate())
    for url, params in (
        (reverse("insight:report-cabinet", args=["pdf"]), {"fy": fy}),
        (reverse("insight:report-statistics", args=["pdf"]), {"period": "12m"}),
    ):
        response = client.get(url, params)
        assert response.status_code == 200
        assert_text_layer(response.content, printed_html[-1], sample=[])
    report = reports.cabinet_report(actor=world["users"]["central"], fiscal_year=fy)
    report.notes.append(SAMPLE)
    pdf = reports.render_pdf(report, actor=world["users"]["central"])
    assert_text_layer(pdf, printed_html[-1])
