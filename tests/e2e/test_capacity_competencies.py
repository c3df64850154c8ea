"""The competency table in the browser: the central officer opens it from the menu, unticks
"MDT member needs the screening interview" in the role x competency grid, and the gap view
counts Tak's screening staff without its MDT members at once; ticked again, they are back.
A supervisor has no menu link and is refused the page."""

import re

from playwright.sync_api import expect

GAPS = "/capacity/gaps/?competency=screening_interview"


def test_central_officer_changes_the_grid_and_the_gap_view_follows(page, login, artifacts):
    login("central.datip")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(GAPS)
    tak = page.locator("#province-table tr#prov-63")
    # The demo's Tak: cw.tak (case worker), police.tak and one synthetic MDT member.
    expect(tak).to_have_attribute("data-required", "3")

    page.locator("#saphan-nav a.nav-link", has_text="ตารางสมรรถนะ").click()
    expect(page).to_have_url(re.compile(r"/capacity/competencies/$"))
    row = page.locator("#competency-list tr[data-competency=screening_interview]")
    expect(row.locator("td.validity")).to_have_text("3 ปี")
    cell = page.locator(
        "#requirement-grid tr[data-competency=screening_interview] input[data-role=mdt_member]"
    )
    expect(cell).to_be_checked()
    cell.uncheck()
    page.locator("#save-grid").click()
    expect(page.locator(".saphan-messages")).to_contain_text("นำข้อกำหนดออก 1 รายการ")
    expect(cell).not_to_be_checked()
    page.screenshot(path=str(artifacts / "capacity-competencies.png"), full_page=True)

    page.goto(GAPS)
    # Only the case worker still needs it, and cw.tak is trained: Tak is fully covered.
    expect(tak).to_have_attribute("data-required", "1")
    expect(tak).to_have_attribute("data-qualified", "1")
    expect(page.locator("#gap-map path[data-province='63']")).to_have_attribute(
        "data-level", "full"
    )
    page.screenshot(path=str(artifacts / "capacity-gaps-after-grid.png"), full_page=True)

    # Ticked again (the demo stays as the other browser tests expect it).
    page.locator("#competency-table-link").click()
    # On the way, the competency's own form: validity in months, the courses that give it.
    row.locator("a", has_text="แก้ไข").click()
    expect(page.locator("#id_validity_months")).to_have_value("36")
    expect(page.locator("#competency-form")).to_contain_text("หลักสูตรที่ให้สมรรถนะนี้")
    page.screenshot(path=str(artifacts / "capacity-competency-form.png"), full_page=True)
    page.locator("#competency-form a", has_text="ยกเลิก").click()
    cell.check()
    page.locator("#save-grid").click()
    expect(page.locator(".saphan-messages")).to_contain_text("เพิ่มข้อกำหนด 1 รายการ")
    page.goto(GAPS)
    expect(tak).to_have_attribute("data-required", "3")


def test_supervisor_has_no_link_and_is_refused(page, login):
    login("sup.tak")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/capacity/gaps/")
    expect(page.locator("#saphan-nav a.nav-link", has_text="ตารางสมรรถนะ")).to_have_count(0)
    expect(page.locator("#competency-table-link")).to_have_count(0)
    response = page.goto("/capacity/competencies/")
    assert response is not None and response.status == 403
