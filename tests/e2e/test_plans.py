"""The plan cascade in the browser: a Khon Kaen case worker sees what the plan asks of Khon Kaen;
the supervisor writes, submits and approves the quarterly report; the northeast regional
officer sees it rolled up and Khon Kaen coloured by it on the northeast map."""

import re

from playwright.sync_api import expect


def _sign_out(page) -> None:
    page.context.clear_cookies()


def test_case_worker_sees_what_the_plan_asks_of_khon_kaen(page, login, artifacts):
    login("cw.khonkaen")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/plans/")
    expect(page).to_have_url(re.compile(r"/plans/my-province/$"))
    expect(page.locator("#plan-heading")).to_contain_text("ขอนแก่น")
    # The five strategies, in Thai, with the province's own targets and how each is measured.
    for strategy in (
        "ด้านนโยบาย",
        "ด้านการดำเนินคดี",
        "ด้านการคุ้มครองช่วยเหลือผู้เสียหาย",
        "ด้านการป้องกัน",
        "ความร่วมมือ",
    ):
        expect(page.locator("main h2", has_text=strategy).first).to_be_visible()
    victims = page.locator("tr[data-indicator='3.1.1']")
    expect(victims).to_contain_text("ผู้เสียหายที่ได้รับการคัดแยก")
    expect(victims).to_contain_text("จากข้อมูลคดี")
    expect(victims).to_contain_text("คน")
    # The next report: its quarter, its B.E. due date, and a button to write it.
    next_report = page.locator("#next-report")
    expect(next_report).to_contain_text(re.compile(r"ไตรมาส [1-4] ปีงบประมาณ 25\d\d"))
    expect(next_report).to_contain_text(re.compile(r"\d{1,2} [ก-๙]+ 25\d\d"))
    expect(page.locator("#start-report")).to_be_visible()
    page.screenshot(path=str(artifacts / "plans-my-province.png"), full_page=True)
    # On a field worker's phone: nothing wider than the screen (tables scroll inside their box).
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    expect(page.locator("#next-report")).to_be_visible()
    expect(page.locator("[data-indicator-card='3.1.1']")).to_contain_text("จากข้อมูลคดี")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "plans-my-province-phone.png"), full_page=True)


def test_supervisor_submits_and_the_region_sees_it_rolled_up(page, login, artifacts):
    # Before: Khon Kaen has not sent its latest quarter; the map shows it grey.
    login("region.northeast")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/plans/")
    expect(page).to_have_url(re.compile(r"/plans/region/northeast/$"))
    expect(page.locator("#plan-map #map-kkn")).to_have_attribute("data-status", "none")
    quarter = page.locator("#quarter-form select option:checked").inner_text()
    _sign_out(page)

    # The supervisor writes the report of that quarter, submits it and approves it.
    login("sup.khonkaen")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/plans/my-province/")
    expect(page.locator("#next-report")).to_contain_text(quarter)
    page.locator("#start-report").click()
    expect(page.locator("#report-heading")).to_contain_text("ขอนแก่น")
    expect(page.locator("#report-state")).to_contain_text("ร่าง")
    # Computed indicators show a value from the case records and have no input at all.
    expect(page.locator("[data-indicator='3.1.1'] input")).to_have_count(0)
    expect(page.locator("[data-indicator='3.1.1']")).to_contain_text("จากข้อมูลคดี")
    values = page.locator("#report-form input[name$='-value']")
    for i in range(values.count()):
        values.nth(i).fill("3")
    statuses = page.locator("#report-form select[name$='-status']")
    for i in range(statuses.count()):
        statuses.nth(i).select_option("at_risk")
    page.locator("#summary").fill("ดำเนินการร่วมกับทีม One Home และ อพม. ครบทุกอำเภอ")
    page.select_option("#overall-status", "at_risk")
    page.locator("#submit-report").click()
    expect(page.locator("#report-state")).to_contain_text("ส่งแล้ว รอหัวหน้าอนุมัติ")
    page.locator("#approve-report").click()
    expect(page.locator("#report-state")).to_contain_text("หัวหน้าอนุมัติแล้ว")
    page.screenshot(path=str(artifacts / "plans-report-approved.png"), full_page=True)
    _sign_out(page)

    # The regional officer sees it rolled up, and Khon Kaen coloured "at risk" on the map.
    login("region.northeast")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/plans/region/northeast/")
    kk = page.locator("#plan-map #map-kkn")
    expect(kk).to_have_attribute("data-status", "at_risk")
    expect(kk).to_have_attribute("fill", "#f2a900")
    row = page.locator("#province-table tr[data-province='40']")
    expect(row).to_contain_text("มีความเสี่ยง")
    expect(row).to_contain_text("หัวหน้าอนุมัติแล้ว")
    expect(page.locator("#map-credit")).to_contain_text("CC BY 4.0")
    expect(page.locator("#status-chart svg")).to_be_visible()
    page.screenshot(path=str(artifacts / "plans-region-northeast.png"), full_page=True)
    # And may review it from there.
    row.locator("td:nth-child(2) a").click()
    expect(page.locator("#report-heading")).to_contain_text("ขอนแก่น")
    page.locator("#review-report").click()
    expect(page.locator("#report-state")).to_contain_text("สำนักงานภาคตรวจแล้ว")


def test_central_officer_drills_down_from_the_nation_to_khon_kaen(page, login, artifacts):
    login("central.datip")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/plans/")
    expect(page).to_have_url(re.compile(r"/plans/nation/$"))
    expect(page.locator("#plan-map path[data-province]")).to_have_count(77)
    expect(page.locator("#region-table tbody tr")).to_have_count(4)
    page.screenshot(path=str(artifacts / "plans-nation.png"), full_page=True)
    page.locator("#region-table a", has_text="ภาคตะวันออกเฉียงเหนือ").click()
    expect(page).to_have_url(re.compile(r"/plans/region/northeast/\?q=25\d\d-[1-4]$"))
    page.locator("#province-table tr[data-province='40'] td a").first.click()
    expect(page.locator("#plan-heading")).to_contain_text("ขอนแก่น")
    expect(page.locator("#edit-targets")).to_be_visible()
