"""The central office edits the plan in the browser: a central officer adds a measure and an
indicator with its national target, assigns it to Khon Kaen with the province's own target, and
the Khon Kaen case worker's "what the plan asks of my province" page then shows it."""

import datetime as dt
import re

from playwright.sync_api import expect

from saphan.plans.periods import fiscal_year_of


def test_central_officer_adds_an_indicator_and_khon_kaen_sees_it(page, login, artifacts):
    year = fiscal_year_of(dt.date.today())
    login("central.datip")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/plans/")
    page.locator("#manage-plan").click()
    expect(page).to_have_url(re.compile(r"/plans/manage/$"))
    page.locator("a[data-plan]").first.click()
    expect(page.locator("#plan-title")).to_be_visible()

    # A new measure under the prevention strategy.
    page.locator("section[data-strategy='prevention'] a.new-measure").click()
    expect(page.locator("#edit-heading")).to_contain_text("เพิ่มมาตรการ")
    page.fill("#id_code", "4.99")
    page.fill("#id_number", "99")
    page.fill("#id_title_th", "เสริมพลังชุมชนเฝ้าระวังการค้ามนุษย์")
    page.fill("#id_title_en", "Community watch against trafficking")
    page.locator("#save").click()
    measure = page.locator("[data-measure='4.99']")
    expect(measure).to_contain_text("เสริมพลังชุมชนเฝ้าระวังการค้ามนุษย์")

    # Its indicator: reported by the province, with this year's national target.
    measure.locator("a.new-indicator").click()
    expect(page.locator("#edit-heading")).to_contain_text("เพิ่มตัวชี้วัด")
    page.fill("#id_code", "4.99.1")
    page.fill("#id_number", "1")
    page.fill("#id_title_th", "หมู่บ้านที่ตั้งเครือข่ายเฝ้าระวัง")
    page.select_option("#id_kind", "reported")
    page.select_option("#id_unit", "activities")
    page.select_option("#id_direction", "higher")
    page.fill("#id_baseline", "120")
    page.fill(f"#id_target_{year}", "800")
    # A computed indicator without its case figure is refused with a Thai message first.
    page.select_option("#id_kind", "computed")
    page.locator("#save").click()
    expect(page.locator("#edit-form")).to_contain_text("เลือกตัวเลขจากข้อมูลคดีที่ตัวชี้วัดนี้นับ")
    page.select_option("#id_kind", "reported")
    page.locator("#save").click()
    row = page.locator("tr[data-indicator='4.99.1']")
    expect(row).to_contain_text("หมู่บ้านที่ตั้งเครือข่ายเฝ้าระวัง")
    expect(row).to_contain_text(f"{year}: 800")

    # Assigned to Khon Kaen for this fiscal year, with the province's own target.
    row.locator("a.assignments-link").click()
    expect(page.locator("#indicator-heading")).to_contain_text("4.99.1")
    page.locator("#assign").click()
    page.select_option("#id_province", "40")
    page.select_option("#id_fiscal_year", str(year))
    page.fill("#id_target", "25")
    page.locator("#save").click()
    expect(page.locator(f"#assignment-table tr[data-assignment='40-{year}']")).to_contain_text("25")
    # The same assignment twice is refused on the form, with a message.
    page.locator("#assign").click()
    page.select_option("#id_province", "40")
    page.select_option("#id_fiscal_year", str(year))
    page.fill("#id_target", "30")
    page.locator("#save").click()
    expect(page.locator("#edit-form")).to_contain_text(
        f"ตัวชี้วัดนี้มอบหมายให้จังหวัดนี้ในปีงบประมาณ {year} แล้ว"
    )
    page.screenshot(path=str(artifacts / "plans-editor-duplicate.png"), full_page=True)
    page.context.clear_cookies()

    # The Khon Kaen case worker sees it among what the plan asks of the province.
    login("cw.khonkaen")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"/plans/my-province/?year={year}")
    expect(page.locator("#plan-heading")).to_contain_text("ขอนแก่น")
    mine = page.locator("tr[data-indicator='4.99.1']")
    expect(mine).to_contain_text("หมู่บ้านที่ตั้งเครือข่ายเฝ้าระวัง")
    expect(mine).to_contain_text("25")
    expect(page.locator("main h3", has_text="เสริมพลังชุมชนเฝ้าระวังการค้ามนุษย์").first).to_be_visible()
    page.screenshot(path=str(artifacts / "plans-editor-khon-kaen.png"), full_page=True)
    # And may not open the editor.
    response = page.goto("/plans/manage/")
    assert response is not None and response.status == 403
