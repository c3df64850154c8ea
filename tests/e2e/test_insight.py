"""Dashboards in the browser: the national dashboard drills down to the northeast and Khon Kaen
(central.datip, by the map and the region bar chart), and a regional officer sees small cells
suppressed and cannot open another region."""

import csv
import re

from playwright.sync_api import expect


def _charts_drawn(page) -> None:
    expect(page.locator("#chart-trend[data-ready='1']")).to_have_count(1)


def test_national_dashboard_drills_down_to_khon_kaen(page, login, artifacts):
    login("central.datip")
    expect(page.locator("nav")).to_be_visible()
    page.goto("/insight/")
    expect(page).to_have_url(re.compile(r"/insight/nation/"))
    expect(page.locator("#insight-title")).to_contain_text("ทั้งประเทศ")
    _charts_drawn(page)
    expect(page.locator("#map-credit")).to_contain_text("CC BY 4.0")
    expect(page.locator("#kpis [data-indicator='victims_identified']")).to_be_visible()
    page.screenshot(path=str(artifacts / "insight-nation.png"), full_page=True)

    # Drill down by the region buttons (the bar chart and the map link the same pages).
    page.locator("#region-links a", has_text="ตะวันออกเฉียงเหนือ").click()
    expect(page).to_have_url(re.compile(r"/insight/region/northeast/"))
    expect(page.locator("#insight-crumbs")).to_contain_text("ทั้งประเทศ")
    _charts_drawn(page)
    # The region's map: click Khon Kaen's area.
    expect(page.locator("#chart-map[data-ready='1']")).to_have_count(1)
    page.screenshot(path=str(artifacts / "insight-northeast.png"), full_page=True)
    khon_kaen = page.locator("#chart-map path[name='40'], #chart-map svg path").first
    expect(khon_kaen).to_be_visible()
    page.locator("#province-links a", has_text="ขอนแก่น").click()
    expect(page).to_have_url(re.compile(r"/insight/province/40/"))
    expect(page.locator("#insight-title")).to_contain_text("ขอนแก่น")
    crumbs = page.locator("#insight-crumbs")
    expect(crumbs).to_contain_text("ตะวันออกเฉียงเหนือ")
    _charts_drawn(page)

    # A period filter in B.E.: a quarter of the Thai fiscal year.
    option = page.locator("#period optgroup").nth(1).locator("option").first  # a quarter
    value = option.get_attribute("value")
    page.select_option("#period", value)
    expect(page).to_have_url(re.compile(rf"period={value}"))
    expect(page.locator("#insight-period")).to_contain_text("ไตรมาส")
    page.screenshot(path=str(artifacts / "insight-khonkaen.png"), full_page=True)


def test_regional_officer_sees_small_cells_suppressed(page, login, saphan_server, artifacts):
    login("region.northeast")
    expect(page.locator("nav")).to_be_visible()
    page.goto("/insight/")
    expect(page).to_have_url(re.compile(r"/insight/region/northeast/"))
    expect(page.locator("#suppression-note")).to_be_visible()
    _charts_drawn(page)
    # Small cells (1-4 victims, or a median of 1-4 cases) are shown as "<5", never as a number.
    page.locator("#card-map summary").click()
    marks = page.locator("#kpis .value, table[data-chart] td").filter(has_text=re.compile(r"^<5$"))
    expect(marks.first).to_be_attached()
    page.screenshot(path=str(artifacts / "insight-region-suppressed.png"), full_page=True)

    # Another region, a province outside the region and the nation are not theirs.
    response = page.goto("/insight/region/south/")
    assert response.status == 403
    response = page.goto("/insight/province/10/")
    assert response.status == 403
    page.goto("/insight/nation/")
    expect(page).to_have_url(re.compile(r"/insight/region/northeast/"))

    # The KPI download carries the same "<5" as the page and never a count of 1-4. (Which KPI
    # is small depends on how far the server's background demo top-up has gone.)
    page.goto("/insight/")
    cards = page.locator("#kpis .insight-kpi")
    shown = {
        cards.nth(i).locator(".label").inner_text().strip(): cards.nth(i)
        .locator(".value")
        .inner_text()
        .strip()
        for i in range(cards.count())
    }
    with page.expect_download() as info:
        page.locator("#kpis + p a", has_text="CSV").click()
    with open(info.value.path(), encoding="utf-8-sig") as f:
        rows = dict(list(csv.reader(f))[1:])
    for label, value in shown.items():
        if value == "<5":
            assert rows[label] == "<5", label
    assert not [v for v in rows.values() if re.fullmatch(r"[1-4]", v)], rows
