"""The audit page speaks the auditor's language: record types as nouns, scopes as phrases with
the agency's and the province's names, accounts by name, dates in B.E.; the raw values stay in
the page's title attributes and in the log itself."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from saphan.audit.models import Outcome, ReadAccess
from saphan.audit.services import log_event, log_read
from saphan.cases.models import AccessReason
from saphan.orgs import access
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import (
    AgencyFactory,
    CaseAccessFactory,
    CaseFactory,
    PersonFactory,
    ProvinceFactory,
    UserFactory,
    national_user,
)

pytestmark = pytest.mark.django_db


class _Text(HTMLParser):
    """What a reader sees of the results table (text, no attributes), and its titles."""

    def __init__(self):
        super().__init__()
        self.inside, self.text, self.titles = 0, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "audit-results":
            self.inside = 1
        elif self.inside and tag == "table":
            self.inside += 1
        if self.inside and attrs.get("title"):
            self.titles.append(attrs["title"])

    def handle_endtag(self, tag):
        if self.inside and tag == "table":
            self.inside -= 1

    def handle_data(self, data):
        if self.inside and data.strip():
            self.text.append(" ".join(data.split()))


def _read(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    return " | ".join(parser.text), parser.titles


@pytest.fixture
def logged():
    songkhla = ProvinceFactory(code="90")
    psdhs = AgencyFactory(
        code="psdhs-90",
        name_th="สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดสงขลา",
        name_en="Songkhla Provincial Office of Social Development and Human Security",
        province=songkhla,
    )
    cw = UserFactory(username="cw_sk", province=songkhla, agency=psdhs, name_en="Somsri Dee")
    case = CaseFactory(province=songkhla, agency=psdhs)
    police = AgencyFactory(
        code="police-40", name_th="ตำรวจภูธรจังหวัดขอนแก่น", name_en="Khon Kaen Provincial Police"
    )
    mdt = UserFactory(username="police_kk", province=police.province, agency=police)
    grant = CaseAccessFactory(case=case, user=None, agency=police, reason=AccessReason.REFERRAL)
    # The scopes as the access rules write them, not typed here.
    own_scope = access.case_scope(cw, case)
    referral_scope = access.case_scope(mdt, case)
    assert own_scope == "agency:psdhs-90@province:90"
    assert referral_scope == f"referral:{grant.pk}"
    log_read(actor=cw, record=case, scope=own_scope, path=f"/cases/{case.code}/")
    log_read(actor=mdt, record=case, scope=referral_scope, path=f"/cases/{case.code}/")
    log_read(actor=cw, record=PersonFactory(), scope=f"identity via {case.code}")
    log_event(
        actor=mdt,
        outcome=Outcome.REFUSED,
        record_type="cases.case",
        record_label="63-2569-00001",
        scope="refused:404",
    )
    auditor = national_user("auditor_x", Role.AUDITOR)
    return {"cw": cw, "case": case, "auditor": auditor}


def _page(client, auditor, lang: str, **query) -> str:
    client.force_login(auditor)
    client.cookies["saphan_language"] = lang
    response = client.get("/audit/", {"kind": "reads", **query})
    assert response.status_code == 200
    return response.content.decode()


def test_the_audit_page_in_thai_names_records_scopes_and_people_in_words(client, logged):
    text, titles = _read(_page(client, logged["auditor"], "th"))
    assert "กรณี" in text and "บุคคล" in text  # cases.case, people.person
    # The case worker's own agency and province, by their names.
    assert "กรณีของหน่วยงาน สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดสงขลา จังหวัดสงขลา" in text
    assert "รับการส่งต่อแล้ว: ตำรวจภูธรจังหวัดขอนแก่น" in text  # referral:<access id>
    assert f"ชื่อบุคคลในกรณี {logged['case'].code}" in text  # identity via <code>
    assert "ถูกปฏิเสธ: ไม่พบหรือไม่มีสิทธิ์" in text  # refused:404
    assert "เปิดดู" in text  # the outcome "seen"
    # The account by the person's name, the username beside it.
    cw = logged["cw"]
    assert f"{cw.first_name} {cw.last_name} | cw_sk" in text
    assert "256" in text  # a B.E. year (25xx)
    # Nothing technical in what the reader sees ...
    for raw in ("cases.case", "people.person", "agency:psdhs-90@province:90", "referral:"):
        assert raw not in text, raw
    # ... and all of it still there for the auditor who points at it.
    assert {"cases.case", "people.person", "agency:psdhs-90@province:90", "refused:404"} <= set(
        titles
    )
    assert ReadAccess.objects.filter(scope="agency:psdhs-90@province:90").exists()


def test_the_audit_page_in_english(client, logged):
    text, _titles = _read(_page(client, logged["auditor"], "en"))
    assert "Case" in text and "Person" in text
    assert (
        "Cases of the agency Songkhla Provincial Office of Social Development and Human "
        "Security, province of Songkhla" in text
    )
    assert "Accepted referral: Khon Kaen Provincial Police" in text
    assert "Somsri Dee | cw_sk" in text
    assert "cases.case" not in text


def test_the_auditor_searches_by_the_noun_the_page_shows(client, logged):
    text, titles = _read(_page(client, logged["auditor"], "th", record="บุคคล"))
    assert set(titles) & {"people.person"} and "cases.case" not in titles


def test_the_change_log_names_the_model_the_change_and_the_person(client, logged):
    cw = logged["cw"]
    get_user_model().objects.filter(pk=cw.pk).update(first_name="สมหญิง")
    client.force_login(logged["auditor"])
    client.cookies["saphan_language"] = "th"
    html = client.get("/audit/", {"kind": "changes", "record": "cw_sk"}).content.decode()
    text, titles = _read(html)
    assert "ผู้ใช้" in text and "orgs.User" not in text and "orgs.User" in titles
    assert "แก้ไข" in text and "สร้าง" in text  # update, insert
    assert "ชื่อ" in text  # first_name by its field name


def test_the_purpose_says_what_the_person_did_and_the_stored_value_stays(
    client, logged, settings, tmp_path
):
    """A refused attempt's "GET cases:detail", an export's "rows=12 …", an auditor's own search:
    each in words, the stored value in the title and in the log, the chain unbroken."""
    from saphan.audit.sealed import seal
    from saphan.audit.services import check_chain

    settings.MEDIA_ROOT = tmp_path
    cw = logged["cw"]
    elsewhere = CaseFactory(province=ProvinceFactory(code="40"))
    client.force_login(cw)
    # Another province's case, by the page and by a form of it: refused, and logged as such.
    assert client.get(f"/cases/{elsewhere.code}/").status_code == 404
    assert client.post(f"/cases/{elsewhere.code}/screening/", {}).status_code == 404
    assert client.get(f"/cases/{elsewhere.code}/made-up/").status_code == 404
    seal(actor=cw, kind="case_list", file_name="cases.zip", files={"cases.csv": b"x"}, rows=12,
         scope="cases:mine", detail="status=open")  # fmt: skip
    log_event(actor=cw, outcome=Outcome.EXPORT, record_type="export:case_list",
              purpose="rows=30 suppressed=4 command")  # fmt: skip
    log_event(actor=cw, outcome=Outcome.REFUSED, record_type="url:knowledge:lesson_draft",
              scope="refused:403", purpose="GET knowledge:lesson_draft")  # fmt: skip
    stored = set(ReadAccess.objects.values_list("purpose", flat=True))
    assert {"GET cases:detail", "POST cases:action/screening", "GET cases:action/made-up",
            "rows=12 status=open"} <= stored  # fmt: skip

    _page(client, logged["auditor"], "th")  # the auditor's own search is logged too
    text, titles = _read(_page(client, logged["auditor"], "th"))
    assert "เปิดหน้าแฟ้มกรณี" in text
    assert "ส่งแบบฟอร์มในหน้าบันทึกการสัมภาษณ์คัดแยก" in text  # the screening form's title
    assert "เปิดหน้าแบบบันทึกในแฟ้มกรณี (made-up)" in text  # an action nobody declared
    assert "ส่งออกรายการ 12 แถว; status=open" in text
    assert "ส่งออกรายการ 30 แถว; ช่องที่ปิดไว้ (ค่าน้อยกว่า 5): 4; ผ่านคำสั่งบนเซิร์ฟเวอร์" in text
    assert "lesson draft" in text  # a page nobody worded: its app and its name made readable
    assert "ค้นหา: " in text
    for raw in ("GET cases:detail", "POST cases:action", "rows=12", "kind=reads",
                "knowledge:lesson_draft"):  # fmt: skip
        assert raw not in text, raw
    assert {"GET cases:detail", "rows=12 status=open", "kind=reads"} <= set(titles)
    # Worded on the page only: the rows and their hash chain are as they were written.
    assert stored <= set(ReadAccess.objects.values_list("purpose", flat=True))
    assert check_chain().intact

    english, _titles = _read(_page(client, logged["auditor"], "en"))
    assert "Open the page: Case file" in english
    assert "Send a form on the page: Record the screening interview" in english
    assert "Export of 12 rows; status=open" in english
    assert "Search: " in english and "kind=reads" not in english
