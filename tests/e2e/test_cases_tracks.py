"""Scenario (b) in the browser: a Myanmar man in forced labour on a fishing boat in Songkhla.

The Songkhla case worker opens the case, links the man, screens him with a Burmese interpreter,
records the multidisciplinary team's decision, which the Songkhla supervisor approves, tells him
his rights, then works the parallel tracks: the assistance plan, the s.37 permission to stay and
work, the compensation claim, the family assessment and a repatriation under s.38 — and sees
them all on the case page with Buddhist Era dates, on an office screen and on a 360-px phone."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from .conftest import sign_in
from .steps import be, fill_when, submit

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_DATE = re.compile(r"\d{1,2} [ก-๙.]+ 25\d\d")


def _saved(page) -> None:
    """Back on the case page with a success message."""
    expect(page.locator("#case-header")).to_be_visible()
    expect(page.locator(".saphan-messages .alert-success")).to_be_visible()


def _do_it(page, action: str) -> None:
    """Follow the "Do it" link of a next step."""
    page.locator(f"#next-steps a[href$='/{action}/']").click()
    expect(page.locator("#action-form")).to_be_visible()


def _sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)
    expect(page.locator("main")).to_be_visible()


def test_songkhla_fishing_boat_case_through_the_tracks(page, browser, saphan_server, artifacts):
    now = dt.datetime.now(BANGKOK).replace(second=0, microsecond=0)
    today = now.date()
    _sign_in(page, "cw.songkhla")

    # Stage 1: the police bring the man from a fishing boat in the port of Songkhla.
    page.goto("/cases/new/")
    fill_when(page, "received_at", now - dt.timedelta(hours=30))
    page.select_option("select[name=source]", "police")
    page.select_option("select[name=channel]", "field")
    page.fill(
        "textarea[name=description]",
        "ตำรวจน้ำตรวจเรือประมงที่ท่าเรือสงขลา พบแรงงานชาวเมียนมาถูกบังคับทำงาน ไม่ได้รับค่าจ้าง",
    )
    submit(page)
    expect(page).to_have_url(re.compile(r"/cases/90-25\d\d-\d{5}/$"))
    code = page.locator("#case-header h1").inner_text().strip()

    page.locator("#case-actions [data-action=person]").click()
    page.fill("input[name=full_name]", "Aung Min Thu")
    page.select_option("select[name=role]", "victim")
    submit(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "screening")

    # Screening, with a Burmese interpreter.
    page.locator("#case-actions [data-action=screening]").click()
    fill_when(page, "interviewed_at", now - dt.timedelta(hours=26))
    page.select_option("select[name=interpreter_language]", "my")
    page.fill("input[name=interpreter_name]", "นายซอ ล่ามภาษาพม่า")
    for value in ("Deception", "DebtBondage", "RetentionOfIdentityDocuments", "WithholdingOfWages"):
        page.check(f"input[name=indicators][value={value}]")
    page.check("input[name=exploitation_types][value=ForcedLabour]")
    page.select_option("select[name=forced_labour_industry]", "A_AgricultureForestryAndFishing")
    submit(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "identification")
    expect(page.locator("#record-screenings")).to_contain_text("นายซอ ล่ามภาษาพม่า")

    # The MDT's identification decision, then the rights notice in Burmese.
    page.locator("#case-actions [data-action=identification]").click()
    page.check("input[name=status][value=ActualVictimOfTrafficking]")
    # The elements of the offence (s.6): means and purpose come pre-ticked from the screening;
    # the act is the team's to tick.
    page.check("input[name=acts][value=harbouring]")
    fill_when(page, "decided_at", now - dt.timedelta(hours=20))
    page.fill("textarea[name=reasons]", "ถูกหลอกลวง ยึดเอกสาร มีหนี้ผูกมัด ไม่ได้รับค่าจ้าง")
    page.select_option("select[name=member_1_agency]", index=1)
    page.fill("input[name=member_1_name]", "ร.ต.อ. สมชาย ตำรวจน้ำสงขลา")
    page.select_option("select[name=member_2_agency]", index=2)
    page.fill("input[name=member_2_name]", "นักสังคมสงเคราะห์ พมจ.สงขลา")
    submit(page)
    _saved(page)
    page.locator("#case-actions [data-action=rights-notice]").click()
    fill_when(page, "notified_at", now - dt.timedelta(hours=19))
    page.select_option("select[name=language]", "my")
    page.fill("input[name=interpreter_name]", "นายซอ ล่ามภาษาพม่า")
    for value in ("protection", "compensation", "stay_and_work", "return"):
        page.check(f"input[name=rights][value={value}]")
    submit(page)
    _saved(page)

    # The Songkhla supervisor approves the identification record.
    _sign_in(page, "sup.songkhla")
    page.goto(f"/cases/{code}/")
    page.locator("#approve-identification button[type=submit]").click()
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "protection")

    # Back to the case worker: the parallel tracks, from the next steps.
    _sign_in(page, "cw.songkhla")
    page.goto(f"/cases/{code}/")
    _do_it(page, "assistance-plan")
    page.fill("textarea[name=objectives]", "ฟื้นฟูร่างกายและจิตใจ ดำเนินคดีนายจ้าง เรียกค่าจ้างค้าง")
    page.fill("input[name=planned_end]", be(today + dt.timedelta(days=180)))
    submit(page)
    _saved(page)

    _do_it(page, "stay-permit")
    page.check("input[name=permit_type][value=stay_and_work]")
    page.select_option("select[name=purpose]", "proceedings")
    page.fill("input[name=valid_from]", be(today - dt.timedelta(days=2)))
    permit_end = today + dt.timedelta(days=180)
    page.fill("input[name=valid_to]", be(permit_end))
    page.fill("input[name=issuing_office]", "ด่านตรวจคนเข้าเมืองจังหวัดสงขลา")
    submit(page)
    _saved(page)

    _do_it(page, "compensation-claim")
    page.select_option("select[name=kind]", "from_offender_in_criminal_case")
    page.fill("input[name=amount_claimed]", "-5000")
    submit(page)  # a negative amount: refused next to the field, the input kept
    expect(page.locator("#id_amount_claimed_error")).to_be_visible()
    expect(page.locator("input[name=amount_claimed]")).to_have_value("-5000")
    page.fill("input[name=amount_claimed]", "185,000")
    page.fill("textarea[name=details]", "ค่าจ้างค้างจ่าย 14 เดือน และค่าเสียหาย")
    submit(page)
    _saved(page)

    _do_it(page, "family-assessment")
    page.fill("input[name=assessor]", "Department of Social Welfare, Myanmar (ผ่านสถานทูต)")
    page.fill("textarea[name=findings]", "ครอบครัวที่เมาะลำเลิงพร้อมรับกลับ ไม่เกี่ยวข้องกับนายหน้า")
    page.check("input[name=safe_to_return][value=yes]")
    submit(page)
    _saved(page)

    _do_it(page, "return-plan")
    page.check("input[name=kind][value=repatriation_s38]")
    page.fill("input[name=planned_on]", be(today + dt.timedelta(days=200)))
    page.select_option("select[name=destination_country]", "MM")
    page.fill("input[name=destination_detail]", "เมาะลำเลิง รัฐมอญ")
    page.fill(
        "input[name=counterpart_org]", "Department of Social Welfare, Ministry of Social Welfare"
    )
    submit(page)
    _saved(page)

    # Everything on the case page, dates in the Buddhist Era.
    expect(page.locator("#record-screenings")).to_contain_text("พม่า")
    expect(page.locator("#record-plan")).to_contain_text("ฟื้นฟูร่างกายและจิตใจ")
    expect(page.locator("#record-plan")).to_contain_text(BE_DATE)
    permits = page.locator("#record-permits")
    expect(permits).to_contain_text("ด่านตรวจคนเข้าเมืองจังหวัดสงขลา")
    expect(permits.locator(".permit-dates")).to_contain_text(str(permit_end.year + 543))
    ledger = page.locator("#record-compensation")
    expect(ledger.locator("[data-total=claimed]")).to_have_text("185,000.00")
    expect(ledger).to_contain_text(BE_DATE)
    back = page.locator("#record-return")
    expect(back.locator("[data-kind=repatriation_s38]")).to_contain_text("38")
    expect(back).to_contain_text("เมียนมา")
    expect(back).to_contain_text(BE_DATE)
    expect(page.locator("#deadlines [data-kind=permit_expiry]")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text(str(now.year + 543))
    page.screenshot(path=str(artifacts / "case-tracks-desktop.png"), full_page=True)

    # The reintegration form offers the agencies of the chosen home province only.
    page.goto(f"/cases/{code}/reintegration-plan/")
    agencies = page.locator("select[name=responsible_agency] optgroup")
    assert agencies.count() > 1
    page.select_option("select[name=home_province]", "90")
    expect(agencies).to_have_count(1)
    expect(agencies.first).to_have_attribute("label", "สงขลา")

    # The same case on a 360-px phone: readable, no horizontal scroll.
    phone = browser.new_context(
        base_url=saphan_server.base_url, locale="th-TH", viewport={"width": 360, "height": 780},
        device_scale_factor=2, is_mobile=True, has_touch=True,
    )  # fmt: skip
    p = phone.new_page()
    p.set_default_timeout(15000)
    sign_in(p, "cw.songkhla")
    p.goto(f"/cases/{code}/")
    expect(p.locator("#record-return")).to_be_visible()
    assert p.evaluate("document.fonts.check('16px Sarabun', 'สงขลา')")
    p.screenshot(path=str(artifacts / "case-tracks-360.png"), full_page=True)
    assert p.evaluate("document.documentElement.scrollWidth") <= 360
    for action in ("referral", "reintegration-plan", "compensation-payment", "document", "note"):
        p.goto(f"/cases/{code}/{action}/")
        expect(p.locator("#action-form")).to_be_visible()
        assert p.evaluate("document.documentElement.scrollWidth") <= 360, action
    p.goto(f"/cases/{code}/referral/")
    p.screenshot(path=str(artifacts / "referral-form-360.png"), full_page=True)
    p.goto("/cases/referrals/")
    assert p.evaluate("document.documentElement.scrollWidth") <= 360
    phone.close()
