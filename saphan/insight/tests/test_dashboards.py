"""Dashboards: who may open which place, small cells suppressed outside a province's own staff,
and the chart downloads carry the same suppression."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from saphan.insight import indicators as ind
from saphan.insight import selectors
from saphan.insight.models import ExportLog
from saphan.insight.tests.world import make_world
from saphan.orgs.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
SUPPRESSED_HTML = "&lt;5"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_world(n_cases=60, seed=11)
        transaction.set_rollback(True)


def client_for(client, world, username):
    assert client.login(username=username, password=TEST_PASSWORD)
    return client


def test_central_officer_sees_the_nation_with_small_cells_suppressed(client, world):
    c = client_for(client, world, "central")
    response = c.get(reverse("insight:nation"), {"period": selectors.period_choices()[0].key})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Map of Thailand: MapSVG / @svg-maps/thailand, CC BY 4.0" in html
    assert SUPPRESSED_HTML in html
    # Every region is a drill-down link.
    assert reverse("insight:region", args=["northeast"]) in html


def test_home_sends_each_user_to_their_own_place(client, world):
    assert (
        client_for(client, world, "central")
        .get(reverse("insight:home"))
        .url.startswith(reverse("insight:nation"))
    )
    client.logout()
    c = client_for(client, world, "region_ne")
    assert c.get(reverse("insight:home")).url.startswith(
        reverse("insight:region", args=["northeast"])
    )
    # The nation page sends a regional officer back to their region, it does not show it.
    assert c.get(reverse("insight:nation")).url.startswith(
        reverse("insight:region", args=["northeast"])
    )
    client.logout()
    c = client_for(client, world, "cw_kk")
    assert c.get(reverse("insight:home")).url.startswith(reverse("insight:province", args=["40"]))


def test_regional_officer_only_opens_their_region_and_its_provinces(client, world):
    c = client_for(client, world, "region_ne")
    assert c.get(reverse("insight:region", args=["northeast"])).status_code == 200
    assert c.get(reverse("insight:province", args=["40"])).status_code == 200
    assert c.get(reverse("insight:region", args=["north"])).status_code == 403
    assert c.get(reverse("insight:province", args=["63"])).status_code == 403  # Tak: north
    assert c.get(reverse("insight:province", args=["10"])).status_code == 403  # Bangkok
    data = reverse("insight:chart-data", args=["sex", "csv"])
    assert c.get(data, {"level": "province", "code": "63"}).status_code == 403
    assert c.get(data, {"level": "nation"}).status_code == 403


@pytest.mark.parametrize("username", ["volunteer", "km", "auditor"])
def test_roles_without_aggregates_are_refused(client, world, username):
    c = client_for(client, world, username)
    assert c.get(reverse("insight:home")).status_code == 403
    assert c.get(reverse("insight:nation")).status_code == 403
    assert c.get(reverse("insight:province", args=["40"])).status_code == 403
    data = reverse("insight:chart-data", args=["kpis", "xlsx"])
    assert c.get(data, {"level": "province", "code": "40"}).status_code == 403
    assert not ExportLog.objects.filter(user__username=username).exists()


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(reverse("insight:nation"))
    assert response.status_code == 302 and "login" in response.url


def test_provincial_staff_see_their_own_province_unsuppressed(client, world):
    c = client_for(client, world, "cw_kk")
    response = c.get(reverse("insight:province", args=["40"]))
    assert response.status_code == 200
    assert SUPPRESSED_HTML not in response.content.decode()
    assert c.get(reverse("insight:province", args=["41"])).status_code == 403
    assert c.get(reverse("insight:region", args=["northeast"])).status_code == 403


def test_the_same_province_is_suppressed_for_the_regional_officer(client, world):
    period = selectors.period_choices()[0].key  # the last 12 months
    html_region = (
        client_for(client, world, "region_ne")
        .get(reverse("insight:province", args=["40"]), {"period": period})
        .content.decode()
    )
    client.logout()
    html_own = (
        client_for(client, world, "cw_kk")
        .get(reverse("insight:province", args=["40"]), {"period": period})
        .content.decode()
    )
    assert SUPPRESSED_HTML in html_region
    assert SUPPRESSED_HTML not in html_own


def _cells(world, by, start, end, codes):
    return {
        c.key: c
        for c in ind.breakdown(
            "victims_identified", start=start, end=end, by=by, province_codes=codes
        )
    }


def test_chart_downloads_carry_the_suppression_and_are_logged(client, world):
    c = client_for(client, world, "region_ne")
    period = selectors.period_choices()[0]
    params = {"level": "region", "code": "northeast", "period": period.key}
    response = c.get(reverse("insight:chart-data", args=["age", "csv"]), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    place = selectors.place_for(world["users"]["region_ne"], level="region", code="northeast")
    cells = _cells(world, "age_group", period.start, period.end, place.province_codes)
    assert len(rows) == 1 + len(cells)
    for row in rows[1:]:
        assert row[1] == SUPPRESSED_HTML.replace("&lt;", "<") or int(row[1]) >= 5
    expected_small = sum(1 for cell in cells.values() if 0 < cell.value < 5)
    assert expected_small > 0  # the world has a small cell here: the test checks something
    assert sum(1 for row in rows[1:] if row[1] == "<5") == expected_small

    response = c.get(reverse("insight:chart-data", args=["map", "xlsx"]), params)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    values = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[0] is None:  # the notes under the table start after an empty row
            break
        values.append(row[1])
    assert len(values) == len(place.province_codes)  # every province of the region, on the map
    assert all(v == "<5" or v == 0 or (isinstance(v, int) and v >= 5) for v in values)
    by_province = _cells(world, "province", period.start, period.end, place.province_codes)
    small = sum(1 for cell in by_province.values() if 0 < cell.value < 5)
    assert values.count("<5") == small
    logs = ExportLog.objects.filter(user__username="region_ne", kind="chart")
    assert logs.count() == 2
    assert {log.params["chart"] for log in logs} == {"age", "map"}


def test_shown_suppresses_counts_and_small_bases():
    count = ind.INDICATORS["victims_identified"]
    median = ind.INDICATORS["days_to_identification"]
    assert selectors.shown(count, 3, 3, True) == "<5"
    assert selectors.shown(count, 5, 5, True) == 5
    assert selectors.shown(count, 0, 0, True) == 0
    assert selectors.shown(count, 3, 3, False) == 3
    assert selectors.shown(median, 12.5, 2, True) == "<5"
    assert selectors.shown(median, 12.5, 9, True) == 12.5


def test_period_keys_and_thai_fiscal_quarters():
    import datetime as dt

    choices = selectors.period_choices(dt.date(2026, 11, 3))
    assert choices[0].key == "12m"
    assert (choices[0].start, choices[0].end) == (dt.date(2025, 12, 1), dt.date(2026, 11, 3))
    assert choices[1].key == "FY2570"
    assert (choices[1].start, choices[1].end) == (dt.date(2026, 10, 1), dt.date(2027, 9, 30))
    keys = [c.key for c in choices]
    assert "FY2570-Q1" in keys and "FY2570-Q2" not in keys  # Q2 has not begun
    assert selectors.parse_period("nonsense", dt.date(2026, 11, 3)).key == "12m"
    assert selectors.parse_period("2026-03", dt.date(2026, 11, 3)).end == dt.date(2026, 3, 31)


def test_a_dashboard_opens_from_its_fresh_snapshot_and_recomputes_a_stale_one(client, world):
    import datetime as dt

    from saphan.insight.models import DashboardSnapshot
    from saphan.insight.tasks import refresh_snapshots

    result = refresh_snapshots()
    assert result["places"] == 5  # the nation and the four regions
    key = "nation:TH:12m:1:th"
    snapshot = DashboardSnapshot.objects.get(key=key)
    # A marked snapshot is what the page shows while it is fresh...
    snapshot.charts[0]["labels"][0] = "MARKED-FROM-SNAPSHOT"
    snapshot.save()
    c = client_for(client, world, "central")
    with translation.override("th"):
        html = c.get(reverse("insight:nation"), {"period": "12m"}).content.decode()
    assert "MARKED-FROM-SNAPSHOT" in html
    # ...and once it is older than the limit, the page computes the charts again.
    DashboardSnapshot.objects.filter(key=key).update(
        computed_at=timezone.now() - selectors.SNAPSHOT_MAX_AGE - dt.timedelta(seconds=1)
    )
    with translation.override("th"):
        html = c.get(reverse("insight:nation"), {"period": "12m"}).content.decode()
    assert "MARKED-FROM-SNAPSHOT" not in html
    assert DashboardSnapshot.objects.get(key=key).computed_at > timezone.now() - dt.timedelta(
        minutes=1
    )
