"""Knowledge at the point of work, in the browser: a Khon Kaen case worker drafts a good
practice, the knowledge manager publishes it, the worker finds it by a Thai query with a typo
and sees it suggested inside scenario (a)'s case (follow-up, forced criminality in a scam
compound, a Thai woman); a revision keeps the first version readable."""

import re

from playwright.sync_api import expect

TITLE = "อพม. โทรติดตามผู้กลับจากแก๊งคอลเซ็นเตอร์ทุกสัปดาห์ในเดือนแรก"
FIRST_RESULT = "ผู้กลับบ้านทุกรายรับสายและไม่มีผู้ใดถูกชักชวนซ้ำ"
SECOND_RESULT = "ติดตามครบ 12 เดือน 18 ราย ไม่มีผู้ใดถูกชักชวนซ้ำ"
WOMAN_A = "พิมพ์ชนก"  # scenario (a)'s woman in the demo data


def _as(page, login, username):
    page.context.clear_cookies()
    login(username)
    expect(page.locator("main")).to_be_visible()


def _publish_waiting(page, login):
    _as(page, login, "km.central")
    page.goto("/knowledge/reviews/")
    page.locator("#review-queue a", has_text=TITLE).first.click()
    expect(page.locator("#review-panel")).to_be_visible()
    page.fill("#review-text", "ชัดเจน นำไปใช้ได้")
    page.click("#publish-practice")
    expect(page.locator("#practice-status")).to_have_text(re.compile("เผยแพร่"))


def test_drafted_published_found_suggested_and_revised(page, login, artifacts):
    # 1. The Khon Kaen case worker drafts the practice and sends it for review.
    _as(page, login, "cw.khonkaen")
    page.goto("/knowledge/practices/new/")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=context]", "ผู้เสียหายที่กลับจากเมียวดีกลับภูมิลำเนาในขอนแก่น")
    page.fill("textarea[name=problem]", "ผู้กลับจากแก๊งคอลเซ็นเตอร์ขาดการติดต่อในเดือนแรก")
    page.fill("textarea[name=action]", "อพม. ประจำหมู่บ้านโทรติดตามทุกสัปดาห์และเยี่ยมบ้านเมื่อพบความเสี่ยง")
    page.fill("textarea[name=result]", FIRST_RESULT)
    page.fill("textarea[name=reuse_conditions]", "มี อพม. ที่ผู้เสียหายไว้ใจและได้รับความยินยอม")
    page.check("input[name=phases][value=follow_up]")
    page.check("input[name=exploitation_types][value=ForcedCriminality]")
    page.fill("input[name=nationalities]", "TH")
    page.click("#practice-form button[type=submit]")
    expect(page.locator("#practice-status")).to_have_text(re.compile("ร่าง"))
    page.click("#submit-practice")
    expect(page.locator("#practice-status")).to_have_text(re.compile("พิจารณา"))
    # A case worker has no way to publish it.
    expect(page.locator("#publish-practice")).to_have_count(0)

    # 2. The knowledge manager publishes it.
    _publish_waiting(page, login)

    # 3. Back in Khon Kaen: a Thai query with a typo (เซ็นเตอร์ typed without its mark) finds it.
    _as(page, login, "cw.khonkaen")
    page.goto("/knowledge/search/?q=" + "ติดตามผู้กลับจากแก๊งคอลเซนเตอร์")
    results = page.locator("#search-results")
    expect(results.locator("a", has_text=TITLE)).to_be_visible()
    expect(results.locator("mark").first).to_be_visible()
    page.screenshot(path=str(artifacts / "knowledge-search.png"), full_page=True)

    # 4. Inside scenario (a)'s case, at its follow-up stage, the practice is suggested.
    page.goto("/cases/?scope=all&q=" + WOMAN_A)
    page.locator("#case-table a.case-code").first.click()
    panel = page.locator("#knowledge-panel")
    expect(panel).to_contain_text("ติดตามผลตามกำหนด")  # the follow-up checklist
    expect(panel.locator("#knowledge-practices a", has_text=TITLE)).to_be_visible()
    panel.screenshot(path=str(artifacts / "knowledge-case-panel.png"))
    # Ticking a step of the stage's checklist lands on the case timeline.
    panel.locator("li[data-item=followup-risk] button").click()
    expect(page.locator("li[data-item=followup-risk]")).to_have_attribute("data-done", "1")
    expect(page.locator("#timeline")).to_contain_text("ประเมินความเสี่ยงการถูกชักชวนซ้ำ")

    # 5. A revision: version 2 is published, version 1 stays readable as it was.
    page.goto("/knowledge/practices/?q=" + "โทรติดตาม")
    page.locator("#practice-list a", has_text=TITLE).first.click()
    page.click("#revise-practice")
    expect(page.locator("#practice-form")).to_be_visible()
    page.fill("textarea[name=result]", SECOND_RESULT)
    page.click("#practice-form button[type=submit]")
    expect(page.locator("#practice-status")).to_have_text(re.compile("ร่าง"))
    page.click("#submit-practice")
    _publish_waiting(page, login)
    expect(page.locator("main")).to_contain_text(SECOND_RESULT)
    versions = page.locator("#practice-versions li")
    expect(versions).to_have_count(2)
    versions.filter(has_text=re.compile("ฉบับที่ 1")).locator("a").click()
    expect(page.locator("#practice-status")).to_have_text("มีฉบับปรับปรุงใหม่แทนแล้ว")
    expect(page.locator("main")).to_contain_text(FIRST_RESULT)
    expect(page.locator("main")).to_contain_text("นี่คือฉบับก่อนหน้า")
