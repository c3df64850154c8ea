"""A saved search on the case list, in the browser: Khon Kaen's case worker filters all the
cases they can see to the overdue ones, saves the search under a name, and the next time
opens it in one click from the list (then deletes it)."""

import re
import uuid

from playwright.sync_api import expect


def test_a_case_worker_saves_a_search_and_opens_it_again(page, login):
    name = f"เลยกำหนด {uuid.uuid4().hex[:6]}"
    login("cw.khonkaen")
    expect(page.locator("#today-heading")).to_be_visible()
    page.locator("#saphan-nav a[href='/cases/']").first.click()
    page.locator(".nav-tabs a", has_text="ทุกกรณีที่ฉันเข้าถึงได้").click()
    filters = page.locator("#case-filters")
    filters.locator("select[name=deadline]").select_option("overdue")
    filters.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"deadline=overdue"))
    count = page.locator("#case-count").inner_text()
    # no name: told so, and the search stays as it was
    page.locator("#saved-filter-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"deadline=overdue"))
    page.fill("#saved-filter-name", name)
    page.locator("#saved-filter-form button[type=submit]").click()
    expect(page.get_by_text(f"บันทึกการค้นหาชื่อ “{name}” แล้ว")).to_be_visible()

    # later: the list without filters, then the saved search in one click
    page.goto("/")
    page.locator("#saphan-nav a[href='/cases/']").first.click()
    expect(page.locator("#case-filters select[name=deadline]")).to_have_value("")
    page.locator("#saved-filters a", has_text=name).click()
    expect(page).to_have_url(re.compile(r"scope=all.*deadline=overdue|deadline=overdue.*scope=all"))
    expect(page.locator("#case-filters select[name=deadline]")).to_have_value("overdue")
    expect(page.locator("#case-count")).to_have_text(count)
    # and it can be deleted
    page.get_by_role("button", name=f"ลบการค้นหาที่บันทึกไว้ {name}").click()
    expect(page.locator("#saved-filters a", has_text=name)).to_have_count(0)
