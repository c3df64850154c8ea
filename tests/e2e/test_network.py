"""The network in the browser: a volunteer on a 360-px phone, the public tip form, the province's
triage, the follow-up visit that goes from the case page to the volunteer and back, the risks a
volunteer saw that reach the household on the outreach list, and the case file that stays
closed to volunteers."""

import re
import uuid

from playwright.sync_api import expect

from .conftest import sign_in

PHONE = {"width": 360, "height": 740}


def _phone(browser, saphan_server):
    context = browser.new_context(
        base_url=saphan_server.base_url, locale="th-TH", viewport=PHONE, is_mobile=True,
        has_touch=True,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _sign_in(page, username: str) -> None:
    sign_in(page, username)
    expect(page.locator("input[name=password]")).to_have_count(0)


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page is {width}px wide on a 360-px phone"


def test_volunteer_reports_a_concern_on_a_phone(browser, saphan_server, artifacts):
    context, page = _phone(browser, saphan_server)
    try:
        _sign_in(page, "vol.khonkaen")
        page.goto("/network/mine/")
        expect(page.locator("h1")).to_have_text("การเยี่ยมและการแจ้งของฉัน")
        page.click("#report-concern")
        expect(page.locator("#report-form")).to_be_visible()
        # The volunteer's own area is chosen already; the village list fills in.
        expect(page.locator("#id_village_code option:checked")).not_to_have_text("ไม่ทราบ")
        page.fill("#id_description", "มีนายหน้ามาชวนวัยรุ่นในหมู่บ้านไปทำงานแอดมินออนไลน์ที่กัมพูชา")
        page.check("input[name=urgency][value=urgent]")
        box = page.locator("#report-form button[type=submit]").bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300  # a big target for a thumb
        _no_sideways_scroll(page)
        page.screenshot(path=str(artifacts / "network-report-360.png"), full_page=True)
        page.click("#report-form button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("ถึงทีมจังหวัดแล้ว")
        expect(page.locator("#my-tips")).to_contain_text("รอพิจารณา")
        # The volunteer has no way into case files.
        assert page.goto("/cases/").status in (403, 404)
    finally:
        context.close()


def test_public_tip_gets_a_tracking_code_that_shows_only_the_status(page):
    page.goto("/network/tip/")
    page.fill("#id_description", "มีเด็กต่างชาติขายพวงมาลัยที่สี่แยกทุกคืน มีผู้ใหญ่คอยเก็บเงิน")
    page.select_option("#id_province", "40")
    expect(page.locator("#id_district option")).not_to_have_count(1)
    page.select_option("#id_district", index=1)
    page.click("#public-tip-form button[type=submit]")
    code = page.locator("#tracking-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$"))
    tracking = code.inner_text()
    page.click("text=ตรวจสอบสถานะ")
    expect(page.locator("#tip-status")).to_contain_text("ได้รับเรื่องแล้ว")
    expect(page.locator("#tip-status")).to_contain_text(tracking)
    expect(page.locator("main")).not_to_contain_text("พวงมาลัย")


def test_province_triages_a_tip_into_a_case(page, login):
    login("cw.khonkaen")
    page.goto("/network/triage/")
    queue = page.locator("#triage-queue li")
    expect(queue.first).to_be_visible()
    # Immediate danger comes first.
    expect(queue.first.locator(".badge")).to_have_text("อันตรายเฉพาะหน้า")
    queue.first.locator("a").click()
    expect(page.locator("#tip-facts")).to_be_visible()
    tracking = page.locator("#tip-facts .font-monospace").first.inner_text()
    page.click("#triage-open button[type=submit]")
    expect(page).to_have_url(re.compile(r"/cases/40-\d{4}-\d{5}/$"))
    expect(page.locator("body")).to_contain_text(f"เบาะแส {tracking}")


def test_follow_up_visit_goes_to_the_volunteer_and_back_to_the_case(
    page, login, browser, saphan_server, artifacts
):
    # The Khon Kaen worker opens the demo case of scenario A (reintegration in Khon Kaen).
    login("cw.khonkaen")
    page.goto("/cases/?scope=all&q=พิมพ์ชนก")
    page.locator("#case-table a.case-code").first.click()
    expect(page.locator("#network-panel")).to_be_visible()
    case_url = page.url
    form = page.locator("#network-panel form").first
    option = form.locator("select[name=volunteer] option", has_text="(vol.khonkaen)")
    form.locator("select[name=volunteer]").select_option(option.get_attribute("value"))
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#network-panel")).to_contain_text("มอบหมายแล้ว")

    context, phone = _phone(browser, saphan_server)
    try:
        _sign_in(phone, "vol.khonkaen")
        phone.goto("/network/mine/")
        visit = phone.locator("#my-visits li").filter(has_text="พิมพ์ชนก").first
        expect(visit).to_be_visible()
        visit.locator("a").click()
        # Only what the visit needs: name, address, purpose; nothing of the case.
        facts = phone.locator("#visit-facts")
        expect(facts).to_contain_text("พิมพ์ชนก")
        expect(facts).to_contain_text("เยี่ยมติดตาม")
        expect(phone.locator("main")).not_to_contain_text("เมียวดี")
        phone.fill("#id_findings", "อยู่กับครอบครัว ทำงานตัดเย็บ ไม่มีผู้มาชักชวนอีก")
        phone.check("input[name=awareness_given]")
        _no_sideways_scroll(phone)
        phone.screenshot(path=str(artifacts / "network-visit-360.png"), full_page=True)
        phone.click("#visit-form button[type=submit]")
        expect(phone.locator(".alert-success")).to_be_visible()
        expect(phone.locator("#done-visits")).to_contain_text("พิมพ์ชนก")
        # The volunteer still cannot open the case page.
        assert phone.goto(case_url).status in (403, 404)
    finally:
        context.close()

    page.goto(case_url)
    expect(page.locator("body")).to_contain_text("ไม่มีผู้มาชักชวนอีก")
    expect(page.locator("body")).to_contain_text("อพม.")


def test_volunteer_cannot_open_a_case_page_or_the_triage(page, login):
    login("cw.khonkaen")
    page.goto("/cases/?scope=all")
    href = page.locator("#case-table a.case-code").first.get_attribute("href")
    page.context.clear_cookies()
    login("vol.khonkaen")
    expect(page.locator("input[name=password]")).to_have_count(0)
    assert page.goto(href).status in (403, 404)
    assert page.goto("/cases/").status in (403, 404)
    assert page.goto("/network/triage/").status == 403


def test_supervisor_sees_a_ranked_outreach_list_and_assigns_visits(page, login):
    login("sup.khonkaen")
    page.goto("/network/outreach/")
    rows = page.locator("#outreach-table tbody tr")
    expect(rows.first).to_be_visible()
    scores = [float(s) for s in page.locator("#outreach-table td.score").all_inner_texts()]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    # The weights are shown beside the score.
    expect(rows.first.locator(".badge").first).to_contain_text("×")
    boxes = page.locator("#outreach-table input[name=household]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    option = page.locator("#assign-volunteer option", has_text="(vol.khonkaen)")
    page.select_option("#assign-volunteer", option.get_attribute("value"))
    page.click("#outreach-assign button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("2")
    expect(page.locator("#outreach-table")).to_contain_text("มอบหมายแล้ว")
    page.goto("/network/coverage/")
    expect(page.locator("#coverage-table tbody tr").first).to_be_visible()


def test_a_risk_the_volunteer_saw_reaches_the_household_on_the_outreach_list(
    page, login, browser, saphan_server
):
    tag = uuid.uuid4().hex[:6]
    login("sup.khonkaen")
    page.goto("/network/outreach/?page=2")  # the last household of the page: others take the first
    area = page.input_value("#code")
    box = page.locator("#outreach-table input[name=household]").last
    household = box.get_attribute("aria-label")
    village = box.locator("xpath=ancestor::tr").locator("td").nth(3).inner_text().strip()
    box.check()
    option = page.locator("#assign-volunteer option", has_text="(vol.khonkaen)")
    page.select_option("#assign-volunteer", option.get_attribute("value"))
    page.click("#outreach-assign button[type=submit]")
    expect(page.locator(".alert-success")).to_be_visible()

    context, phone = _phone(browser, saphan_server)
    try:
        _sign_in(phone, "vol.khonkaen")
        phone.goto("/network/mine/")
        phone.locator("#my-visits li").filter(has_text=household).first.locator("a").click()
        expect(phone.locator("#visit-facts")).to_contain_text(household)
        expect(phone.locator("input[name=household_code]")).to_have_count(0)  # it is this one
        phone.fill("#id_findings", f"ลูกสาวถูกชวนไปทำงานต่างประเทศผ่านเฟซบุ๊ก มีหนี้นอกระบบ [{tag}]")
        phone.check("input[name=risk_factors][value=recruited_online]")
        phone.check("input[name=risk_factors][value=debt]")
        phone.click("#visit-form button[type=submit]")
        expect(phone.locator(".alert-success")).to_be_visible()
    finally:
        context.close()

    # The household's village list: the household with both factors, who saw them and when.
    page.goto(f"/network/outreach/?level=village&code={area}{village}")
    row = page.locator("#outreach-table tbody tr", has_text=household)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("สมาชิกถูกชักชวนไปทำงานต่างประเทศผ่านโฆษณาออนไลน์")
    expect(row).to_contain_text("มีหนี้สินมาก")
    seen = row.locator(".seen-factor")
    expect(seen).to_have_count(2)
    expect(seen.first).to_contain_text("พบโดย")
    expect(seen.first).to_contain_text("เยี่ยมครัวเรือนเชิงรุก")
    expect(row).to_contain_text("เสร็จสิ้น")


def test_coordinator_reassigns_then_cancels_a_visit_with_a_reason(page, login):
    login("sup.khonkaen")
    page.goto("/network/outreach/?page=2")  # households the other stories leave alone
    box = page.locator("#outreach-table input[name=household]").first
    household = box.get_attribute("aria-label")
    box.check()
    option = page.locator("#assign-volunteer option", has_text="(vol.khonkaen)")
    page.select_option("#assign-volunteer", option.get_attribute("value"))
    page.click("#outreach-assign button[type=submit]")
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto("/network/assigned-visits/")
    row = page.locator("#assigned-visits tbody tr", has_text=household)
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    expect(page.locator("#visit-facts")).to_contain_text(household)
    # Another volunteer of the province, with the reason.
    other = page.locator("#id_volunteer option", has_text="(demo.vol.").first
    name = other.inner_text().split(" (")[0]
    page.select_option("#id_volunteer", other.get_attribute("value"))
    page.fill("#id_reason", "อพม. เดิมไปทำงานต่างจังหวัดเดือนนี้")
    page.click("#visit-change button[value=reassign]")
    expect(page.locator(".alert-success")).to_contain_text(name)
    row = page.locator("#assigned-visits tbody tr", has_text=household)
    expect(row).to_contain_text(name)
    # The new assignment shows where it came from and why; then it is cancelled.
    row.get_by_role("link").click()
    expect(page.locator("#visit-facts")).to_contain_text("อพม. เดิมไปทำงานต่างจังหวัดเดือนนี้")
    page.click("#visit-change button[value=cancel]")  # no reason: refused
    expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    page.fill("#id_reason", "ครอบครัวย้ายออกจากหมู่บ้านแล้ว")
    page.click("#visit-change button[value=cancel]")
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#assigned-visits tbody tr", has_text=household)).to_have_count(0)
    # Back on the list the household can be assigned again.
    page.goto("/network/outreach/?page=2")
    expect(page.locator(f"#outreach-table input[aria-label='{household}']")).to_have_count(1)


def test_a_volunteer_import_runs_in_the_background_and_a_double_click_imports_once(
    page, login, tmp_path
):
    from openpyxl import Workbook

    tag = uuid.uuid4().hex[:6]
    login("sup.khonkaen")
    page.goto("/network/outreach/")
    village = page.input_value("#code") + "01"  # a demo subdistrict of Khon Kaen, village 1
    wb = Workbook()
    ws = wb.active
    ws.append(["ชื่อผู้ใช้", "ชื่อ", "นามสกุล", "ประเภท", "รหัสหมู่บ้าน", "โทรศัพท์", "ผู้ประสานงาน"])
    names = [f"e2e.{tag}.{n}" for n in range(3)]
    for n, username in enumerate(names):
        ws.append([username, "ทดสอบ", f"นำเข้า{tag}{n}", "อพม.", village, "", ""])
    path = tmp_path / f"members-{tag}.xlsx"
    wb.save(path)
    page.goto("/network/members/")
    page.set_input_files("#id_file", str(path))
    page.dblclick("#members-import button[type=submit]")
    expect(page).to_have_url(re.compile(r"/network/members/import/[0-9a-f-]{36}/$"))
    expect(page.locator("#import-run")).to_contain_text(f"members-{tag}.xlsx")
    # The worker checks and writes the rows; the panel asks until the result is there.
    expect(page.locator("#import-done")).to_contain_text("ใหม่ 3 ราย", timeout=90000)
    expect(page.locator("#import-done")).to_contain_text("3 แถว")
    notes = page.locator("#import-notes li")
    expect(notes).to_have_count(3)
    for n, username in enumerate(names):
        expect(notes.nth(n)).to_contain_text(f"({username}): สร้างบัญชีใหม่แล้ว")
    expect(page.locator("#import-run")).not_to_have_attribute("hx-trigger", re.compile("."))
    page.goto("/network/members/")
    expect(page.locator("#members-table")).to_contain_text(f"นำเข้า{tag}0")


def test_an_imported_volunteer_sets_a_password_from_the_coordinators_link(
    browser, saphan_server, page, login, artifacts
):
    login("sup.khonkaen")
    page.goto("/network/members/")
    button = page.locator("#members-table button[aria-label*='demo.vol.']").first
    username = button.get_attribute("aria-label").split()[-1]
    button.click()
    expect(page.locator("#password-link")).to_contain_text(username)
    url = page.locator("#password-link-url").inner_text().strip()
    context, phone = _phone(browser, saphan_server)
    try:
        phone.goto(url)
        expect(phone.locator("h1")).to_have_text("ตั้งรหัสผ่านของคุณ")
        expect(phone.locator("main")).to_contain_text(username)
        password = "ต้นข้าวเขียว-หนองคาย-2567"
        phone.fill("#id_new_password1", password)
        phone.fill("#id_new_password2", password)
        box = phone.locator("#set-password-form button[type=submit]").bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300
        _no_sideways_scroll(phone)
        phone.screenshot(path=str(artifacts / "network-set-password-360.png"), full_page=True)
        phone.click("#set-password-form button[type=submit]")
        expect(phone.locator(".alert-success")).to_be_visible()
        phone.fill("input[name=username]", username)
        phone.fill("input[name=password]", password)
        phone.click("main form button[type=submit]")
        expect(phone.locator("input[name=password]")).to_have_count(0)
        phone.goto("/network/mine/")
        expect(phone.locator("h1")).to_have_text("การเยี่ยมและการแจ้งของฉัน")
        # The link worked once.
        phone.goto(url)
        expect(phone.locator("#link-invalid")).to_be_visible()
    finally:
        context.close()
