"""The crime in the case file and every agency at the table, in the browser.

A Tak case worker records where a Thai woman was recruited (a scam compound in Myawaddy,
Myanmar) and exploited, and the recruiter who found her on Facebook; the Tak supervisor adds the
Tak police account to the case without identity; the police officer signs in, sees the case
without the woman's name, and finds the recruiter by a differently written name."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD
from .steps import be, submit

BANGKOK = ZoneInfo("Asia/Bangkok")
VICTIM = "นางสาวมะลิวัลย์ ทดลองใจ"
RECRUITER = "นายสมชาย แอดมินเฟซ"


def _saved(page) -> None:
    expect(page.locator("#case-header")).to_be_visible()
    expect(page.locator(".saphan-messages .alert-success")).to_be_visible()


def _sign_in(page, username: str) -> None:
    from .conftest import sign_in

    page.context.clear_cookies()
    sign_in(page, username, DEMO_PASSWORD)
    expect(page.locator("main")).to_be_visible()


def test_places_perpetrator_and_police_member(page, saphan_server):
    now = dt.datetime.now(BANGKOK).replace(second=0, microsecond=0)
    today = now.date()
    _sign_in(page, "cw.tak")
    page.goto("/cases/new/")
    received = now - dt.timedelta(hours=3)
    page.fill("input[name=received_at_date]", be(received.date()))
    page.fill("input[name=received_at_time]", f"{received:%H:%M}")
    page.select_option("select[name=source]", "police")
    page.select_option("select[name=channel]", "field")
    page.fill(
        "textarea[name=description]",
        "ตำรวจรับตัวหญิงไทยที่ข้ามแดนกลับจากเมียวดี ถูกหลอกไปทำงานในแก๊งหลอกลวงออนไลน์",
    )
    submit(page)
    expect(page).to_have_url(re.compile(r"/cases/63-25\d\d-\d{5}/$"))
    code = page.locator("#case-header h1").inner_text().strip()
    page.locator("#case-actions [data-action=person]").click()
    page.fill("input[name=full_name]", VICTIM)
    page.select_option("select[name=role]", "victim")
    submit(page)
    expect(page.locator("#people")).to_contain_text(VICTIM)

    # The place of recruitment: a scam compound in Myawaddy, Myanmar.
    page.locator("#crime a[href$='/place/']").click()
    page.check("input[name=place_type][value=Recruitment]")
    page.select_option("select[name=setting]", "scam_compound")
    page.select_option("select[name=country]", "MM")
    page.fill("input[name=description]", "Myawaddy scam compound, KK Park")
    page.fill("input[name=date_from]", be(today - dt.timedelta(days=90)))
    page.fill("input[name=date_to]", be(today - dt.timedelta(days=2)))
    submit(page)
    _saved(page)
    expect(page.locator("#places")).to_contain_text("Myawaddy scam compound")

    # A place in Thailand with the DOPA pickers; a wrong order of dates is refused first.
    page.locator("#crime a[href$='/place/']").click()
    page.check("input[name=place_type][value=Exploitation]")
    page.select_option("select[name=setting]", "online")
    page.select_option("select[name=country]", "TH")
    page.select_option("select[name=province]", "63")
    district = page.locator("select[name=district] optgroup[label='ตาก'] option").first
    page.select_option("select[name=district]", district.get_attribute("value"))
    page.fill("input[name=description]", "บ้านเช่าที่ใช้ฝึกการหลอกลวงก่อนข้ามแดน")
    page.fill("input[name=date_from]", be(today - dt.timedelta(days=5)))
    page.fill("input[name=date_to]", be(today - dt.timedelta(days=10)))
    submit(page)
    expect(page.locator("#action-form")).to_contain_text("วันสิ้นสุดอยู่ก่อนวันเริ่มต้น")
    page.fill("input[name=date_to]", be(today - dt.timedelta(days=3)))
    submit(page)
    _saved(page)
    expect(page.locator("#places .place")).to_have_count(2)

    # The recruiter, Thai, who found her on Facebook.
    page.locator("#crime a[href$='/perpetrator/']").click()
    page.fill("input[name=name]", RECRUITER)
    page.fill("input[name=aliases]", "Somchai Admin")
    page.check("input[name=roles][value=RecruiterOrIntermediary]")
    page.select_option("select[name=sex]", "Masculine")
    page.select_option("select[name=nationality]", "TH")
    page.select_option("select[name=relation_to_victim]", "Unaquainted")
    page.fill("input[name=relation_details]", "รู้จักทาง Facebook")
    submit(page)
    _saved(page)
    expect(page.locator("#perpetrators")).to_contain_text(RECRUITER)
    expect(page.locator("#timeline")).not_to_contain_text(RECRUITER)

    # Only the supervisor brings another agency to the table.
    expect(page.locator("#crime a[href$='/mdt-member/']")).to_have_count(0)
    _sign_in(page, "sup.tak")
    page.goto(f"/cases/{code}/")
    page.locator("#crime a[href$='/mdt-member/']").click()
    options = page.locator("select[name=member] option")
    texts = options.all_inner_texts()
    police = next(i for i, t in enumerate(texts) if "ตำรวจ" in t)
    page.select_option("select[name=member]", index=police)
    expect(page.locator("input[name=identity]")).not_to_be_checked()
    submit(page)
    _saved(page)
    expect(page.locator("#team")).to_contain_text("ตำรวจ")
    expect(page.locator("#timeline")).to_contain_text("ตำรวจ")

    # The police officer sees the case without her name and finds the recruiter.
    _sign_in(page, "police.tak")
    page.goto(f"/cases/{code}/")
    expect(page.locator("#case-header")).to_be_visible()
    expect(page.locator("#people .identity-hidden")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(VICTIM)
    expect(page.locator("#places")).to_contain_text("Myawaddy")
    page.goto("/")
    page.locator("a[href='/cases/perpetrators/']").first.click()
    page.fill("#perpetrator-search input[name=q]", "สมชาย แอดมิน")
    page.locator("#perpetrator-search button[type=submit]").click()
    expect(page.locator("#perpetrator-results")).to_contain_text(RECRUITER)
    page.locator("#perpetrator-results a", has_text=RECRUITER).click()
    expect(page.locator("#perpetrator-cases")).to_contain_text(code)

    # Bangkok's police finds nothing of Tak's case.
    _sign_in(page, "police.bangkok")
    page.goto("/cases/perpetrators/?q=สมชาย")
    expect(page.locator("#no-perpetrator-found")).to_be_visible()
