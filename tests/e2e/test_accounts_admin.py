"""Onboarding two provinces in the browser: the administrator opens Sa Kaeo's case worker,
supervisor and volunteer in the account form and Surin's from an Excel file; the roles that open
case files wait; the auditor is alerted; central.datip (not the administrator) approves; the new
Sa Kaeo supervisor chooses a password from the e-mailed link, signs in and sees the province's
(empty) case list. Mail is written to the server's DATA_DIR/mail (no SMTP host in tests)."""

from __future__ import annotations

import email
import io
import re
import time
import uuid
from email import policy
from pathlib import Path

from openpyxl import Workbook
from playwright.sync_api import expect

NEW_PASSWORD = "สระแก้ว-ชายแดน-2569"


def sign_in_new_account(page, username: str, password: str) -> None:
    """The first sign-in of an account opened during the test (not a demo account): the
    password, then — for a role that sees identities — enrolling an authenticator app with the
    secret shown on the page, and the recovery codes shown once."""
    from .test_security import _code_from_page_secret

    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    expect(page.locator("input[name=password]")).to_have_count(0)
    if "/accounts/two-factor/enrol/" in page.url:
        secret = page.locator("#otp-secret").inner_text()
        page.fill("input[name=otp_token]", _code_from_page_secret(secret))
        page.click("#otp-setup-form button[type=submit]")
        expect(page.locator(".recovery-code")).to_have_count(10)
        page.click("#recovery-continue")


def _sign_out(page) -> None:
    page.context.clear_cookies()


def _mail_link(saphan_server, address: str) -> str:
    """The one-time link of the last message sent to ``address``."""
    folder = Path(saphan_server.env["SAPHAN_DATA_DIR"]) / "mail"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if not raw.strip():
                    continue
                msg = email.message_from_bytes(raw.strip(), policy=policy.default)
                if address in str(msg.get("To", "")):
                    body = msg.get_body(preferencelist=("plain",)).get_content()
                    found = re.search(r"https?://\S+/accounts/password/reset/\S+/", body)
                    assert found, body
                    return found.group(0)
        time.sleep(0.5)
    raise AssertionError(f"no mail to {address} in {folder}")


def _create_account(page, *, username, first, last, role_label, province, agency_hint=None):
    page.locator("#tab-new").click()
    page.fill("#id_username", username)
    page.fill("#id_first_name", first)
    page.fill("#id_last_name", last)
    page.fill("#id_email", f"{username}@example.org")
    page.locator("#id_roles label", has_text=role_label).click()
    page.select_option("#id_jurisdiction", label="จังหวัด")
    page.select_option("#id_province", label=province)
    if agency_hint:
        value = page.locator("#id_agency option", has_text=agency_hint).first.get_attribute("value")
        page.select_option("#id_agency", value=value)
    page.fill("#id_reason", f"ทีม One Home {province} เริ่มใช้ระบบ")
    page.locator("#account-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text(username)


def _surin_file(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["ชื่อผู้ใช้ (username)", "ชื่อ", "นามสกุล", "อีเมล", "บทบาท", "รหัสหน่วยงาน"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_bring_sa_kaeo_and_surin_on(page, login, saphan_server, artifacts):
    # --- the administrator opens the accounts ---------------------------------------------------
    login("admin")
    page.get_by_role("link", name="บัญชีผู้ใช้", exact=True).click()
    expect(page.locator("#account-table")).to_be_visible()
    _create_account(page, username="sup.sakaeo", first="สมปอง", last="ชายแดน",
                    role_label="หัวหน้าทีม One Home จังหวัด", province="สระแก้ว",
                    agency_hint="พมจ.สระแก้ว")  # fmt: skip
    expect(page.locator("#grant-pending")).to_be_visible()
    _create_account(page, username="cw.sakaeo", first="สมศรี", last="อรัญ",
                    role_label="นักสังคมสงเคราะห์ผู้รับผิดชอบกรณี", province="สระแก้ว",
                    agency_hint="พมจ.สระแก้ว")  # fmt: skip
    _create_account(page, username="vol.sakaeo", first="บุญมี", last="คลองหาด",
                    role_label="อาสาสมัครพัฒนาสังคม", province="สระแก้ว")  # fmt: skip
    expect(page.locator("#grant-pending")).to_have_count(0)  # a volunteer opens no case file

    # Surin from an Excel file: a wrong row first (nothing is created), then the right file.
    page.locator("#tab-import").click()
    page.select_option("#id_province", label="สุรินทร์")
    bad = _surin_file([
        ["sup.surin", "มานพ", "ช้างงาม", "sup.surin@example.org", "หัวหน้าทีม", "psdhs-32"],
        ["cw.sakaeo", "ซ้ำ", "", "x@example.org", "นักสังคมสงเคราะห์", "psdhs-32"],
    ])  # fmt: skip
    page.set_input_files("#id_file", files=[{"name": "surin.xlsx", "buffer": bad,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])  # fmt: skip
    page.locator("#import-form button[type=submit]").click()
    # The worker checks the file; its page shows the rows' errors when it is done.
    expect(page.locator("#import-errors")).to_contain_text("cw.sakaeo", timeout=90_000)
    good = _surin_file([
        ["sup.surin", "มานพ", "ช้างงาม", "sup.surin@example.org", "หัวหน้าทีม", "psdhs-32"],
        ["cw.surin", "ดวงใจ", "ศรีขรภูมิ", "cw.surin@example.org", "นักสังคมสงเคราะห์", "psdhs-32"],
        ["vol.surin", "ทองดี", "ท่าตูม", "vol.surin@example.org", "อพม.", ""],
    ])  # fmt: skip
    page.select_option("#id_province", label="สุรินทร์")
    page.set_input_files("#id_file", files=[{"name": "surin.xlsx", "buffer": good,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])  # fmt: skip
    page.locator("#import-form button[type=submit]").click()
    expect(page.locator("#import-done")).to_contain_text("สร้างบัญชีแล้ว 3 บัญชี", timeout=90_000)
    page.locator("#import-done-link").click()
    for username in ("sup.surin", "cw.surin", "vol.surin"):
        expect(page.locator(f"#account-table tr[data-username='{username}']")).to_be_visible()
    page.screenshot(path=str(artifacts / "accounts-surin-imported.png"), full_page=True)

    # The administrator may not decide the grants.
    page.locator("#tab-grants").click()
    expect(page.locator(".grant-card[data-username='sup.sakaeo']")).to_be_visible()
    expect(page.locator(".grant-card button[value=approve]")).to_have_count(0)

    # --- the auditor is told -------------------------------------------------------------------------
    _sign_out(page)
    login("auditor")
    page.locator("#nav-alerts").click()
    expect(page.locator("main")).to_contain_text("sup.sakaeo")

    # --- the new supervisor cannot see cases before the approval ----------------------------------
    _sign_out(page)
    page.goto(_mail_link(saphan_server, "sup.sakaeo@example.org"))
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.locator("#password-reset-confirm-form button[type=submit]").click()
    expect(page.locator("#password-reset-complete")).to_be_visible()
    sign_in_new_account(page, "sup.sakaeo", NEW_PASSWORD)
    assert page.goto("/cases/").status == 403

    # --- a central officer approves ----------------------------------------------------------------
    _sign_out(page)
    login("central.datip")
    page.get_by_role("link", name="บัญชีผู้ใช้", exact=True).click()
    for username in ("sup.sakaeo", "cw.sakaeo", "sup.surin", "cw.surin"):
        card = page.locator(f".grant-card[data-username='{username}']")
        card.locator("input[name=reason]").fill("ตรวจคำสั่งแต่งตั้งของจังหวัดแล้ว")
        card.locator("button[value=approve]").click()
        expect(page.locator(".alert-success")).to_contain_text(username)
    expect(page.locator("#no-grants")).to_be_visible()
    expect(page.locator("#decided-grants")).to_contain_text("central.datip")
    page.screenshot(path=str(artifacts / "accounts-grants-approved.png"), full_page=True)

    # --- the Sa Kaeo supervisor signs in and sees the province's case list ---------------------
    # Only Sa Kaeo's: none but the synthetic cases the server's background demo top-up may
    # have put there by now (case codes begin with the province's code).
    _sign_out(page)
    sign_in_new_account(page, "sup.sakaeo", NEW_PASSWORD)
    page.get_by_role("link", name="กรณี", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cases/"))
    expect(page.locator("#case-count")).to_be_visible()
    codes = page.locator("#case-table a.case-code").all_inner_texts()
    assert all(code.startswith("27-") for code in codes), codes
    page.screenshot(path=str(artifacts / "accounts-sakaeo-supervisor-cases.png"), full_page=True)


def test_an_administrator_follows_a_staff_import_to_its_result(page, login, artifacts):
    """The file goes to the background worker; the page shows the rows checked as it goes
    (asking every second), then each row's error — nothing created — and, for the corrected
    file, what became of each row; the page then stops asking."""
    tag = uuid.uuid4().hex[:6]
    cw, vol = f"cw.e2e{tag}", f"vol.e2e{tag}"
    login("admin")
    page.goto("/accounts/manage/import/")
    page.select_option("#id_province", label="ขอนแก่น")
    bad = _surin_file([
        [cw, "ทดสอบ", f"นำเข้า{tag}", f"{cw}@example.org", "นักสังคมสงเคราะห์", "psdhs-40"],
        [vol, "อาสา", f"นำเข้า{tag}", "ไม่ใช่อีเมล", "อพม.", ""],
    ])  # fmt: skip
    page.set_input_files("#id_file", files=[{"name": f"staff-{tag}.xlsx", "buffer": bad,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])  # fmt: skip
    page.locator("#import-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/manage/import/[0-9a-f-]{36}/$"))
    expect(page.locator("#import-run")).to_contain_text(f"staff-{tag}.xlsx")
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("ยังไม่ได้นำเข้าข้อมูลใด", timeout=90_000)
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors).to_contain_text("ไม่ใช่อีเมล")
    expect(page.locator("#import-run")).not_to_have_attribute("hx-trigger", re.compile("."))

    good = _surin_file([
        [cw, "ทดสอบ", f"นำเข้า{tag}", f"{cw}@example.org", "นักสังคมสงเคราะห์", "psdhs-40"],
        [vol, "อาสา", f"นำเข้า{tag}", f"{vol}@example.org", "อพม.", ""],
    ])  # fmt: skip
    expect(page.locator("#id_province option:checked")).to_have_text("ขอนแก่น")
    page.set_input_files("#id_file", files=[{"name": f"staff-{tag}-2.xlsx", "buffer": good,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])  # fmt: skip
    page.locator("#import-form button[type=submit]").click()
    expect(page.locator("#import-run")).to_contain_text(f"staff-{tag}-2.xlsx")
    done = page.locator("#import-done")
    expect(done).to_contain_text("สร้างบัญชีแล้ว 2 บัญชี มี 1 บัญชีรอการอนุมัติ", timeout=90_000)
    expect(done).to_contain_text("2 แถว")
    notes = page.locator("#import-notes li")
    expect(notes).to_have_count(2)
    expect(notes.nth(0)).to_contain_text(f"({cw}): สร้างบัญชีใหม่แล้ว")
    expect(notes.nth(0)).to_contain_text("รอการอนุมัติจากเจ้าหน้าที่ส่วนกลาง")
    expect(notes.nth(1)).to_contain_text(f"({vol}): สร้างบัญชีใหม่แล้ว")
    expect(page.locator("#import-run")).not_to_have_attribute("hx-trigger", re.compile("."))
    page.screenshot(path=str(artifacts / "accounts-import-progress-done.png"), full_page=True)
    page.locator("#import-done-link").click()
    for username in (cw, vol):
        expect(page.locator(f"#account-table tr[data-username='{username}']")).to_be_visible()


def test_a_case_worker_is_refused_the_account_pages(page, login):
    login("cw.khonkaen")
    expect(page.get_by_role("link", name="บัญชีผู้ใช้", exact=True)).to_have_count(0)
    assert page.goto("/accounts/manage/").status == 403
    assert page.goto("/accounts/grants/").status == 403
