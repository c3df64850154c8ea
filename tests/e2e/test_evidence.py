"""Evidence that holds, in the browser: a Khon Kaen case worker types a Tak case's address and
is refused; the auditor finds the refusal in /audit/ and verifies the read log's chain; a
supervisor exports the case list and opens the encrypted file with the password shown once."""

import io
import re

import pyzipper
from openpyxl import load_workbook
from playwright.sync_api import expect


def _sign_out(page):
    page.context.clear_cookies()


def test_refused_attempt_reaches_the_auditor_who_verifies_the_chain(page, login, artifacts):
    # A case code of another province, as it might have been seen on a paper or a screen (one
    # that was not referred to Khon Kaen).
    login("sup.tak")
    page.goto("/cases/?scope=all")
    tak_codes = [c.strip() for c in page.locator("#case-table a.case-code").all_inner_texts()]
    _sign_out(page)

    login("cw.khonkaen")
    expect(page.locator("nav")).to_be_visible()
    # Tries the Tak codes one by one: one referred to Khon Kaen opens, the others must not.
    tak_code = next(c for c in tak_codes if page.goto(f"/cases/{c}/").status == 404)
    assert re.fullmatch(r"63-25\d\d-\d{5}", tak_code)
    expect(page.locator("main")).to_contain_text("ไม่พบหน้า")
    assert tak_code not in page.locator("main").inner_text()
    assert page.goto(f"/cases/{tak_code}/pdf/summary/").status == 404
    _sign_out(page)

    login("auditor")
    page.goto("/audit/")
    page.locator("#audit-refusals-link").click()
    expect(page).to_have_url(re.compile(r"outcome=refused"))
    refused = page.locator("#audit-results tbody tr.audit-refused", has_text=tak_code)
    expect(refused.first).to_contain_text("cw.khonkaen")
    expect(refused.first).to_contain_text("ถูกปฏิเสธ")
    expect(refused.filter(has_text="/pdf/summary/")).to_have_count(1)  # and its PDF
    page.screenshot(path=str(artifacts / "audit-refusals.png"), full_page=True)

    # The auditor's own search is in the log too.
    page.select_option("#id_outcome", "search")
    page.locator("main form[method=get] button[type=submit]", has_text="ค้นหา").click()
    expect(page.locator("#audit-results tbody tr.audit-search").first).to_contain_text("auditor")

    page.locator("#audit-verify-link").click()
    expect(page).to_have_url(re.compile(r"/audit/verify/"))
    page.locator("#verify-run").click()
    result = page.locator("#verify-result")
    expect(result).to_have_attribute("data-intact", "1")
    expect(result).to_contain_text("ห่วงโซ่ยังสมบูรณ์")
    page.screenshot(path=str(artifacts / "audit-verify.png"), full_page=True)


def test_case_list_export_opens_with_the_password_shown_once(page, login, artifacts):
    login("sup.khonkaen")
    page.goto("/cases/?scope=all")
    codes_on_page = {c.strip() for c in page.locator("#case-table a.case-code").all_inner_texts()}
    assert codes_on_page
    page.locator("#case-export button[value=xlsx]").click()
    expect(page.locator("h1")).to_contain_text("ไฟล์ที่เข้ารหัสของท่านพร้อมแล้ว")
    password = page.locator("#export-password").inner_text().strip()
    assert re.fullmatch(r"[a-z2-9]{5}(-[a-z2-9]{5}){3}", password)
    page.screenshot(path=str(artifacts / "export-ready.png"), full_page=True)
    with page.expect_download() as info:
        page.locator("#export-download").click()
    download = info.value
    assert download.suggested_filename.endswith(".zip")
    data = open(download.path(), "rb").read()  # noqa: SIM115 - a throw-away file
    with pyzipper.AESZipFile(io.BytesIO(data)) as zf:
        zf.setpassword(password.encode())
        sheet = load_workbook(io.BytesIO(zf.read("cases.xlsx"))).active
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes_on_page <= codes

    # The link works once.
    link = page.locator("#export-download").get_attribute("href")
    assert page.goto(link).status == 404
    expect(page.locator("main")).to_contain_text("ใช้ไปแล้วหรือหมดอายุ")
