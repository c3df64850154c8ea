"""Dashboards: who may open which place, small cells suppressed outside a province's own staff,
and the chart downloads carry the same suppression."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from saphan.insight import indicators as ind
from saphan.insight import selectors
from saphan.insight.models import ExportLog
from saphan.insight.tests.world import world_fixture
from saphan.orgs.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
SUPPRESSED_HTML = "&lt;5"


world = world_fixture(n_cases=60, seed=11)


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
        assert row[1] in selectors.HIDDEN or int(row[1]) >= 5
    expected_small = sum(1 for cell in cells.values() if 0 < cell.value < 5)
    assert expected_small > 0  # the world has a small cell here: the test checks something
    assert sum(1 for row in rows[1:] if row[1] in selectors.HIDDEN) >= expected_small

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
    assert all(v in selectors.HIDDEN or v == 0 or (isinstance(v, int) and v >= 5) for v in values)
    by_province = _cells(world, "province", period.start, period.end, place.province_codes)
    small = sum(1 for cell in by_province.values() if 0 < cell.value < 5)
    assert sum(1 for v in values if v in selectors.HIDDEN) >= small
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


def test_a_dashboard_shows_a_change_of_the_case_records_at_once(client, world):
    """No snapshot to wait for: the page aggregates the fact table, which follows the records."""
    from saphan.cases.models import Case
    from saphan.insight.models import DirtyCase, Fact

    c = client_for(client, world, "central")
    url = reverse("insight:nation")
    sid = transaction.savepoint()
    try:
        before = _victims_shown(c.get(url, {"period": "12m"}).content.decode())
        period = selectors.period_choices()[0]
        counted = Fact.objects.filter(
            indicator="victims_identified", d__gte=period.start, d__lte=period.end
        )
        case = Case.objects.get(pk=counted.values_list("case_id", flat=True).first())
        Case.objects.filter(pk=case.pk).update(trafficking_status="PossibleVictimOfTrafficking")
        assert DirtyCase.objects.filter(case_id=case.pk).exists()
        after = _victims_shown(c.get(url, {"period": "12m"}).content.decode())
        assert not DirtyCase.objects.exists()
        assert before is not None and after is not None and after < before
    finally:
        transaction.savepoint_rollback(sid)


def _victims_shown(html: str):
    import re

    match = re.search(r'data-indicator="victims_identified".*?class="value">([^<]+)<', html, re.S)
    return int(match.group(1).strip().replace(",", "")) if match else None


# --- complementary suppression ------------------------------------------------------------------
def _possible_values(display: list, total) -> dict[int, set]:
    """Every value each hidden cell can take for a reader who sees the row and its total and
    knows the rules: a "<5" count is 1 to 4; an "x" is 5 or more beside a "<5", else at least 1
    (brute force, independent of the selectors' reasoning)."""
    hidden = [i for i, d in enumerate(display) if d in selectors.HIDDEN]
    rest = total - sum(d for d in display if d not in selectors.HIDDEN and d not in ("", None))
    options = {i: set() for i in hidden}

    def walk(k, left, chosen):
        if k == len(hidden):
            if left == 0:
                for i, v in zip(hidden, chosen, strict=True):
                    options[i].add(v)
            return
        i = hidden[k]
        small = display[i] == selectors.SUPPRESSED
        bottom = 1 if small or selectors.SUPPRESSED not in display else 5
        top = 4 if small else left
        for v in range(bottom, min(top, left) + 1):
            walk(k + 1, left - v, [*chosen, v])

    walk(0, rest, [])
    return options


def _assert_small_cells_hidden_for_good(values: list, display: list):
    options = _possible_values(display, sum(values))
    for i, v in enumerate(values):
        if 0 < v < selectors.SMALL_CELL:
            assert display[i] in selectors.HIDDEN, (values, display)
            assert v in options[i] and len(options[i]) > 1, (values, display, i, options[i])


COUNT = ind.INDICATORS["victims_identified"]


def _protected(values: list) -> list:
    primary = [selectors.shown(COUNT, v, v, True) for v in values]
    return selectors.complement(COUNT, values, primary)


def test_one_small_cell_is_not_left_to_be_worked_out_from_the_total():
    values = [10, 7, 3, 0]  # total 20 is on the page: "<5" alone would be 20 - 17 = 3
    first = [selectors.shown(COUNT, v, v, True) for v in values]
    assert first == [10, 7, "<5", 0]
    assert _possible_values(first, 20)[2] == {3}  # the hole first-level suppression leaves
    display = _protected(values)
    assert display == [10, "x", "<5", 0]  # the smallest shown figure withheld with it
    _assert_small_cells_hidden_for_good(values, display)


def test_two_small_cells_whose_sum_gives_them_away_are_complemented():
    values = [1, 1, 20, 30]  # "<5" + "<5" = 2 could only be 1 and 1
    display = _protected(values)
    assert display[:2] == ["<5", "<5"] and display[2] == "x" and display[3] == 30
    _assert_small_cells_hidden_for_good(values, display)
    values = [4, 4, 4, 50]  # 12 over three "<5" could only be 4, 4 and 4
    _assert_small_cells_hidden_for_good(values, _protected(values))


def test_a_row_that_cannot_hide_a_small_cell_hides_which_one_is_small():
    values = [1, 5]  # total 6: even with 5 withheld as "x" (5 or more), "<5" would be 1
    display = _protected(values)
    assert display == ["x", "x"]
    _assert_small_cells_hidden_for_good(values, display)


def test_sums_of_money_need_a_second_hidden_cell_and_medians_none():
    baht = ind.INDICATORS["compensation_paid_baht"]
    values, ns = [15000.0, 82000.0, 240000.0], [2, 9, 30]
    primary = [selectors.shown(baht, v, n, True) for v, n in zip(values, ns, strict=True)]
    assert primary == ["<5", 82000.0, 240000.0]
    assert selectors.complement(baht, values, primary) == ["<5", "x", 240000.0]
    median = ind.INDICATORS["days_to_identification"]
    assert selectors.complement(median, [3.0, 12.0], ["<5", 12.0]) == ["<5", 12.0]


@pytest.mark.parametrize("seed", range(30))
def test_no_small_count_can_be_derived_from_any_row(seed):
    import random

    rng = random.Random(seed)
    for _ in range(40):
        values = [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 14, 30]) for _ in range(rng.randint(1, 6))]
        display = _protected(values)
        assert all(
            d == v for d, v in zip(display, values, strict=True) if d not in selectors.HIDDEN
        )
        if any(0 < v < 5 for v in values) and sum(values) >= selectors.SMALL_CELL:
            _assert_small_cells_hidden_for_good(values, display)


def test_every_dashboard_row_hides_its_small_cells_for_good(world):
    """On the regional officer's pages every chart of counts, read with the place's total,
    leaves each figure under 5 with more than one possible value."""
    actor = world["users"]["region_ne"]
    period = selectors.period_choices()[0]
    checked = 0
    for level, code in [("region", "northeast"), ("province", "40"), ("province", "41")]:
        place = selectors.place_for(actor, level=level, code=code)
        hidden = selectors.compute_dashboard(place, period, suppress=True)
        raw = selectors.compute_dashboard(place, period, suppress=False)
        for shown_chart, raw_chart in zip(hidden, raw, strict=True):
            if shown_chart.id in ("kpis", "exploitation"):
                continue  # single figures; forms of exploitation overlap (no total)
            for s_series, r_series in zip(shown_chart.series, raw_chart.series, strict=True):
                indicator = next(
                    i for i in ind.INDICATORS.values() if str(i.label) == r_series.name
                )
                if not indicator.is_count:
                    continue
                values = [v or 0 for v in r_series.values]
                if sum(values) < selectors.SMALL_CELL:
                    continue  # the total itself is "<5"
                _assert_small_cells_hidden_for_good(values, s_series.display)
                checked += sum(1 for v in values if 0 < v < selectors.SMALL_CELL)
    assert checked > 0  # the world has small cells on these pages
