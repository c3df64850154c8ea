"""Sign-in with a second factor and the Content-Security-Policy, in the browser.

A new case worker enrols an authenticator on first sign-in (the secret typed from the page, a
code confirmed, ten recovery codes shown once), signs in later with a recovery code and is
refused a wrong code in Thai. Then pages with charts, maps and htmx run under the policy
without a single violation or console error: behaviour that was inline now lives in files."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from binascii import hexlify

from playwright.sync_api import expect

from .conftest import sign_in

NEW_PASSWORD = "Sa-Kaeo-Worker-Pass-2569"


def _code_from_page_secret(secret: str) -> str:
    """What an authenticator app shows once the secret on the page is typed into it."""
    from saphan.orgs.otp import totp_code

    secret = secret.replace(" ", "")
    key = hexlify(b32decode(secret + "=" * (-len(secret) % 8))).decode()
    return totp_code(key_hex=key, at=time.time())


def _watch(page) -> list[str]:
    """Every CSP violation and console error on the page, from the first script on."""
    problems: list[str] = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', function (e) {"
        " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI); });"
    )
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


def test_a_new_worker_enrols_then_signs_in_with_a_recovery_code(page, saphan_server, artifacts):
    saphan_server.manage(
        "shell",
        "-c",
        "from saphan.orgs.models import User, Agency; "
        "a = Agency.objects.get(code='psdhs-27'); "
        "User.objects.filter(username='cw.sakaeo2').delete(); "
        f"User.objects.create_user(username='cw.sakaeo2', password='{NEW_PASSWORD}', "
        "first_name='ทดสอบ', last_name='สระแก้ว', roles=['case_worker'], jurisdiction='province', "
        "province_id='27', region_id=a.region_id, agency=a)",
    )
    problems = _watch(page)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "cw.sakaeo2")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/enrol/"))
    expect(page.locator("h1")).to_have_text("ตั้งค่าการยืนยันตัวตนขั้นที่สอง")
    expect(page.locator(".otp-qr svg")).to_be_visible()
    page.screenshot(path=str(artifacts / "otp-enrol.png"), full_page=True)
    secret = page.locator("#otp-secret").inner_text()
    page.fill(
        "input[name=otp_token]",
        "000000" if _code_from_page_secret(secret) != "000000" else "111111",
    )
    page.click("#otp-setup-form button[type=submit]")
    expect(page.locator(".invalid-feedback")).to_contain_text("รหัสไม่ถูกต้อง")
    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code
    page.fill("input[name=otp_token]", _code_from_page_secret(secret))
    page.click("#otp-setup-form button[type=submit]")
    expect(page.locator("#recovery-codes h1")).to_have_text("รหัสกู้คืนของคุณ")
    codes = [c.strip() for c in page.locator(".recovery-code").all_inner_texts()]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", c) for c in codes)
    page.click("#recovery-continue")
    expect(page.locator("body")).to_contain_text("สระแก้ว")

    # Later: the password, then a recovery code (no phone at hand).
    page.context.clear_cookies()
    page.goto("/cases/")
    page.fill("input[name=username]", "cw.sakaeo2")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next=%2Fcases%2F"))
    page.fill("input[name=otp_token]", "12345")
    page.click("#otp-form button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("รหัสไม่ถูกต้อง")
    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code
    page.fill("input[name=otp_token]", codes[0])
    page.click("#otp-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/cases/$"))
    # The account menu leads to new recovery codes.
    page.goto("/")
    page.locator("button.saphan-user").click()
    page.get_by_role("link", name="รหัสกู้คืน").click()
    expect(page.locator("#recovery-renew")).to_contain_text("9")
    assert not problems, problems


def test_pages_with_charts_maps_and_htmx_run_under_the_policy(page, saphan_server):
    problems = _watch(page)
    # A case page and the duplicate check that answers while a name is typed (htmx).
    sign_in(page, "cw.khonkaen")
    page.goto("/cases/?scope=all")
    link = page.locator("#case-table a.case-code").first
    code = link.inner_text().strip()
    link.click()
    expect(page.locator("#case-header")).to_be_visible()
    page.goto(f"/cases/{code}/person/")
    page.fill("input[name=full_name]", "สมชาย ใจดี")
    expect(page.locator("#person-candidates > *").first).to_be_attached(timeout=15000)
    # A form whose district list follows the province (static/network/area_fields.js).
    page.goto("/network/hotline/")
    page.select_option("#id_province", "40")
    expect(page.locator("#id_district option")).not_to_have_count(1)
    # The knowledge search's filters get their classes from a file.
    page.goto("/knowledge/search/?q=คัดแยก")
    expect(page.locator("#knowledge-search select.form-select").first).to_be_attached()

    # The national dashboard: ECharts bars and the province map.
    page.context.clear_cookies()
    sign_in(page, "central.datip")
    page.goto("/insight/")
    expect(page.locator("#chart-trend[data-ready='1']")).to_have_count(1)
    expect(page.locator("#chart-map[data-ready='1']")).to_have_count(1)
    # The capacity gaps map, whose filter sends itself when chosen (data-autosubmit).
    page.goto("/capacity/gaps/")
    expect(page.locator("#gap-map")).to_be_visible()
    select = page.locator("#competency")
    values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    other = next(v for v in values if v and v != select.input_value())
    select.select_option(other)
    expect(page).to_have_url(re.compile(rf"competency={other}"))
    # The plan roll-up chart.
    page.goto("/plans/")
    assert not problems, problems
