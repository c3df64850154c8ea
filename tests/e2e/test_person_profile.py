"""The person profile in the browser: a Bangkok case worker records a Cambodian boy found
begging, opens the case from the list and his profile from the case, types what is known of him
(sex, an estimated year of birth in B.E., citizenship, language and interpreter, a passport, a
phone, a Bangkok address to the subdistrict, his guardian), saves, sees it on the profile, and
reads it back in part 1 of the screening PDF. The profile fits a 360-px phone; a police MDT
member who sees a case without identity gets no profile."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD, htmx_settled

BANGKOK = ZoneInfo("Asia/Bangkok")
NAME = "Chea Vannak"  # no other browser test types this name (they share one server)
PASSPORT = "N0123456"
PHONE = "0891234567"
GUARDIAN = "Sok Srey"
_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _skeleton(text: str) -> str:
    """Thai without vowel and tone marks or spaces: pdftotext reorders stacked marks."""
    return _THAI_MARKS.sub("", re.sub(r"\s+", "", text.replace("\u0e33", "\u0e32")))


def _login(page, username: str) -> None:
    from .conftest import sign_in

    sign_in(page, username, DEMO_PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/accounts/(login|two-factor)/"))


def _submit(page) -> None:
    page.locator(
        "main form#action-form button[type=submit], main form#intake-form button[type=submit]"
    ).first.click()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide"


def test_a_case_worker_fills_the_profile_and_reads_it_in_the_screening_pdf(
    browser, saphan_server, artifacts
):
    context = browser.new_context(
        base_url=saphan_server.base_url, locale="th-TH", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    _login(page, "cw.bangkok")

    # A tip: a boy begging at a market; the boy is linked to the new case.
    now = dt.datetime.now(BANGKOK) - dt.timedelta(hours=2)
    page.goto("/cases/new/")
    page.fill("input[name=received_at_date]", f"{now.day:02d}/{now.month:02d}/{now.year + 543}")
    page.fill("input[name=received_at_time]", f"{now:%H:%M}")
    page.select_option("select[name=source]", "hotline_1300")
    page.select_option("select[name=channel]", "phone")
    page.select_option("select[name=urgency]", "urgent")
    page.fill("textarea[name=description]", "เด็กชายต่างชาติขอทานที่ตลาดนัด มีผู้ใหญ่คุมอยู่ใกล้ ๆ")
    _submit(page)
    expect(page).to_have_url(re.compile(r"/cases/10-25\d\d-\d{5}/$"))
    code = page.locator("#case-header h1").inner_text().strip()
    page.locator("#case-actions [data-action=person]").click()
    page.fill("input[name=full_name]", NAME)
    page.select_option("select[name=role]", "victim")
    _submit(page)
    expect(page.locator("#people")).to_contain_text(NAME)

    # Open the case from the list, then the boy's profile from the case's people.
    page.goto("/cases/?scope=all")
    page.fill("#case-filters input[name=q]", code)
    page.locator("#case-filters input[name=q]").press("Enter")
    page.locator(f"a.case-code:has-text('{code}')").first.click()
    expect(page).to_have_url(re.compile(rf"/cases/{code}/$"))
    expect(page.locator("#case-pdfs #pdf-screening")).to_be_visible()
    expect(page.locator("#case-pdfs #pdf-summary")).to_be_visible()
    page.locator("#people a.person-name", has_text=NAME).click()
    expect(page.locator("#person-name")).to_have_text(NAME)
    profile_url = page.url.split("?")[0]

    # Type what is known of him.
    page.locator("#edit-profile").click()
    page.select_option("select[name=sex]", "Masculine")
    page.check("input[name=birth_date_precision][value=year]")
    born_be = now.year + 543 - 12
    page.fill("input[name=birth_year]", str(born_be))
    page.check("input[name=citizenships][value=KH]")
    page.check("input[name=languages][value=km]")
    page.check("input[name=interpreter_needed]")
    page.select_option("select[name=home_province]", "10")
    expect(page.locator("select[name=home_district] option[value='1001']")).to_be_attached()
    htmx_settled(page)
    page.select_option("select[name=home_district]", "1001")
    expect(page.locator("select[name=home_subdistrict] option[value='100101']")).to_be_attached()
    htmx_settled(page)
    page.select_option("select[name=home_subdistrict]", "100101")
    expect(page.locator("select[name=home_village_code] option[value='10010101']")).to_be_attached()
    htmx_settled(page)
    subdistrict = page.locator("select[name=home_subdistrict] option:checked").inner_text().strip()
    page.fill("textarea[name=address]", "ห้องเช่าหลังตลาด ซอย 5")
    page.select_option("select[name=document_kind]", "passport")
    page.fill("input[name=document_number]", PASSPORT)
    page.select_option("select[name=document_country]", "KH")
    page.select_option("select[name=contact_kind]", "phone")
    page.fill("input[name=contact_value]", PHONE)
    page.fill("input[name=guardian_name]", GUARDIAN)
    page.select_option("select[name=guardian_relationship]", "parent")
    page.fill("textarea[name=best_interests_note]", "กลับไปอยู่กับแม่เมื่อครอบครัวปลอดภัย")
    page.screenshot(path=str(artifacts / "person-profile-edit.png"), full_page=True)
    page.locator("#profile-form button[type=submit]").click()

    # The profile shows it.
    expect(page).to_have_url(re.compile(re.escape(profile_url)))
    expect(page.locator("#fact-sex")).to_have_text("ชาย")
    expect(page.locator("#fact-birth")).to_contain_text(f"เกิดปี {born_be}")
    expect(page.locator("#child-badge")).to_be_visible()
    expect(page.locator("#fact-citizenship")).to_contain_text("กัมพูชา")
    expect(page.locator("#fact-languages")).to_contain_text("เขมร")
    expect(page.locator("#fact-languages")).to_contain_text("ต้องใช้ล่าม")
    expect(page.locator("#section-documents")).to_contain_text(PASSPORT)
    expect(page.locator("#section-contacts")).to_contain_text(PHONE)
    expect(page.locator("#fact-address")).to_contain_text(subdistrict)
    expect(page.locator("#fact-address")).to_contain_text("กรุงเทพมหานคร")
    expect(page.locator("#fact-guardian")).to_contain_text(GUARDIAN)
    page.screenshot(path=str(artifacts / "person-profile.png"), full_page=True)

    # The case's timeline says the record changed, not what it says.
    page.goto(f"/cases/{code}/")
    expect(page.locator("#timeline")).to_contain_text("ปรับปรุงข้อมูลบุคคล")
    expect(page.locator("#timeline")).not_to_contain_text(PASSPORT)

    # The screening PDF from the case page: part 1 is filled from the profile.
    href = page.locator("#pdf-screening").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    (artifacts / "person-profile-screening.pdf").write_bytes(pdf)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf, capture_output=True, check=True, timeout=60,
    ).stdout.decode()  # fmt: skip
    part1 = text.split("ส่วนที่ 2")[0]
    for fact in (
        NAME, "ชาย", f"พ.ศ. {born_be}", "กัมพูชา", "เขมร", "ต้องใช้ล่าม", PASSPORT,
        subdistrict, "กรุงเทพมหานคร", GUARDIAN,
    ):  # fmt: skip
        assert _skeleton(fact) in _skeleton(part1), fact

    # On a 360-px phone: the profile and its form fit, nothing scrolls sideways.
    phone = browser.new_context(
        base_url=saphan_server.base_url, locale="th-TH", viewport={"width": 360, "height": 740}
    )
    mobile = phone.new_page()
    mobile.set_default_timeout(20000)
    _login(mobile, "cw.bangkok")
    mobile.goto(profile_url)
    expect(mobile.locator("#person-name")).to_have_text(NAME)
    _no_sideways_scroll(mobile)
    mobile.screenshot(path=str(artifacts / "person-profile-360.png"), full_page=True)
    mobile.locator("#section-documents > summary").click()  # sections fold away
    expect(mobile.locator("#section-documents .section-body")).to_be_hidden()
    mobile.locator("#edit-profile").click()
    expect(mobile.locator("#profile-form")).to_be_visible()
    _no_sideways_scroll(mobile)
    phone.close()
    context.close()


def test_a_police_member_without_identity_gets_no_profile(browser, saphan_server):
    """Scenario C: police.bangkok works on the case of a Lao girl without the right to know who
    she is. They see the case code, no name, no profile link, and the profile's address is a 404."""
    worker = browser.new_context(base_url=saphan_server.base_url, locale="th-TH")
    page = worker.new_page()
    page.set_default_timeout(20000)
    _login(page, "cw.bangkok")
    page.goto("/cases/?scope=all&q=Noy+Keomany")
    page.locator("a.case-code").first.click()
    code = page.locator("#case-header h1").inner_text().strip()
    profile = page.locator("#people a.person-name").first.get_attribute("href").split("?")[0]
    assert page.goto(profile).status == 200
    worker.close()

    police = browser.new_context(base_url=saphan_server.base_url, locale="th-TH")
    page = police.new_page()
    page.set_default_timeout(20000)
    _login(page, "police.bangkok")
    page.goto(f"/cases/{code}/")
    expect(page.locator("#case-header h1")).to_have_text(code)
    expect(page.locator("#people .identity-hidden")).to_be_visible()
    expect(page.locator("#people a.person-name")).to_have_count(0)
    expect(page.locator("#people")).not_to_contain_text("Noy")
    assert page.goto(profile).status == 404
    assert page.goto(profile.rstrip("/") + "/edit/").status == 404
    expect(page.locator("body")).not_to_contain_text("Noy")
    police.close()
