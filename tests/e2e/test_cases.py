"""A case worker's day in the browser: a 1300-hotline tip becomes a case, a person is linked,
custody and a screening interview are recorded, and the case moves to identification with its
s.29 custody deadline shown in B.E. — on an office screen and on a 360-px phone."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from .conftest import sign_in

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_DATE_TIME = re.compile(r"\d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d น\.")


def _fill_when(page, name: str, when: dt.datetime) -> None:
    """A date-and-time field as a Thai user types it: dd/mm/yyyy in B.E., then hh:mm."""
    page.fill(f"input[name={name}_date]", f"{when.day:02d}/{when.month:02d}/{when.year + 543}")
    page.fill(f"input[name={name}_time]", f"{when:%H:%M}")


def _submit(page) -> None:
    page.locator(
        "main form#action-form button[type=submit], main form#intake-form button[type=submit]"
    ).first.click()


def test_case_worker_takes_a_hotline_tip_to_identification(
    page, login, browser, saphan_server, artifacts
):
    now = dt.datetime.now(BANGKOK).replace(second=0, microsecond=0)
    login("cw.khonkaen")
    page.goto("/cases/")
    page.locator("#new-case").click()
    expect(page).to_have_url(re.compile(r"/cases/new/$"))
    page.screenshot(path=str(artifacts / "case-new-desktop.png"), full_page=True)

    # Stage 1: the tip from the 1300 hotline.
    _fill_when(page, "received_at", now - dt.timedelta(hours=4))
    page.select_option("select[name=source]", "hotline_1300")
    page.select_option("select[name=channel]", "phone")
    page.select_option("select[name=urgency]", "urgent")
    page.fill(
        "textarea[name=description]", "สายด่วน 1300: ญาติแจ้งว่าหญิงสาวถูกหลอกไปทำงานแก๊งคอลเซ็นเตอร์ที่เมียวดี"
    )
    _submit(page)
    expect(page).to_have_url(re.compile(r"/cases/40-25\d\d-\d{5}/$"))
    code = page.locator("#case-header h1").inner_text().strip()
    assert re.fullmatch(r"40-25\d\d-\d{5}", code)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "intake")

    # Link the person.
    page.locator("#case-actions [data-action=person]").click()
    page.fill("input[name=full_name]", "นางสาว ทดสอบ ปลอดภัย")
    page.select_option("select[name=role]", "victim")
    _submit(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "screening")
    expect(page.locator("#people")).to_contain_text("นางสาว ทดสอบ ปลอดภัย")

    # Screening custody (s.29), in a place that is not a cell.
    page.locator("#case-actions [data-action=custody]").click()
    _fill_when(page, "started_at", now - dt.timedelta(hours=3))
    page.fill("input[name=place]", "บ้านพักเด็กและครอบครัวจังหวัดขอนแก่น")
    page.check("input[name=place_is_not_a_cell]")
    _submit(page)
    custody = page.locator("#deadlines [data-kind=screening_custody]")
    expect(custody).to_be_visible()

    # The screening interview with two indicators ticked.
    page.locator("#case-actions [data-action=screening]").click()
    page.screenshot(path=str(artifacts / "screening-form-desktop.png"), full_page=True)
    _fill_when(page, "interviewed_at", now - dt.timedelta(hours=2))
    page.select_option("select[name=interpreter_language]", "th")
    page.check("input[name=indicators][value=Deception]")
    page.check("input[name=indicators][value=RetentionOfIdentityDocuments]")
    page.check("input[name=exploitation_types][value=ForcedCriminality]")
    _submit(page)

    # The case is now waiting for identification; the custody deadline shows in B.E.
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "identification")
    deadline = page.locator("#deadlines [data-kind=screening_custody]")
    expect(deadline).to_contain_text(BE_DATE_TIME)
    due = now - dt.timedelta(hours=3) + dt.timedelta(hours=24)
    expect(deadline).to_contain_text(f"{due.year + 543} {due:%H:%M} น.")
    expect(page.locator("#record-screenings [data-list=indicators] li")).to_have_count(2)
    expect(page.locator("#timeline")).to_contain_text(str(now.year + 543))
    assert page.evaluate("document.documentElement.lang") == "th"
    page.screenshot(path=str(artifacts / "case-desktop.png"), full_page=True)

    # The same case page on a 360-px phone: no horizontal scroll.
    phone = browser.new_context(
        base_url=saphan_server.base_url, locale="th-TH", viewport={"width": 360, "height": 780},
        device_scale_factor=2, is_mobile=True, has_touch=True,
    )  # fmt: skip
    p = phone.new_page()
    sign_in(p, "cw.khonkaen")
    p.goto(f"/cases/{code}/")
    expect(p.locator("#case-header")).to_have_attribute("data-phase", "identification")
    assert p.evaluate("document.fonts.check('16px Sarabun', 'ขอนแก่น')")
    p.screenshot(path=str(artifacts / "case-360.png"), full_page=True)
    assert p.evaluate("document.documentElement.scrollWidth") <= 360
    for url in ("/cases/", f"/cases/{code}/screening/", "/cases/new/", "/cases/deadlines/"):
        p.goto(url)
        assert p.evaluate("document.documentElement.scrollWidth") <= 360, url
    p.goto("/cases/?scope=all")
    p.screenshot(path=str(artifacts / "cases-list-360.png"), full_page=True)
    p.goto(f"/cases/{code}/screening/")
    p.screenshot(path=str(artifacts / "screening-form-360.png"), full_page=True)
    phone.close()


def test_police_mdt_member_sees_the_case_but_not_who(page, login):
    # The demo assigns one Khon Kaen case to the police account, without identity.
    login("police.khonkaen")
    page.goto("/cases/?scope=all")
    first = page.locator("#case-table a.case-code").first
    expect(first).to_be_visible()
    first.click()
    expect(page.locator("#people .identity-hidden").first).to_be_visible()
    assert page.locator("#people .person-name").count() == 0


def test_volunteer_cannot_open_cases(page, login):
    login("vol.khonkaen")
    assert page.goto("/cases/").status == 403
