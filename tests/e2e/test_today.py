"""Today, the approvals queue and the top bar's search, in the browser with the demo accounts.

Khon Kaen's case worker opens the home page, sees the overdue deadlines first and each entry
opens the form that settles it; the worker records two identification decisions; the Khon
Kaen supervisor finds them on the home page, approves one and sends the other back with a
reason from the queue; the worker is told and finds the case again by typing the victim's
name (with a zero-width space inside, as Thai word-break hints leave it) into the top bar."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

BANGKOK = ZoneInfo("Asia/Bangkok")
# Where each kind of deadline is settled (saphan/cases/today.py DEADLINE_FORM).
FORM_PATH = re.compile(
    r"/cases/\d\d-25\d\d-\d{5}/(custody-end|identification|stay-permit|compensation-payment"
    r"|follow-up)/(\?visit=[0-9a-f-]+)?$"
)
CASE_PATH = re.compile(r"/cases/\d\d-25\d\d-\d{5}/$")


def _fill_when(page, name: str, when: dt.datetime) -> None:
    page.fill(f"input[name={name}_date]", f"{when.day:02d}/{when.month:02d}/{when.year + 543}")
    page.fill(f"input[name={name}_time]", f"{when:%H:%M}")


def _submit(page) -> None:
    page.locator(
        "main form#action-form button[type=submit], main form#intake-form button[type=submit]"
    ).first.click()


def _sign_in(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(username)
    expect(page.locator("#today-heading")).to_be_visible()


def _case_with_decision(page, name: str, now: dt.datetime, *, custody: bool = False) -> str:
    """The case worker's way through the pages: a new case, its victim, the screening and the
    team's identification decision, which then waits for the supervisor."""
    page.goto("/cases/new/")
    _fill_when(page, "received_at", now - dt.timedelta(hours=30))
    page.select_option("select[name=source]", "hotline_1300")
    page.select_option("select[name=channel]", "phone")
    page.fill("textarea[name=description]", "ข้อมูลทดสอบ: ญาติแจ้งว่าถูกหลอกไปทำงาน")
    if custody:
        _fill_when(page, "received_at", now - dt.timedelta(hours=44))
    _submit(page)
    expect(page).to_have_url(CASE_PATH)
    code = page.locator("#case-header h1").inner_text().strip()
    page.locator("#case-actions [data-action=person]").click()
    page.fill("input[name=full_name]", name)
    page.select_option("select[name=role]", "victim")
    _submit(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "screening")
    if custody:  # screening custody (s.29) that was never ended: an overdue deadline
        page.locator("#case-actions [data-action=custody]").click()
        _fill_when(page, "started_at", now - dt.timedelta(hours=40))
        page.fill("input[name=place]", "บ้านพักเด็กและครอบครัวจังหวัดขอนแก่น")
        page.check("input[name=place_is_not_a_cell]")
        page.check("input[name=confirm_start]")  # 40 hours ago: the form asks to confirm
        _submit(page)
        expect(page.locator("#deadlines [data-kind=screening_custody]")).to_be_visible()
    page.locator("#case-actions [data-action=screening]").click()
    _fill_when(page, "interviewed_at", now - dt.timedelta(hours=26))
    for value in ("Deception", "WithholdingOfWages"):
        page.check(f"input[name=indicators][value={value}]")
    page.check("input[name=exploitation_types][value=ForcedLabour]")
    if custody:  # still held after the interview: the custody clock keeps running (overdue)
        page.check("input[name=custody_still_held]")
    _submit(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "identification")
    page.locator("#case-actions [data-action=identification]").click()
    page.check("input[name=status][value=ActualVictimOfTrafficking]")
    page.check("input[name=acts][value=recruiting]")  # s.6: the act (means and purpose ticked)
    _fill_when(page, "decided_at", now - dt.timedelta(hours=20))
    page.fill("textarea[name=reasons]", "ถูกหลอกลวงและไม่ได้รับค่าจ้าง (ข้อมูลทดสอบ)")
    page.select_option("select[name=member_1_agency]", index=1)
    page.fill("input[name=member_1_name]", "ร.ต.อ. ทดสอบ")
    _submit(page)
    expect(page.locator(".saphan-messages .alert-success")).to_be_visible()
    return code


def test_today_queue_and_search(page, login, artifacts):
    now = dt.datetime.now(BANGKOK).replace(second=0, microsecond=0)

    # The case worker records two cases through the pages, one with screening custody never
    # ended (overdue); each ends with the team's decision waiting for the supervisor.
    _sign_in(page, login, "cw.khonkaen")
    letters = str.maketrans("0123456789abcdef", "กขคฆงจฉชซญฎฏฐฑฒณ")
    surname = "ทดสอบ" + uuid.uuid4().hex[:4].translate(letters)
    approve_code = _case_with_decision(page, f"น้ำฝน {surname}", now, custody=True)
    back_code = _case_with_decision(page, f"มะลิ {surname}", now)

    # The home page: overdue deadlines first, each one click from its form.
    page.goto("/")
    deadlines = page.locator("#today-deadlines")
    expect(deadlines).to_be_visible()
    expect(page.locator(".today-section").first).to_have_attribute("id", "today-deadlines")
    expect(deadlines.locator(".badge.text-bg-danger").first).to_be_visible()
    expect(deadlines).to_contain_text(approve_code)
    page.screenshot(path=str(artifacts / "today-cw-khonkaen.png"), full_page=True)
    entries = deadlines.locator("a.today-entry")
    hrefs = [entries.nth(i).get_attribute("href") for i in range(entries.count())]
    assert any(h.endswith(f"/cases/{approve_code}/custody-end/") for h in hrefs)
    for href in hrefs:
        page.goto(href)
        if FORM_PATH.search(href):
            expect(page.locator("main form#action-form")).to_be_visible()
        else:  # a referral's answer is the receiving agency's: the case page shows it
            expect(page.locator("#case-header")).to_be_visible()
    page.goto("/")
    page.locator(
        f"#today-deadlines a.today-entry[href$='/cases/{approve_code}/custody-end/']"
    ).click()
    expect(page).to_have_url(re.compile(rf"/cases/{approve_code}/custody-end/$"))
    expect(page.locator("main form#action-form")).to_be_visible()

    # The supervisor: the home page counts them and leads to the queue.
    _sign_in(page, login, "sup.khonkaen")
    approvals = page.locator("#today-identification-approvals")
    expect(approvals.locator(".today-count")).not_to_have_text("0")
    approvals.get_by_role("link", name=re.compile("รายการรออนุมัติ")).click()
    expect(page).to_have_url(re.compile(r"/approvals/#queue-identification-approvals$"))
    page.screenshot(path=str(artifacts / "queue-sup-khonkaen.png"), full_page=True)

    row = page.locator(f".queue-row[data-title='{approve_code}']")
    row.locator("form.queue-approve button[type=submit]").click()
    expect(page.locator(".saphan-messages .alert-success")).to_contain_text(approve_code)
    expect(page.locator(f".queue-row[data-title='{approve_code}']")).to_have_count(0)

    row = page.locator(f".queue-row[data-title='{back_code}']")
    row.locator("input[name=reason]").fill("ขาดรายชื่อเจ้าหน้าที่ฝ่ายปกครองในทีม")
    row.locator("form.queue-send-back button[type=submit]").click()
    expect(page.locator(".saphan-messages .alert-success")).to_contain_text(back_code)
    expect(page.locator(f".queue-row[data-title='{back_code}']")).to_have_count(0)

    page.goto(f"/cases/{approve_code}/")
    expect(page.locator("#case-header")).to_have_attribute(
        "data-phase", re.compile("protection|identification")
    )
    page.goto(f"/cases/{back_code}/")
    expect(page.locator("main")).to_contain_text("ขาดรายชื่อเจ้าหน้าที่ฝ่ายปกครองในทีม")

    # The case worker is told, and finds the case by the victim's name from the top bar.
    _sign_in(page, login, "cw.khonkaen")
    expect(page.locator("#nav-alerts .badge")).to_be_visible()
    page.fill("#top-search-q", f"น้ำ\u200bฝน {surname}")
    page.press("#top-search-q", "Enter")
    expect(page).to_have_url(re.compile(r"/cases/\?scope=all&q="))
    table = page.locator("#case-table")
    expect(table).to_contain_text(approve_code)
    expect(table.locator(".victim-name").first).to_have_text(f"น้ำฝน {surname}")
    table.get_by_role("link", name=approve_code).click()
    expect(page).to_have_url(re.compile(rf"/cases/{approve_code}/$"))
