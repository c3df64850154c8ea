"""A list taken away from its page on a 360-px phone: a tip comes in through the public form; the
Khon Kaen case worker exports the triage queue as CSV, the next page shows the password once,
and the downloaded encrypted ZIP opens with it and holds the tip as the queue shows it."""

import csv
import io
import re
import uuid

import pyzipper
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{page.url} is {width}px wide on a 360-px phone"


def test_triage_queue_exported_as_csv_opens_with_the_password_shown(page, login, artifacts):
    tag = f"ส่งออก-{uuid.uuid4().hex[:8]}"  # this run's own tip among the others of the demo
    page.set_viewport_size(PHONE)
    page.goto("/network/tip/")
    page.fill("#id_description", f"มีคนงานถูกยึดบัตรและขังไว้ในโรงงานหลังตลาด {tag}")
    page.select_option("#id_province", "40")
    expect(page.locator("#id_district option")).not_to_have_count(1)
    page.select_option("#id_district", index=1)
    page.click("#public-tip-form button[type=submit]")
    tracking = page.locator("#tracking-code").inner_text().strip()

    login("cw.khonkaen")
    page.goto("/network/triage/")
    expect(page.locator("#triage-queue")).to_contain_text(tag)
    control = page.locator("#triage-export")
    expect(control).to_be_visible()
    expect(control).to_contain_text("ส่งออกรายการ (เข้ารหัส)")
    _no_sideways_scroll(page)
    page.screenshot(path=str(artifacts / "triage-export-360.png"), full_page=True)

    control.locator("button[value=csv]").click()
    expect(page.locator("h1")).to_contain_text("ไฟล์ที่เข้ารหัสของท่านพร้อมแล้ว")
    password = page.locator("#export-password").inner_text().strip()
    assert re.fullmatch(r"[a-z2-9]{5}(-[a-z2-9]{5}){3}", password)
    _no_sideways_scroll(page)
    with page.expect_download() as info:
        page.locator("#export-download").click()
    download = info.value
    assert re.fullmatch(r"saphan-tips-40-\d{8}\.zip", download.suggested_filename)
    data = open(download.path(), "rb").read()  # noqa: SIM115 - a throw-away file
    with pyzipper.AESZipFile(io.BytesIO(data)) as zf:
        zf.setpassword(password.encode())
        text = zf.read("tips-40.csv")
    assert text.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    ours = [r for r in rows[1:] if tag in r[9]]
    assert len(ours) == 1 and ours[0][0] == tracking
    assert re.fullmatch(r"\d\d/\d\d/25\d\d \d\d:\d\d", ours[0][4])  # received: B.E. text
