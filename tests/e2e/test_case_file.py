"""The whole case file (issue 13), both stories typed from the first tip to closure by the roles
the work needs, through the pages only.

1. A Cambodian boy found begging in Bangkok. He was recorded once before as "Sok Dara"; the
   worker types "Sokh Dara", sees him as a candidate and links the same person. His profile
   (estimated age, Cambodian, Khmer with an interpreter, his mother as guardian), where he was
   recruited, moved through and made to beg, the woman who controlled him. The case is referred
   to the Bangkok police without his identity; the police accept it from their own list, find
   the perpetrator and correct her record. The screening PDF is read back: part 1 from the
   profile, part 7 with every place. He is repatriated to Cambodia through MoSVY and the
   supervisor approves the closure.
2. A Thai man from a scam compound in Myawaddy, crossing back at Mae Sot. His profile (Thai ID
   checked, home village in Khon Kaen by DOPA codes), the places, the recruiter — recorded
   twice, in another Tak case too, and merged by the Tak supervisor, who also brings the Tak
   police to both cases' tables; the police officer finds the one perpetrator across both
   cases. The case is referred to the Khon Kaen พมจ. for reintegration and accepted there; he
   is taken home and the case is closed.

The browser tests of one worker share one server: every name typed here carries this run's tag.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import uuid
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .conftest import htmx_settled, sign_in
from .steps import act, be, fill_new_case, fill_when, link_victim, moments, saved, submit

BANGKOK = ZoneInfo("Asia/Bangkok")
POLICE_BANGKOK = "กองบัญชาการตำรวจนครบาล"
PSDHS_BANGKOK = "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์กรุงเทพมหานคร (พมจ.กรุงเทพมหานคร)"
SHELTER_BANGKOK = "บ้านพักเด็กและครอบครัวกรุงเทพมหานคร"
POLICE_TAK = "ตำรวจภูธรจังหวัดตาก"
PSDHS_TAK = "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดตาก (พมจ.ตาก)"
SHELTER_TAK = "บ้านพักเด็กและครอบครัวจังหวัดตาก"
PSDHS_KHON_KAEN = "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดขอนแก่น (พมจ.ขอนแก่น)"
FOUND = "ที่พบตัว"  # "Where found", the place the tip gave, as the PDF prints it in Thai
_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _tag() -> str:
    """Letters only (names are matched by sound and spelling), different in every run."""
    return "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:6]).capitalize()


def _skeleton(text: str) -> str:
    return _THAI_MARKS.sub("", re.sub(r"\s+", "", text.replace("\u0e33", "\u0e32")))


def _thai_pin(first12: str) -> str:
    """A Thai ID number with its check digit (as the card carries it)."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


class Desk:
    """One signed-in browser per person: each role works in their own session, as they do."""

    def __init__(self, browser, server):
        self.browser, self.server, self.pages = browser, server, {}

    def __call__(self, username: str):
        if username not in self.pages:
            context = self.browser.new_context(
                base_url=self.server.base_url, locale="th-TH",
                viewport={"width": 1280, "height": 900},
            )  # fmt: skip
            page = context.new_page()
            page.set_default_timeout(20000)
            sign_in(page, username)
            expect(page).not_to_have_url(re.compile(r"/accounts/(login|two-factor)/"))
            self.pages[username] = page
        return self.pages[username]

    def close(self):
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def desk(browser, saphan_server):
    d = Desk(browser, saphan_server)
    yield d
    d.close()


def _new_case(page, *, when, source, channel, province, place, text, referrer="") -> str:
    """From the first page: Cases, New case, the tip as it came in."""
    page.goto("/")
    page.locator("a[href='/cases/']").first.click()
    page.locator("#new-case").click()
    return fill_new_case(
        page, when=when, source=source, channel=channel, urgency="urgent", province=province,
        place=place, text=text, referrer=referrer,
    )  # fmt: skip


def _link_new_person(page, code: str, name: str) -> None:
    link_victim(page, code, name)
    expect(page.locator("#people")).to_contain_text(name)


def _custody_and_screening(page, code, *, custody, interview, tick, notes, language=""):
    act(page, code, "custody")
    fill_when(page, "started_at", custody)
    page.fill("input[name=place]", "บ้านพักเด็กและครอบครัว ห้องรับรอง")
    page.check("input[name=place_is_not_a_cell]")
    submit(page)
    saved(page)
    act(page, code, "screening")
    fill_when(page, "interviewed_at", interview)
    if language:
        page.select_option("select[name=interpreter_language]", language)
        page.fill("input[name=interpreter_name]", "ล่ามอาสาสมัคร (ข้อมูลสมมติ)")
    for name, value in tick:
        page.check(f"input[name={name}][value={value}]")
    page.fill("textarea[name=notes]", notes)
    page.check("input[name=custody_still_held]")
    submit(page)
    saved(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "identification")


def _protection_and_decision(page, code, *, custody_end, shelter_at, decided, shelter, members,
                             acts, means, purposes, reasons):  # fmt: skip
    act(page, code, "custody-end")
    fill_when(page, "ended_at", custody_end)
    submit(page)
    saved(page)
    act(page, code, "temporary-protection")
    fill_when(page, "started_at", shelter_at)
    page.select_option("select[name=shelter]", label=shelter)
    submit(page)
    saved(page)
    act(page, code, "identification")
    page.check("input[name=status][value=ActualVictimOfTrafficking]")
    fill_when(page, "decided_at", decided)
    page.check("input[name=basis][value=s6]")
    for name, values in (("acts", acts), ("means", means), ("purposes", purposes)):
        for value in values:
            page.check(f"input[name={name}][value={value}]")
    page.fill("textarea[name=reasons]", reasons)
    for i, (agency, person) in enumerate(members, start=1):
        page.select_option(f"select[name=member_{i}_agency]", label=agency)
        page.fill(f"input[name=member_{i}_name]", person)
    submit(page)
    saved(page)


def _approve_identification(page, code) -> None:
    page.goto(f"/cases/{code}/")
    page.locator("main #approve-identification button[type=submit]").click()
    saved(page)
    expect(page.locator("#record-decisions")).to_contain_text("อนุมัติแล้ว")


def _rights(page, code, *, told, language) -> None:
    act(page, code, "rights-notice")
    fill_when(page, "notified_at", told)
    page.select_option("select[name=language]", language)
    for value in ("protection", "compensation", "legal_aid", "return"):
        page.check(f"input[name=rights][value={value}]")
    page.fill("textarea[name=person_views]", "อยากกลับบ้าน (ข้อมูลสมมติ)")
    submit(page)
    saved(page)
    expect(page.locator("#case-header")).to_have_attribute("data-phase", "protection")
    # The assistance plan (s.33), which return and reintegration wait for.
    act(page, code, "assistance-plan")
    page.fill("textarea[name=objectives]", "ที่พักปลอดภัย ฟื้นฟูจิตใจ ช่วยเหลือทางกฎหมาย และเตรียมส่งกลับ")
    page.fill("input[name=planned_end]", be(told.date() + dt.timedelta(days=120)))
    submit(page)
    saved(page)


def _place(page, code, *, kind, setting, country, text, since, until=None, province="",
           district="") -> None:  # fmt: skip
    page.goto(f"/cases/{code}/")
    page.locator("#crime a[href$='/place/']").click()
    page.check(f"input[name=place_type][value={kind}]")
    page.select_option("select[name=setting]", setting)
    page.select_option("select[name=country]", country)
    if province:
        page.select_option("select[name=province]", province)
    if district:
        page.select_option("select[name=district]", label=district)
    page.fill("input[name=description]", text)
    page.fill("input[name=date_from]", be(since))
    if until:
        page.fill("input[name=date_to]", be(until))
    submit(page)
    saved(page)
    expect(page.locator("#places")).to_contain_text(text)


def _perpetrator(page, code, *, name, aliases, role, sex, nationality, relation, how) -> None:
    page.goto(f"/cases/{code}/")
    page.locator("#crime a[href$='/perpetrator/']").click()
    page.fill("input[name=name]", name)
    page.fill("input[name=aliases]", aliases)
    page.check(f"input[name=roles][value={role}]")
    page.select_option("select[name=sex]", sex)
    page.select_option("select[name=nationality]", nationality)
    page.select_option("select[name=relation_to_victim]", relation)
    page.fill("input[name=relation_details]", how)
    submit(page)
    saved(page)
    expect(page.locator("#perpetrators")).to_contain_text(name)
    expect(page.locator("#timeline")).not_to_contain_text(name)


def _add_police(page, code, agency_word: str) -> None:
    act(page, code, "mdt-member")
    texts = page.locator("select[name=member] option").all_inner_texts()
    page.select_option("select[name=member]", index=next(
        i for i, t in enumerate(texts) if agency_word in t))  # fmt: skip
    expect(page.locator("input[name=identity]")).not_to_be_checked()
    submit(page)
    saved(page)
    expect(page.locator("#team")).to_contain_text(agency_word)


def _find_perpetrator(page, q: str):
    page.goto("/")
    page.locator("a[href='/cases/perpetrators/']").first.click()
    page.fill("#perpetrator-search input[name=q]", q)
    page.locator("#perpetrator-search button[type=submit]").click()
    return page.locator("#perpetrator-results")


def _screening_pdf_text(page, artifacts, name: str) -> str:
    href = page.locator("#case-pdfs #pdf-screening").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    (artifacts / name).write_bytes(pdf)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: poppler-utils)")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # reading order: a cell's lines together
        input=pdf, capture_output=True, check=True, timeout=60,
    ).stdout.decode()  # fmt: skip


def _close(worker, supervisor, code, *, reason: str, details: str) -> None:
    act(worker, code, "closure")
    worker.select_option("select[name=reason]", reason)
    worker.fill("textarea[name=details]", details)
    submit(worker)
    saved(worker)
    act(supervisor, code, "closure-decide")
    supervisor.check("input[name=decision][value=approve]")
    submit(supervisor)
    saved(supervisor)
    expect(supervisor.locator("#case-header")).to_have_attribute("data-phase", "closed")
    expect(supervisor.locator("#timeline li[data-kind=case_closed]")).to_be_visible()


# --- 1. the Cambodian boy begging in Bangkok -----------------------------------------------------


def test_cambodian_boy_found_begging_in_bangkok(desk, artifacts):
    tag = _tag()
    first_name, typed_name = f"Sok Dara {tag}", f"Sokh Dara {tag}"
    controller = f"Srey Mom {tag}"
    now = dt.datetime.now(BANGKOK).replace(second=0, microsecond=0)
    today = now.date()
    earlier, tip, custody, interview, custody_end, shelter_at, decided, told, _ = moments(now, 9)
    cw = desk("cw.bangkok")

    # He was recorded once before, when an NGO reported him at a bus station.
    before = _new_case(
        cw, when=earlier, source="ngo", channel="phone", province="10",
        place="สถานีขนส่งหมอชิต 2", text="มูลนิธิแจ้ง: เด็กชายกัมพูชาขอทานที่สถานีขนส่ง (ข้อมูลสมมติ)",
    )  # fmt: skip
    _link_new_person(cw, before, first_name)

    # The 1300 hotline: a boy begging at a market, an adult watching him.
    code = _new_case(
        cw, when=tip, source="hotline_1300", channel="phone", province="10",
        place=f"ตลาดนัดจตุจักร ประตู 1 ({tag})",
        text="สายด่วน 1300: เด็กชายต่างชาติขอทานที่ตลาดนัด มีหญิงคุมอยู่ใกล้ ๆ (ข้อมูลสมมติ)",
    )  # fmt: skip
    # The duplicate check shows the boy recorded before: the same person, not a new one.
    act(cw, code, "person")
    cw.fill("input[name=full_name]", typed_name)
    candidate = cw.locator("#person-candidates .candidate").filter(has_text=first_name).first
    expect(candidate).to_be_visible()
    cw.select_option("select[name=role]", "victim")
    candidate.locator("button.same-person").click()
    expect(cw).to_have_url(re.compile(rf"/cases/{code}/$"))
    expect(cw.locator("#people")).to_contain_text(first_name)

    # His profile: what is known of him.
    cw.locator("#people a.person-name", has_text=first_name).click()
    expect(cw.locator("#person-name")).to_have_text(first_name)
    cw.locator("#edit-profile").click()
    cw.select_option("select[name=sex]", "Masculine")
    cw.check("input[name=birth_date_precision][value=estimated]")
    cw.fill("input[name=age_estimate_min]", "11")
    cw.fill("input[name=age_estimate_max]", "13")
    cw.check("input[name=citizenships][value=KH]")
    cw.check("input[name=languages][value=km]")
    cw.check("input[name=interpreter_needed]")
    cw.fill("input[name=guardian_name]", f"Chan Thy {tag}")
    cw.select_option("select[name=guardian_relationship]", "parent")
    cw.fill("textarea[name=best_interests_note]", "กลับไปอยู่กับแม่ที่บันทายมีชัยเมื่อครอบครัวปลอดภัย")
    cw.locator("#profile-form button[type=submit]").click()
    expect(cw.locator("#fact-citizenship")).to_contain_text("กัมพูชา")
    expect(cw.locator("#child-badge")).to_be_visible()
    expect(cw.locator("#section-names")).to_contain_text(typed_name)  # the spelling typed is kept

    _custody_and_screening(
        cw, code, custody=custody, interview=interview, language="km",
        tick=[("indicators", "AbuseOfVulnerability"), ("indicators", "Deception"),
              ("indicators", "RestrictionOfMovement"), ("methods_of_control", "TakesEarnings"),
              ("exploitation_types", "ForcedBegging"),
              ("recruitment_methods", "ThroughFriendsOrSocialEvents")],
        notes="ป้าพามาจากบันทายมีชัย บอกว่าจะพามาทำงานร้านอาหาร ต้องขอทานทุกวัน เงินถูกยึด",
    )  # fmt: skip

    # Where: recruited at home in Cambodia, brought across at Aranyaprathet, made to beg in
    # Bangkok (found at the market, as the tip said).
    _place(cw, code, kind="Recruitment", setting="private_home", country="KH",
           text=f"หมู่บ้านในจังหวัดบันทายมีชัย บ้านป้า {tag}",
           since=today - dt.timedelta(days=75))  # fmt: skip
    _place(cw, code, kind="Transit", setting="other", country="TH", province="27",
           district="อรัญประเทศ", text="ด่านพรมแดนคลองลึก", since=today - dt.timedelta(days=70))  # fmt: skip
    _place(cw, code, kind="Exploitation", setting="street", country="TH", province="10",
           district="เขตจตุจักร", text="ตลาดนัดและสะพานลอยย่านจตุจักร",
           since=today - dt.timedelta(days=68), until=today)  # fmt: skip
    _perpetrator(cw, code, name=controller, aliases=f"Ming Mom {tag}", role="Exploiter",
                 sex="Feminine", nationality="KH", relation="Familial",
                 how="ป้าของเด็ก เก็บเงินที่ขอทานได้ทุกวัน")  # fmt: skip

    _protection_and_decision(
        cw, code, custody_end=custody_end, shelter_at=shelter_at, decided=decided,
        shelter=SHELTER_BANGKOK, acts=["recruiting", "transporting", "harbouring"], means=[],
        purposes=["ForcedBegging"],
        reasons="เด็กอายุต่ำกว่า 18 ปีถูกพาข้ามแดนมาเพื่อบังคับขอทาน (เด็กไม่ต้องพิสูจน์วิธีการ)",
        members=[(POLICE_BANGKOK, "พ.ต.ต.หญิง อรพรรณ รักษ์เด็ก"),
                 (PSDHS_BANGKOK, "นางสาวสุดารัตน์ ทองดี นักสังคมสงเคราะห์")],
    )  # fmt: skip
    _approve_identification(desk("sup.bangkok"), code)
    _rights(cw, code, told=told, language="km")

    # The screening PDF: part 1 from his profile, part 7 with every place of the case.
    cw.goto(f"/cases/{code}/")
    text = _screening_pdf_text(cw, artifacts, "case-file-boy-screening.pdf")
    part1 = _skeleton(text.split("ส่วนที่ 2")[0])
    for fact in (first_name, "ชาย", "กัมพูชา", "เขมร", "ต้องใช้ล่าม", f"Chan Thy {tag}"):
        assert _skeleton(fact) in part1, fact
    part7 = _skeleton(text.split("ส่วนที่ 7")[1].split("ส่วนที่ 8")[0])
    for fact in (f"บ้านป้า {tag}", "อรัญประเทศ", "ด่านพรมแดนคลองลึก", "จตุจักร", FOUND,
                 f"ตลาดนัดจตุจักร ประตู 1 ({tag})"):  # fmt: skip
        assert _skeleton(fact) in part7, fact

    # The case goes to the police for the prosecution, without who he is.
    act(cw, code, "referral")
    cw.select_option("select[name=to_agency]", label=POLICE_BANGKOK)
    cw.select_option("select[name=reason]", "LegalProceedings")
    cw.check("input[name=share_identity][value=no]")
    cw.fill("textarea[name=details]", "ขอดำเนินคดีกับผู้แสวงประโยชน์ เด็กพักที่บ้านพักเด็กฯ")
    submit(cw)
    saved(cw)
    referral = cw.locator("#record-referrals li.referral")
    expect(referral).to_have_attribute("data-answer", "waiting")

    # The police accept it from their own list, see no name, find her and correct her record.
    police = desk("police.bangkok")
    police.goto("/")
    police.goto("/cases/referrals/")
    card = police.locator("#referrals-waiting li.referral-card", has_text=code)
    expect(card).not_to_contain_text(first_name)
    card.locator("form.accept-form button[type=submit]").click()
    saved(police)
    expect(police.locator("#people .identity-hidden")).to_be_visible()
    expect(police.locator("main")).not_to_contain_text(first_name)
    results = _find_perpetrator(police, f"Srey Mom {tag}")
    results.locator("a", has_text=controller).click()
    expect(police.locator("#perpetrator-cases")).to_contain_text(code)
    police.locator("#perpetrator-edit").click()
    police.fill("textarea[name=details]", "ออกหมายจับแล้ว ตามตัวอยู่")
    police.locator("#perpetrator-edit-form button[type=submit]").click()
    expect(police.locator("#perpetrator-facts")).to_contain_text("ออกหมายจับแล้ว")
    police.goto(f"/cases/{code}/")
    expect(police.locator("#timeline li[data-kind=perpetrator_updated]")).to_be_visible()
    expect(police.locator("#timeline")).not_to_contain_text(controller)

    # Home to Cambodia through MoSVY, then the case is closed.
    act(cw, code, "family-assessment")
    cw.fill("input[name=assessed_on]", be(today))
    cw.fill("input[name=assessor]", "IOM กัมพูชา ร่วมกับ MoSVY (ข้อมูลสมมติ)")
    cw.fill("textarea[name=findings]", "แม่พร้อมรับกลับ ป้าไม่ได้อยู่ในหมู่บ้านแล้ว")
    cw.check("input[name=safe_to_return][value=yes]")
    submit(cw)
    saved(cw)
    act(cw, code, "advance")
    cw.check("input[name=to][value=return_reintegration]")
    submit(cw)
    saved(cw)
    act(cw, code, "return-plan")
    cw.check("input[name=kind][value=repatriation_s38]")
    cw.fill("input[name=planned_on]", be(today))
    cw.select_option("select[name=destination_country]", "KH")
    cw.fill("input[name=destination_detail]", "จังหวัดบันทายมีชัย")
    texts = cw.locator("select[name=counterpart] option").all_inner_texts()
    cw.select_option("select[name=counterpart]", index=next(
        i for i, t in enumerate(texts) if "กัมพูชา" in t and "กระทรวงกิจการสังคม" in t))  # fmt: skip
    submit(cw)
    saved(cw)
    cw.locator("#record-return [data-kind=repatriation_s38] a").click()
    expect(cw.locator("#action-form")).to_be_visible()
    cw.fill("input[name=returned_on]", be(today))
    cw.fill("input[name=handed_over_to]", "เจ้าหน้าที่ MoSVY ที่ด่านปอยเปต (ข้อมูลสมมติ)")
    submit(cw)
    saved(cw)
    expect(cw.locator("#record-return [data-kind=repatriation_s38]")).to_contain_text("ส่งกลับแล้ว")
    _close(cw, desk("sup.bangkok"), code, reason="repatriated",
           details="ส่งกลับกัมพูชาและส่งมอบให้ MoSVY แล้ว")  # fmt: skip


# --- 2. the Thai man from a scam compound ----------------------------------------------------------


def test_thai_man_from_a_scam_compound(desk, artifacts):
    tag = _tag()
    man = f"นายวีระพงษ์ ทดสอบ{tag}"
    boss, boss_again = f"Ah Long {tag}", f"A Long {tag}"
    now = dt.datetime.now(BANGKOK).replace(second=0, microsecond=0)
    today = now.date()
    earlier, tip, custody, interview, custody_end, shelter_at, decided, told, _ = moments(now, 9)
    cw = desk("cw.tak")

    # A man from the same compound came through last week: the boss is recorded in his case.
    other = _new_case(
        cw, when=earlier, source="police", channel="field", province="63",
        place="ด่านพรมแดนแม่สอด", text="ตำรวจส่งตัวชายไทยที่หนีจากอาคารในเมียวดี (ข้อมูลสมมติ)",
    )  # fmt: skip
    _perpetrator(cw, other, name=boss, aliases="", role="Exploiter", sex="Masculine",
                 nationality="CN", relation="Unaquainted", how="หัวหน้าอาคาร")  # fmt: skip

    code = _new_case(
        cw, when=tip, source="police", channel="field", province="63", referrer=POLICE_TAK,
        place=f"สะพานมิตรภาพไทย–เมียนมา แม่สอด ({tag})",
        text="ตำรวจรับตัวชายไทยที่ข้ามแดนกลับจากเมียวดี ถูกหลอกไปทำงานในแก๊งหลอกลวงออนไลน์ (ข้อมูลสมมติ)",
    )  # fmt: skip
    _link_new_person(cw, code, man)
    cw.locator("#people a.person-name", has_text=man).click()
    cw.locator("#edit-profile").click()
    cw.select_option("select[name=sex]", "Masculine")
    cw.check("input[name=birth_date_precision][value=year]")
    cw.fill("input[name=birth_year]", str(today.year + 543 - 27))
    cw.check("input[name=citizenships][value=TH]")
    cw.check("input[name=languages][value=th]")
    cw.select_option("select[name=home_province]", "40")
    expect(cw.locator("select[name=home_district] option[value='4001']")).to_be_attached()
    htmx_settled(cw)
    cw.select_option("select[name=home_district]", "4001")
    expect(cw.locator("select[name=home_subdistrict] option[value='400101']")).to_be_attached()
    htmx_settled(cw)
    cw.select_option("select[name=home_subdistrict]", "400101")
    expect(cw.locator("select[name=home_village_code] option[value='40010101']")).to_be_attached()
    htmx_settled(cw)
    cw.select_option("select[name=home_village_code]", "40010101")
    cw.select_option("select[name=document_kind]", "thai_id")
    pin = _thai_pin("14099" + uuid.uuid4().int.__str__()[:7])
    cw.fill("input[name=document_number]", pin[:-1] + str((int(pin[-1]) + 1) % 10))
    cw.locator("#profile-form button[type=submit]").click()
    # a wrong check digit: told at the field, nothing typed is lost
    expect(cw.locator("#profile-form .invalid-feedback").first).to_be_visible()
    expect(cw.locator("input[name=birth_year]")).to_have_value(str(today.year + 543 - 27))
    cw.fill("input[name=document_number]", pin)
    cw.locator("#profile-form button[type=submit]").click()
    expect(cw.locator("#section-documents")).to_contain_text(pin[-3:-1])  # grouped as on the card
    assert pin in re.sub(r"\D", "", cw.locator("#section-documents").inner_text())
    expect(cw.locator("#fact-address")).to_contain_text("ขอนแก่น")

    _custody_and_screening(
        cw, code, custody=custody, interview=interview,
        tick=[("indicators", "Deception"), ("indicators", "RestrictionOfMovement"),
              ("indicators", "RetentionOfIdentityDocuments"),
              ("methods_of_control", "FalsePromises"), ("methods_of_control", "WithholdsDocuments"),
              ("exploitation_types", "ForcedCriminality"),
              ("recruitment_methods", "ThroughAnOnlineAdvertisement")],
        notes="เห็นโฆษณางานแอดมินทางเฟซบุ๊ก ถูกพาข้ามแดนที่แม่สอด ถูกบังคับให้หลอกลวงคนทางออนไลน์",
    )  # fmt: skip
    _place(cw, code, kind="Recruitment", setting="online", country="TH", province="40",
           district="เมืองขอนแก่น", text=f"โฆษณางานในกลุ่มเฟซบุ๊ก {tag}",
           since=today - dt.timedelta(days=150))  # fmt: skip
    _place(cw, code, kind="Transit", setting="other", country="TH", province="63",
           district="แม่สอด", text="ท่าข้ามแม่น้ำเมย", since=today - dt.timedelta(days=140))  # fmt: skip
    _place(cw, code, kind="Exploitation", setting="scam_compound", country="MM",
           text=f"อาคารหลอกลวงออนไลน์ เมียวดี {tag}", since=today - dt.timedelta(days=139),
           until=today - dt.timedelta(days=1))  # fmt: skip
    # Not found on the perpetrators page under this spelling: the boss is recorded again.
    _perpetrator(cw, code, name=boss_again, aliases="เฮียหลง", role="RecruiterOrIntermediary",
                 sex="Masculine", nationality="CN", relation="Unaquainted",
                 how="ติดต่อทางเทเลแกรมและพาข้ามแดน")  # fmt: skip

    _protection_and_decision(
        cw, code, custody_end=custody_end, shelter_at=shelter_at, decided=decided,
        shelter=SHELTER_TAK, acts=["recruiting", "transporting"], means=["deception"],
        purposes=["ForcedCriminality"],
        reasons="ถูกหลอกด้วยโฆษณางาน ถูกพาข้ามแดน ถูกยึดเอกสาร และถูกบังคับให้กระทำความผิด",
        members=[(POLICE_TAK, "พ.ต.ท. สมศักดิ์ ใจกล้า"), (PSDHS_TAK, "นางสาวจันทร์เพ็ญ ดีงาม")],
    )  # fmt: skip

    # The Tak supervisor approves, brings the police to both cases, and makes the boss's two
    # records one.
    sup = desk("sup.tak")
    _approve_identification(sup, code)
    _add_police(sup, code, "ตำรวจ")
    _add_police(sup, other, "ตำรวจ")
    results = _find_perpetrator(sup, f"Long {tag}")
    expect(results.locator(".perpetrator-result")).to_have_count(2)
    results.locator("a", has_text=boss).first.click()
    sup.locator("#perpetrator-merge-start").click()
    sup.fill("#perpetrator-search input[name=q]", f"Long {tag}")
    sup.locator("#perpetrator-search button[type=submit]").click()
    sup.locator(".perpetrator-result", has_text=boss_again).locator(".merge-perpetrator").click()
    expect(sup.locator("#merge-sheets .perpetrator-sheet")).to_have_count(2)
    sup.locator("#perpetrator-merge-form button[type=submit]").click()  # no choice, no reason
    expect(sup.locator("#form-errors")).to_be_visible()
    sup.locator("#perpetrator-merge-form label", has_text=boss).first.click()
    sup.fill("#perpetrator-merge-form textarea[name=reason]",
             "ภาพถ่ายและบัญชีเทเลแกรมเดียวกัน สะกดชื่อต่างกัน")  # fmt: skip
    sup.locator("#perpetrator-merge-form button[type=submit]").click()
    expect(sup.locator("#merge-summary")).to_contain_text(boss_again)
    expect(sup.locator(".perpetrator-sheet")).to_contain_text(code)
    expect(sup.locator(".perpetrator-sheet")).to_contain_text(other)
    sup.goto(f"/cases/{code}/")
    expect(sup.locator("#timeline li[data-kind=perpetrators_merged]")).to_be_visible()
    expect(sup.locator("#perpetrators .perpetrator")).to_have_count(1)

    # The police officer finds the one perpetrator across both cases, without the man's name.
    police = desk("police.tak")
    results = _find_perpetrator(police, f"A-Long {tag}")
    expect(results.locator(".perpetrator-result")).to_have_count(1)
    results.locator("a", has_text=boss).click()
    expect(police.locator("#perpetrator-cases")).to_contain_text(code)
    expect(police.locator("#perpetrator-cases")).to_contain_text(other)
    expect(police.locator("#perpetrator-facts")).to_contain_text("เฮียหลง")
    police.goto(f"/cases/{code}/")
    expect(police.locator("#people .identity-hidden")).to_be_visible()
    expect(police.locator("main")).not_to_contain_text(man)

    # The screening PDF: the Thai ID and the home village in part 1, the places in part 7.
    _rights(cw, code, told=told, language="th")
    cw.goto(f"/cases/{code}/")
    text = _screening_pdf_text(cw, artifacts, "case-file-man-screening.pdf")
    part1 = _skeleton(text.split("ส่วนที่ 2")[0])
    for fact in (man, "ขอนแก่น", "ไทย"):
        assert _skeleton(fact) in part1, fact
    assert pin in re.sub(r"\D", "", part1)
    part7 = _skeleton(text.split("ส่วนที่ 7")[1].split("ส่วนที่ 8")[0])
    for fact in (f"เฟซบุ๊ก {tag}", "แม่สอด", f"เมียวดี {tag}", "เมียนมา", FOUND):
        assert _skeleton(fact) in part7, fact

    # Home to Khon Kaen: referred with his consent, accepted there, taken home, closed.
    act(cw, code, "referral")
    cw.select_option("select[name=to_agency]", label=PSDHS_KHON_KAEN)
    cw.select_option("select[name=reason]", "ReintegrationInHomeProvince")
    cw.fill("textarea[name=details]", "ขอรับต่อเพื่อการคืนสู่สังคมและติดตามผลที่จังหวัดขอนแก่น")
    cw.check("input[name=consent_recorded]")
    fill_when(cw, "consent_at", told)
    cw.fill("textarea[name=consent_note]", "ผู้เสียหายลงนามในแบบยินยอม")
    submit(cw)
    saved(cw)
    kk = desk("cw.khonkaen")
    kk.goto("/cases/referrals/")
    card = kk.locator("#referrals-waiting li.referral-card", has_text=code)
    expect(card).to_contain_text(PSDHS_TAK)
    card.locator("form.accept-form button[type=submit]").click()
    saved(kk)
    expect(kk.locator("#people")).to_contain_text(man)
    act(kk, code, "family-assessment")
    kk.fill("input[name=assessed_on]", be(today))
    kk.fill("input[name=assessor]", "นักสังคมสงเคราะห์ พมจ.ขอนแก่น")
    kk.fill("textarea[name=findings]", "บิดามารดาพร้อมรับกลับ ไม่เกี่ยวข้องกับผู้ชักชวน")
    kk.check("input[name=safe_to_return][value=yes]")
    submit(kk)
    saved(kk)

    act(cw, code, "advance")
    cw.check("input[name=to][value=return_reintegration]")
    submit(cw)
    saved(cw)
    act(cw, code, "return-plan")
    cw.check("input[name=kind][value=return_to_family_in_thailand]")
    cw.fill("input[name=planned_on]", be(today))
    cw.select_option("select[name=destination_country]", "TH")
    cw.select_option("select[name=destination_province]", "40")
    cw.fill("input[name=destination_detail]", "อำเภอเมืองขอนแก่น")
    submit(cw)
    saved(cw)
    cw.locator("#record-return [data-kind=return_to_family_in_thailand] a").click()
    expect(cw.locator("#action-form")).to_be_visible()
    cw.fill("input[name=returned_on]", be(today))
    cw.fill("input[name=handed_over_to]", "บิดามารดา (ข้อมูลสมมติ)")
    submit(cw)
    saved(cw)
    _close(cw, sup, code, reason="reintegrated", details="กลับถึงบ้าน ครอบครัวรับกลับ พมจ.ขอนแก่นรับทราบ")
