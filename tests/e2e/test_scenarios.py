"""The three walk-through cases of the demo data, driven through the browser from the first tip.

(a) A Thai woman from Khon Kaen, trafficked into an online-scam compound in Myawaddy, screened in
    Tak after crossing back at Mae Sot, referred with her consent to the Khon Kaen พมจ., returned
    to her family and followed up there with a village volunteer (อพม.).
(b) The Myanmar fisherman in Songkhla is walked in test_cases_tracks.py.
(c) A 15-year-old Lao girl in sexual exploitation in Bangkok: children and family shelter, a Lao
    interpreter, testimony by video; the police MDT member sees the case but never who she is.

Between them, a worker in another province typing a name already recorded elsewhere is told a
possible match exists there, without the name.

Each scenario ends on its case page on a 360-px phone (artifacts/scenario-*-360.png).
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from .conftest import sign_in
from .steps import act, be, fill_new_case, fill_when, link_victim, moments, saved, submit

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_DATE = re.compile(r"\d{1,2} [ก-๙.]+ 25\d\d")
BE_DATE_TIME = re.compile(r"\d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d น\.")

# Agencies as the pages name them in Thai (orgs/reference.py).
PSDHS_TAK = "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดตาก (พมจ.ตาก)"
PSDHS_KHON_KAEN = "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดขอนแก่น (พมจ.ขอนแก่น)"
PSDHS_BANGKOK = "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์กรุงเทพมหานคร (พมจ.กรุงเทพมหานคร)"
POLICE_TAK = "ตำรวจภูธรจังหวัดตาก"
IMMIGRATION_TAK = "ตรวจคนเข้าเมืองจังหวัดตาก"
SHELTER_TAK = "บ้านพักเด็กและครอบครัวจังหวัดตาก"
SHELTER_BANGKOK = "บ้านพักเด็กและครอบครัวกรุงเทพมหานคร"
POLICE_BANGKOK = "กองบัญชาการตำรวจนครบาล"
HEALTH_BANGKOK = "สำนักอนามัย กรุงเทพมหานคร"

# The people of the scenarios (synthetic). Scenario a's name is typed again in Bangkok.
WOMAN_A = "นางสาวรัชนีกร ภูมิสุวรรณ"
GIRL_C = "Vilayvanh Chanthavongsa"

_recorded: dict[str, str] = {}  # person name -> the case code it was linked to, this session


# --- helpers -----------------------------------------------------------------------------------


def _sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def _phone_screenshot(browser, saphan_server, username: str, code: str, path) -> None:
    """The case page on a 360-px phone: full-page screenshot, no horizontal scroll."""
    phone = browser.new_context(
        base_url=saphan_server.base_url, locale="th-TH", viewport={"width": 360, "height": 780},
        device_scale_factor=2, is_mobile=True, has_touch=True,
    )  # fmt: skip
    p = phone.new_page()
    p.set_default_timeout(15000)
    _sign_in(p, username)
    p.goto(f"/cases/{code}/")
    expect(p.locator("#timeline")).to_be_visible()
    p.evaluate("document.fonts.ready")
    p.screenshot(path=str(path), full_page=True)
    width = p.evaluate("document.documentElement.scrollWidth")
    phone.close()
    assert width <= 360, f"{code}: the case page is {width} px wide on a 360-px phone"


def _open_case_with_tip(
    page, *, when, source, channel, urgency, province, place, text, referrer=""
):
    page.goto("/cases/new/")
    code = fill_new_case(
        page, when=when, source=source, channel=channel, urgency=urgency, province=province,
        place=place, text=text, referrer=referrer,
    )  # fmt: skip
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "intake")
    return code


def _link_person(page, code: str, name: str) -> None:
    link_victim(page, code, name)
    expect(page.locator("#people .person-name")).to_have_text(name)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "screening")
    _recorded[name] = code


# --- (a) Mae Sot → Tak → Khon Kaen ---------------------------------------------------------------


def test_scenario_a_scam_compound_tak_to_khon_kaen(page, browser, saphan_server, artifacts):
    now = dt.datetime.now(BANGKOK).replace(second=0, microsecond=0)
    today = now.date()
    tip, custody, interview, custody_end, shelter, decided, told, consent, _now = moments(now, 9)
    _sign_in(page, "cw.tak")

    # Stage 1: the police bring her in at the Mae Sot border crossing, today.
    code = _open_case_with_tip(
        page, when=tip, source="police", channel="field", urgency="immediate", province="63",
        referrer=POLICE_TAK, place="ด่านพรมแดนแม่สอด สะพานมิตรภาพไทย–เมียนมา อำเภอแม่สอด",
        text="ตำรวจตรวจคนเข้าเมืองรับตัวหญิงไทยที่ข้ามแดนกลับจากเมียวดี แจ้งว่าถูกหลอกไปทำงาน"
        "ในอาคารแก๊งหลอกลวงออนไลน์ ถูกยึดหนังสือเดินทาง (ข้อมูลสมมติ)",
    )  # fmt: skip
    intake = page.locator("#record-intakes")
    expect(intake).to_contain_text("แม่สอด")
    expect(intake).to_contain_text(POLICE_TAK)
    expect(intake).to_contain_text(f"{tip.day} ")
    expect(intake).to_contain_text(str(today.year + 543))
    expect(page.locator("#case-header")).to_contain_text("ตาก")

    # The woman. The quick person form takes her name and role only (see the report).
    _link_person(page, code, WOMAN_A)

    # Screening custody (s.29) in the Tak shelter, not a cell: the 24-hour clock starts.
    act(page, code, "custody")
    fill_when(page, "started_at", custody)
    page.fill("input[name=place]", SHELTER_TAK)
    page.check("input[name=place_is_not_a_cell]")
    submit(page)
    saved(page)
    custody_deadline = page.locator("#deadlines [data-kind=screening_custody]")
    expect(custody_deadline).to_contain_text(BE_DATE_TIME)
    due = custody + dt.timedelta(hours=24)
    expect(custody_deadline).to_contain_text(f"{due.year + 543} {due:%H:%M} น.")
    expect(page.locator("#record-custody")).to_contain_text("ไม่ใช่ห้องขัง")

    # The screening interview: the prompted indicators, forced criminality, online recruitment.
    act(page, code, "screening")
    fill_when(page, "interviewed_at", interview)
    for value in (
        "Deception",
        "RestrictionOfMovement",
        "RetentionOfIdentityDocuments",
        "IntimidationAndThreats",
    ):
        page.check(f"input[name=indicators][value={value}]")
    for value in ("FalsePromises", "WithholdsDocuments", "PhysicalThreats"):
        page.check(f"input[name=methods_of_control][value={value}]")
    page.check("input[name=exploitation_types][value=ForcedCriminality]")
    page.check("input[name=recruitment_methods][value=ThroughAnOnlineAdvertisement]")
    page.check("input[name=recruitment_apps][value=Facebook]")
    page.check("input[name=recruitment_apps][value=Telegram]")
    page.select_option("select[name=relationship_to_trafficker]", "Unaquainted")
    page.fill(
        "textarea[name=notes]",
        "เห็นโฆษณางานแอดมินรายได้สูงทางเฟซบุ๊ก คุยต่อทางเทเลแกรม ถูกพาข้ามแดนที่แม่สอดไปเมียวดี "
        "ถูกบังคับให้หลอกลวงผู้อื่นทางออนไลน์ ถูกขู่ว่าจะขายต่อหากไม่ทำยอด",
    )
    # still held after the interview: custody ends when temporary protection starts, below
    page.check("input[name=custody_still_held]")
    submit(page)
    saved(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "identification")
    screening = page.locator("#record-screenings")
    expect(screening.locator("[data-list=indicators] li")).to_have_count(4)
    expect(screening).to_contain_text("การบังคับให้กระทำความผิด")
    expect(screening).to_contain_text("ผ่านโฆษณาออนไลน์")
    expect(screening).to_contain_text("Facebook")
    expect(screening).to_contain_text("Telegram")

    # Custody ends as temporary protection (15 days) starts in the Tak shelter.
    act(page, code, "custody-end")
    fill_when(page, "ended_at", custody_end)
    submit(page)
    saved(page)
    expect(
        page.locator("#deadlines [data-kind=screening_custody] [data-status]")
    ).to_have_attribute("data-status", "done")
    act(page, code, "temporary-protection")
    fill_when(page, "started_at", shelter)
    page.select_option("select[name=shelter]", label=SHELTER_TAK)
    submit(page)
    saved(page)
    protection = page.locator("#deadlines [data-kind=temporary_protection]")
    expect(protection).to_be_visible()
    ends = shelter + dt.timedelta(days=15)
    expect(protection).to_contain_text(f"{ends.year + 543}")
    expect(page.locator("#record-protections")).to_contain_text(SHELTER_TAK)

    # The MDT's decision: an actual victim; police, พมจ. and immigration present.
    act(page, code, "identification")
    page.check("input[name=status][value=ActualVictimOfTrafficking]")
    fill_when(page, "decided_at", decided)
    page.fill(
        "textarea[name=reasons]",
        "ถูกหลอกลวงด้วยโฆษณางานออนไลน์ ถูกจำกัดเสรีภาพในอาคาร ถูกยึดหนังสือเดินทาง ถูกข่มขู่ "
        "และถูกบังคับให้กระทำความผิด (แก๊งหลอกลวงออนไลน์)",
    )
    members = [
        (POLICE_TAK, "พ.ต.ท. สมศักดิ์ ใจกล้า สภ.แม่สอด"),
        (PSDHS_TAK, "นางสาวจันทร์เพ็ญ ดีงาม นักสังคมสงเคราะห์ พมจ.ตาก"),
        (IMMIGRATION_TAK, "ร.ต.อ. วีระ ชายแดน ตม.จังหวัดตาก"),
    ]
    for i, (agency, name) in enumerate(members, start=1):
        page.select_option(f"select[name=member_{i}_agency]", label=agency)
        page.fill(f"input[name=member_{i}_name]", name)
    submit(page)
    saved(page)
    decision = page.locator("#record-decisions")
    expect(decision).to_contain_text("ผู้เสียหายจากการค้ามนุษย์")
    expect(decision).to_contain_text("รอหัวหน้าทีมอนุมัติ")
    expect(decision.locator("li li")).to_have_count(3)
    for agency, name in members:
        expect(decision).to_contain_text(f"{name} — {agency}")
    expect(page.locator("#approve-identification")).to_have_count(0)  # not the worker's to approve

    # The Tak supervisor approves; the case waits for the rights notice.
    _sign_in(page, "sup.tak")
    page.goto(f"/cases/{code}/")
    page.locator("main #approve-identification button[type=submit]").click()
    saved(page)
    expect(page.locator("#record-decisions")).to_contain_text("อนุมัติแล้ว")
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "identification")
    expect(page.locator("#blockers")).to_contain_text("สิทธิ")

    # Back to the Tak worker: rights notice, then the case is in protection and assistance.
    _sign_in(page, "cw.tak")
    act(page, code, "rights-notice")
    fill_when(page, "notified_at", told)
    page.select_option("select[name=language]", "th")
    for value in ("protection", "compensation", "legal_aid", "return", "timeframes"):
        page.check(f"input[name=rights][value={value}]")
    page.fill("textarea[name=person_views]", "ต้องการกลับไปอยู่กับบิดามารดาที่จังหวัดขอนแก่น")
    submit(page)
    saved(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "protection")
    expect(page.locator("#case-header .phase-badge")).to_have_text("คุ้มครองและช่วยเหลือ")

    page.locator("#next-steps a[href$='/assistance-plan/']").click()
    page.fill(
        "textarea[name=objectives]",
        "ฟื้นฟูร่างกายและจิตใจ ช่วยเหลือทางกฎหมาย และส่งต่อจังหวัดขอนแก่นเพื่อคืนสู่สังคม",
    )
    page.fill("input[name=planned_end]", be(today + dt.timedelta(days=120)))
    submit(page)
    saved(page)
    expect(page.locator("#record-plan")).to_contain_text("ส่งต่อจังหวัดขอนแก่น")

    # The referral to the Khon Kaen พมจ.: refused without her consent, sent with it.
    act(page, code, "referral")
    page.select_option("select[name=to_agency]", label=PSDHS_KHON_KAEN)
    page.select_option("select[name=reason]", "ReintegrationInHomeProvince")
    page.fill(
        "textarea[name=details]",
        "ขอรับต่อเพื่อการคืนสู่สังคมและติดตามผลที่จังหวัดขอนแก่น ผู้เสียหายพักที่บ้านพักเด็กฯ ตาก",
    )
    submit(page)
    expect(page.locator("#action-form")).to_contain_text("ความยินยอม")
    expect(page.locator("input[name=consent_recorded]")).to_have_class(re.compile("is-invalid"))
    page.check("input[name=consent_recorded]")
    fill_when(page, "consent_at", consent)
    page.fill("textarea[name=consent_note]", "ผู้เสียหายลงนามในแบบยินยอมให้ส่งต่อข้อมูล")
    submit(page)
    saved(page)
    referral = page.locator("#record-referrals li.referral")
    expect(referral).to_have_attribute("data-answer", "waiting")
    expect(referral.locator("[data-identity]")).to_have_attribute("data-identity", "consent")
    expect(page.locator("#deadlines [data-kind=referral_response]")).to_be_visible()

    # Khon Kaen: the case is not theirs until they accept; the referral waits for them.
    _sign_in(page, "cw.khonkaen")
    assert page.goto(f"/cases/{code}/").status == 404
    page.goto("/cases/referrals/")
    card = page.locator("#referrals-waiting li.referral-card", has_text=code)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(PSDHS_TAK)
    expect(card).to_contain_text("การคืนสู่สังคมและการติดตามผลในจังหวัดภูมิลำเนา")
    expect(card.locator("[data-identity]")).to_have_attribute("data-identity", "consent")
    expect(card).not_to_contain_text(WOMAN_A)
    card.locator("form.accept-form button[type=submit]").click()
    saved(page)
    expect(page).to_have_url(re.compile(rf"/cases/{code}/$"))
    expect(page.locator("#people .person-name")).to_have_text(WOMAN_A)
    expect(page.locator("#record-referrals li.referral")).to_have_attribute(
        "data-answer", "accepted"
    )
    expect(page.locator("#timeline li[data-kind=referral_accepted]")).to_contain_text(
        PSDHS_KHON_KAEN
    )

    # The Khon Kaen worker assesses the family: safe to return.
    act(page, code, "family-assessment")
    page.fill("input[name=assessor]", "นางสาวกาญจนา มั่นคง นักสังคมสงเคราะห์ พมจ.ขอนแก่น")
    page.fill(
        "textarea[name=findings]",
        "บิดามารดาที่อำเภอชุมแพพร้อมรับกลับ ไม่มีความเกี่ยวข้องกับผู้ชักชวน ชุมชนยอมรับ",
    )
    page.check("input[name=safe_to_return][value=yes]")
    submit(page)
    saved(page)
    expect(page.locator("#record-return [data-assessment]")).to_contain_text("ปลอดภัย ส่งกลับได้")

    # Tak, who holds her in the shelter, moves the case on and takes her home.
    _sign_in(page, "cw.tak")
    act(page, code, "advance")
    page.check("input[name=to][value=return_reintegration]")
    submit(page)
    saved(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "return_reintegration")
    expect(page.locator("#case-header .phase-badge")).to_have_text("ส่งกลับและคืนสู่สังคม")

    act(page, code, "return-plan")
    page.check("input[name=kind][value=return_to_family_in_thailand]")
    page.fill("input[name=planned_on]", be(today))
    page.select_option("select[name=destination_country]", "TH")
    page.select_option("select[name=destination_province]", "40")
    page.fill("input[name=destination_detail]", "อำเภอชุมแพ")
    page.fill("input[name=escort]", "นักสังคมสงเคราะห์ บ้านพักเด็กและครอบครัวจังหวัดตาก")
    submit(page)
    saved(page)
    page.locator("#record-return [data-kind=return_to_family_in_thailand] a").click()
    expect(page.locator("#action-form")).to_be_visible()
    page.fill("input[name=returned_on]", be(today))
    page.fill("input[name=handed_over_to]", "นายสมาน และนางบัวผัน ภูมิสุวรรณ (บิดามารดา)")
    submit(page)
    saved(page)
    back = page.locator("#record-return [data-kind=return_to_family_in_thailand]")
    expect(back).to_contain_text("ส่งกลับแล้ว")
    expect(back).to_contain_text("ขอนแก่น")
    expect(back).to_contain_text(BE_DATE)

    # Khon Kaen makes the reintegration plan with the village volunteer: visits get scheduled.
    _sign_in(page, "cw.khonkaen")
    act(page, code, "reintegration-plan")
    page.select_option("select[name=home_province]", "40")
    page.select_option("select[name=responsible_agency]", label=PSDHS_KHON_KAEN)
    page.fill("input[name=volunteer_name]", "นางบุญมี ใจดี อพม. บ้านโนนสะอาด")
    page.fill("input[name=volunteer_contact]", "08 1234 5678")
    page.fill(
        "textarea[name=plan]",
        "ฝึกอาชีพตัดเย็บกับศูนย์ฝึกอาชีพ หางานในจังหวัด ให้คำปรึกษาด้านจิตใจ และติดตามผลร่วมกับ อพม. ประจำหมู่บ้าน",
    )
    page.fill("input[name=started_on]", be(today))
    submit(page)
    saved(page)
    reintegration = page.locator("#record-reintegration")
    expect(reintegration).to_contain_text("นางบุญมี ใจดี")
    expect(reintegration).to_contain_text(PSDHS_KHON_KAEN)
    visits = page.locator("#follow-up-visits li.visit")
    expect(visits).to_have_count(4)
    for i in range(4):
        expect(visits.nth(i)).to_have_attribute("data-badge", "scheduled")
        expect(visits.nth(i)).to_contain_text(re.compile(rf"ติดตามผลครั้งที่ {i + 1} กำหนด"))
        expect(visits.nth(i)).to_contain_text(BE_DATE)
    expect(visits.first).to_contain_text(str((today + dt.timedelta(days=31)).year + 543))
    follow_ups = page.locator("#deadlines [data-kind=follow_up]")
    expect(follow_ups).to_have_count(4)
    # A visit is due on a day: the deadline shows that day in B.E., not midnight of the next.
    expect(follow_ups.first).to_contain_text(BE_DATE)
    expect(follow_ups.first).not_to_contain_text("00:00")

    # The case moves to follow-up, its present stage.
    act(page, code, "advance")
    page.check("input[name=to][value=follow_up]")
    submit(page)
    saved(page)

    # The case page at a glance, in Thai with B.E. dates.
    header = page.locator("#case-header")
    expect(header).to_have_attribute("data-phase", "follow_up")
    expect(header.locator(".phase-badge")).to_have_text("ติดตามผล")
    expect(header.locator("#trafficking-status")).to_have_text("ผู้เสียหายจากการค้ามนุษย์")
    expect(header).to_contain_text("ขั้นตอนที่ 6 จาก 7")
    expect(header.locator(".progress")).to_have_attribute("aria-valuenow", "6")
    expect(header.locator(".case-phases li.done")).to_have_count(5)
    expect(page.locator("#next-steps")).to_contain_text("ติดตามผล")
    expect(page.locator("#people .person-name")).to_have_text(WOMAN_A)
    timeline = page.locator("#timeline")
    for kind in (
        "case_opened",
        "person_linked",
        "custody_started",
        "screening_recorded",
        "temporary_protection_started",
        "identification_decided",
        "identification_approved",
        "rights_notified",
        "assistance_plan_created",
        "referral_sent",
        "referral_accepted",
        "family_assessed",
        "return_planned",
        "return_completed",
        "reintegration_planned",
    ):
        line = timeline.locator(f"li[data-kind={kind}]").first
        expect(line).to_contain_text(BE_DATE_TIME)
        expect(line).to_contain_text(re.compile(r"[ก-๙]{3}"))
    expect(timeline.locator("li[data-kind=phase_changed]")).to_have_count(5)
    expect(timeline.locator("li[data-kind=phase_changed]").first).to_contain_text("ขั้นตอน:")
    expect(timeline.locator("li[data-kind=reintegration_planned]")).to_contain_text("4")
    expect(timeline).to_contain_text(f"{today.year + 543}")
    assert page.evaluate("document.documentElement.lang") == "th"
    page.screenshot(path=str(artifacts / "scenario-a-desktop.png"), full_page=True)

    _phone_screenshot(browser, saphan_server, "cw.khonkaen", code, artifacts / "scenario-a-360.png")


# --- the duplicate check across provinces ------------------------------------------------------


def test_name_recorded_in_another_province_shows_a_hidden_match(page):
    if WOMAN_A not in _recorded:  # run alone: record her in Tak first
        _sign_in(page, "cw.tak")
        now = dt.datetime.now(BANGKOK).replace(second=0, microsecond=0)
        code = _open_case_with_tip(
            page, when=now, source="police", channel="field", urgency="urgent", province="63",
            place="ด่านพรมแดนแม่สอด", text="ตำรวจรับตัวหญิงไทยที่ข้ามแดนกลับจากเมียวดี (ข้อมูลสมมติ)",
        )  # fmt: skip
        _link_person(page, code, WOMAN_A)

    # A Bangkok worker is about to record a person on one of her own cases.
    _sign_in(page, "cw.bangkok")
    page.goto("/cases/?scope=all")
    own = page.locator("#case-table a.case-code", has_text=re.compile(r"^10-")).first
    expect(own).to_be_visible()
    code = own.inner_text().strip()
    page.goto(f"/cases/{code}/person/")
    page.fill("input[name=full_name]", WOMAN_A)
    box = page.locator("#person-candidates")
    hidden = box.locator(".candidate-hidden", has_text="มีบุคคลที่อาจเป็นคนเดียวกันอยู่ในจังหวัดอื่น: ตาก")
    expect(hidden.first).to_be_visible()
    expect(box.locator(".access-request-details").first).to_be_visible()  # ask, not see
    assert WOMAN_A not in box.inner_html()
    assert "รัชนีกร" not in box.inner_html() and "ภูมิสุวรรณ" not in box.inner_html()
    assert box.locator(".candidate-name", has_text="รัชนีกร").count() == 0
    # Nothing was saved by typing.
    page.goto(f"/cases/{code}/")
    assert WOMAN_A not in page.content()


# --- (c) a child in Bangkok ----------------------------------------------------------------------


def test_scenario_c_child_in_bangkok(page, browser, saphan_server, artifacts):
    now = dt.datetime.now(BANGKOK).replace(second=0, microsecond=0)
    today = now.date()
    call, custody, interview, custody_end, shelter, decided, told, _now = moments(now, 8)
    _sign_in(page, "cw.bangkok")

    # Stage 1: a call to the 1300 hotline.
    code = _open_case_with_tip(
        page, when=call, source="hotline_1300", channel="phone", urgency="immediate",
        province="10", place="สถานบริการย่านห้วยขวาง",
        text="สายด่วน 1300: ผู้แจ้งพบเด็กหญิงชาวลาวอายุประมาณ 15 ปี ถูกบังคับค้าประเวณีในสถานบริการ "
        "(ข้อมูลสมมติ)",
    )  # fmt: skip
    expect(page.locator("#record-intakes")).to_contain_text("1300")

    # The girl: her name as she gives it (age, citizenship LA and the need for a Lao interpreter
    # have no field on the case page's person form: see the report).
    _link_person(page, code, GIRL_C)

    # Custody in the children and family shelter, not a cell.
    act(page, code, "custody")
    fill_when(page, "started_at", custody)
    page.fill("input[name=place]", SHELTER_BANGKOK)
    page.check("input[name=place_is_not_a_cell]")
    submit(page)
    saved(page)

    # A child-friendly screening with a Lao interpreter.
    act(page, code, "screening")
    fill_when(page, "interviewed_at", interview)
    page.select_option("select[name=interpreter_language]", "lo")
    page.fill("input[name=interpreter_name]", "นางสาวคำแพง ล่ามภาษาลาว")
    for value in (
        "AbuseOfVulnerability",
        "Deception",
        "RestrictionOfMovement",
        "PhysicalAndSexualViolence",
    ):
        page.check(f"input[name=indicators][value={value}]")
    page.check("input[name=methods_of_control][value=SexualAbuse]")
    page.check("input[name=exploitation_types][value=SexualExploitation]")
    page.check("input[name=sex_exploitation_types][value=Prostitution]")
    page.check("input[name=recruitment_methods][value=ThroughFriendsOrSocialEvents]")
    page.check("input[name=vulnerabilities][value=Poverty]")
    page.check("input[name=vulnerabilities][value=Migration]")
    page.fill(
        "textarea[name=notes]",
        "เด็กอายุประมาณ 15 ปี สัมภาษณ์แบบเป็นมิตรกับเด็ก มีนักจิตวิทยาและล่ามภาษาลาวร่วม",
    )
    # still held after the interview: custody ends when temporary protection starts, below
    page.check("input[name=custody_still_held]")
    submit(page)
    saved(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "identification")
    screening = page.locator("#record-screenings")
    expect(screening).to_contain_text("ลาว · นางสาวคำแพง ล่ามภาษาลาว")
    expect(screening).to_contain_text("การแสวงประโยชน์ทางเพศ")
    expect(screening).to_contain_text("การค้าประเวณี")

    act(page, code, "custody-end")
    fill_when(page, "ended_at", custody_end)
    submit(page)
    saved(page)
    act(page, code, "temporary-protection")
    fill_when(page, "started_at", shelter)
    page.select_option("select[name=shelter]", label=SHELTER_BANGKOK)
    submit(page)
    saved(page)
    expect(page.locator("#deadlines [data-kind=temporary_protection]")).to_be_visible()

    act(page, code, "identification")
    page.check("input[name=status][value=ActualVictimOfTrafficking]")
    fill_when(page, "decided_at", decided)
    page.fill(
        "textarea[name=reasons]",
        "เด็กอายุต่ำกว่า 18 ปีถูกแสวงประโยชน์ทางเพศ (ไม่ต้องพิสูจน์วิธีการ) ถูกจำกัดเสรีภาพ",
    )
    for i, (agency, name) in enumerate(
        [
            (POLICE_BANGKOK, "พ.ต.ต.หญิง อรพรรณ รักษ์เด็ก พนักงานสอบสวน สน.ห้วยขวาง"),
            (PSDHS_BANGKOK, "นางสาวสุดารัตน์ ทองดี นักสังคมสงเคราะห์"),
            (HEALTH_BANGKOK, "นางวันดี ศรีสุข นักจิตวิทยา"),
        ],
        start=1,
    ):
        page.select_option(f"select[name=member_{i}_agency]", label=agency)
        page.fill(f"input[name=member_{i}_name]", name)
    submit(page)
    saved(page)

    _sign_in(page, "sup.bangkok")
    page.goto(f"/cases/{code}/")
    page.locator("main #approve-identification button[type=submit]").click()
    saved(page)
    expect(page.locator("#record-decisions")).to_contain_text("อนุมัติแล้ว")

    # Her rights, in Lao; then the plan, the shelter, the proceedings and their protections.
    _sign_in(page, "cw.bangkok")
    act(page, code, "rights-notice")
    fill_when(page, "notified_at", told)
    page.select_option("select[name=language]", "lo")
    page.fill("input[name=interpreter_name]", "นางสาวคำแพง ล่ามภาษาลาว")
    for value in ("protection", "compensation", "legal_aid", "return"):
        page.check(f"input[name=rights][value={value}]")
    page.fill("textarea[name=person_views]", "อยากเรียนหนังสือและติดต่อแม่ที่แขวงสะหวันนะเขต")
    submit(page)
    saved(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "protection")
    expect(page.locator("#record-rights")).to_contain_text("ลาว")

    act(page, code, "assistance-plan")
    page.fill(
        "textarea[name=objectives]",
        "คุ้มครองเด็ก ที่พักปลอดภัย ฟื้นฟูจิตใจ การศึกษา และติดตามครอบครัวที่ สปป.ลาว",
    )
    page.fill("input[name=planned_end]", be(today + dt.timedelta(days=180)))
    submit(page)
    saved(page)

    act(page, code, "shelter-stay")
    page.select_option("select[name=shelter]", label=SHELTER_BANGKOK)
    page.fill("input[name=started_on]", be(today))
    submit(page)
    saved(page)
    stay = page.locator("#record-shelter")
    expect(stay).to_contain_text(SHELTER_BANGKOK)
    expect(stay).to_contain_text("กำลังพักอยู่")

    police_number = f"77/{today.year + 543}"
    act(page, code, "legal-proceeding")
    page.fill("input[name=police_case_number]", police_number)
    page.fill("input[name=police_station]", "สน.ห้วยขวาง")
    page.select_option("select[name=victim_role]", "witness")
    submit(page)
    saved(page)
    act(page, code, "protection-measure")
    page.select_option("select[name=measure]", "screen_or_video")
    page.fill("input[name=started_on]", be(today))
    page.fill(
        "textarea[name=details]",
        "เด็กให้ถ้อยคำผ่านระบบวิดีโอในห้องแยก มีนักจิตวิทยาและพนักงานอัยการร่วม (ป.วิ.อาญา มาตรา 133 ทวิ)",
    )
    submit(page)
    saved(page)
    legal = page.locator("#record-legal")
    expect(legal).to_contain_text(police_number)
    expect(legal).to_contain_text("การเบิกความหลังฉากกั้นหรือผ่านระบบวิดีโอ")

    # The police MDT member gets the case without identity. The case pages offer no way to do
    # this (the supervisor's "assign" lists case workers only; a referral to the police needs a
    # case worker or supervisor there to accept it), so this ONE step is done the way the demo
    # data does it: an access row of reason "assigned", identity=False, granted by sup.bangkok.
    saphan_server.manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model as U; "
        "from saphan.cases.models import AccessReason, Case, CaseAccess; "
        f"c = Case.objects.get(code='{code}'); "
        "CaseAccess.objects.create(case=c, user=U().objects.get(username='police.bangkok'), "
        "reason=AccessReason.ASSIGNED, identity=False, "
        "granted_by=U().objects.get(username='sup.bangkok'))",
    )

    # What the social worker sees at the end, then the phone screenshot.
    header = page.locator("#case-header")
    page.goto(f"/cases/{code}/")
    expect(header).to_have_attribute("data-phase", "protection")
    expect(header).to_contain_text("ขั้นตอนที่ 4 จาก 7")
    expect(page.locator("#people .person-name")).to_have_text(GIRL_C)
    expect(page.locator("#timeline li[data-kind=protection_measure_added]")).to_contain_text(
        BE_DATE_TIME
    )
    page.screenshot(path=str(artifacts / "scenario-c-desktop.png"), full_page=True)
    _phone_screenshot(browser, saphan_server, "cw.bangkok", code, artifacts / "scenario-c-360.png")

    # The police member: the facts the legal work needs, never who she is.
    _sign_in(page, "police.bangkok")
    page.goto(f"/cases/{code}/")
    expect(page.locator("#record-screenings")).to_contain_text("การค้าประเวณี")
    expect(page.locator("#record-legal")).to_contain_text(police_number)
    expect(page.locator("#record-legal")).to_contain_text("ผ่านระบบวิดีโอ")
    expect(page.locator("#people .identity-hidden")).to_have_text("ซ่อนข้อมูลระบุตัวตนสำหรับบทบาทของคุณ")
    expect(page.locator("#people")).to_contain_text("แต่ไม่เห็นว่าบุคคลเป็นใคร")
    assert page.locator("#people .person-name").count() == 0
    html = page.content()
    for part in [GIRL_C, *GIRL_C.split()]:
        assert part not in html, part

    # Nobody else: the Tak police and case worker are told the case does not exist; a volunteer
    # has no case pages at all.
    for username in ("police.tak", "cw.tak"):
        _sign_in(page, username)
        assert page.goto(f"/cases/{code}/").status == 404, username
    _sign_in(page, "vol.khonkaen")
    assert page.goto("/cases/").status == 403
