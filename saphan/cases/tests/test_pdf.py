"""The official PDFs: the screening interview form and the case summary, in Thai with Sarabun
embedded, identity only where the reader may see it, every generation logged."""

import datetime as dt
import logging
import re
import shutil
import subprocess
import zlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import include, path
from django.utils import timezone, translation

from config.urls import urlpatterns as site_urlpatterns
from saphan.audit.models import ReadAccess
from saphan.cases.documents_pdf import (
    SCREENING_PURPOSE,
    SUMMARY_PURPOSE,
    case_summary_pdf,
    country_name,
    language_name,
    screening_form_pdf,
)
from saphan.cases.enums import DecisionOrg, TraffickingStatus
from saphan.cases.services import (
    identification_approve,
    identification_decide,
    temporary_protection_start,
)
from saphan.cases.services.stages import MemberPresent
from saphan.cases.views_pdf import pdf_urlpatterns
from saphan.core.pdf import FONT_DIR, FontsOnlyFetcher, css_string
from saphan.core.tests.pdf_text_layer import SAMPLE, assert_text_layer, extracted_text
from saphan.core.thai import to_be_year
from saphan.orgs.tests.factories import (
    CaseAccessFactory,
    PersonFactory,
)

from .builders import hold, open_case, screen

# The views, mounted the way the cases URLconf will mount them (pytest.mark.urls below).
urlpatterns = [path("cases/", include(pdf_urlpatterns)), *site_urlpatterns]

NOW = timezone.now()
THAI_SCREENING_TITLE = "แบบสัมภาษณ์เบื้องต้นสำหรับคัดแยกผู้เสียหายจากการค้ามนุษย์"
SCREENING_TITLE_MSGID = "Initial screening interview form for victims of human trafficking"
NOTES = "ถูกชักชวนทางเฟซบุ๊กให้ไปทำงานแอดมิน ถูกยึดหนังสือเดินทาง"
PERSON_NAME = "มะลิ ทดสอบสมมติ"


@pytest.fixture
def kk(kk):
    """The Khon Kaen office (conftest.py) with a case identified as a victim and approved, and
    its police MDT member assigned without identity."""
    cw, sup = kk["cw"], kk["sup"]
    case = open_case(cw, NOW - dt.timedelta(hours=30), person=PersonFactory(full_name=PERSON_NAME))
    hold(cw, case, NOW - dt.timedelta(hours=20), "บ้านพักเด็กและครอบครัวจังหวัดขอนแก่น")
    screen(
        cw,
        case,
        NOW - dt.timedelta(hours=18),
        interpreter_language="my",
        interpreter_name="นายล่าม ทดสอบ",
        indicators=["Deception", "RetentionOfIdentityDocuments", "DebtBondage"],
        methods_of_control=["WithholdsDocuments", "DebtBondage"],
        exploitation_types=["ForcedCriminality"],
        recruitment_methods=["ThroughOnlineSocialNetworks"],
        recruitment_apps=["Facebook", "Telegram"],
        relationship_to_trafficker="Unaquainted",
        notes=NOTES,
    )
    temporary_protection_start(
        actor=cw, case=case, started_at=NOW - dt.timedelta(hours=17), shelter=kk["shelter"]
    )
    decision = identification_decide(
        actor=cw,
        case=case,
        status=TraffickingStatus.ACTUAL,
        deciding_org=DecisionOrg.NON_POLICE_GOVERNMENT,
        decided_at=NOW - dt.timedelta(hours=10),
        reasons="พบการหลอกลวงและการยึดเอกสาร",
        basis="s6",
        acts=["recruiting"],
        means=["deception"],
        purposes=["ForcedLabour"],
        members=[MemberPresent(agency=kk["police"], name="ร.ต.อ. ทดสอบ")],
    )
    identification_approve(actor=sup, case=case, decision=decision)
    police_user = CaseAccessFactory(case=case, identity=False, user=kk["police_user"]).user
    return {"case": case, "cw": cw, "sup": sup, "police": police_user, "outsider": kk["cw_tak"]}


# --- reading the PDFs -------------------------------------------------------------------------
def pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return out.stdout.decode("utf-8")


_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def skeleton(text: str) -> str:
    """Thai text without its vowel and tone marks and spaces: extracted PDF text reorders the
    marks stacked on a consonant and splits sara am (ำ), so compare the letters that carry them."""
    return _THAI_MARKS.sub("", re.sub(r"\s+", "", text.replace("\u0e33", "\u0e32")))


def contains(text: str, wanted: str) -> bool:
    return skeleton(wanted) in skeleton(text)


def embedded_fonts(pdf: bytes) -> set[str]:
    """Base names of the embedded fonts, e.g. {"Sarabun", "Sarabun-Bold"} (subset tags dropped):
    from pdffonts when poppler is installed, else from the font descriptors in the PDF's
    (compressed) object streams."""
    if shutil.which("pdffonts"):
        proc = subprocess.run(
            ["pdffonts", "-"], input=pdf, capture_output=True, check=True, timeout=60
        )
        lines = proc.stdout.decode().splitlines()[2:]
        return {line.split()[0].split("+")[-1] for line in lines if " yes " in line}
    chunks = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            continue
    names = re.findall(rb"/FontName\s*/([A-Za-z0-9+_-]+)", b"\n".join(chunks))
    return {name.decode().split("+")[-1] for name in names}


def uses_only_sarabun(pdf: bytes) -> bool:
    """Every embedded font is a Sarabun face: no glyph fell back to a system font."""
    fonts = embedded_fonts(pdf)
    return "Sarabun" in fonts and all(name.startswith("Sarabun") for name in fonts)


def page_count(text: str) -> int:
    """Pages of a PDF from its pdftotext output (one form feed after each page)."""
    return text.count("\f")


def be_year() -> str:
    return str(to_be_year(timezone.localdate().year))


def thai(msgid: str) -> str:
    with translation.override("th"):
        return str(translation.gettext(msgid))


# --- the screening form ------------------------------------------------------------------------
def test_screening_form_is_a_pdf_in_sarabun_with_title_code_and_be_year(kk, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = screening_form_pdf(actor=kk["cw"], case=kk["case"])
    assert not caplog.records, [r.getMessage() for r in caplog.records]  # CSS and fonts all valid
    assert pdf.startswith(b"%PDF-")
    assert uses_only_sarabun(pdf)
    text = pdf_text(pdf)
    assert kk["case"].code in text
    assert be_year() in text and str(timezone.localdate().year) not in text.replace(
        kk["case"].code, ""
    )
    assert contains(text, thai(SCREENING_TITLE_MSGID))
    assert contains(text, PERSON_NAME)  # the case worker sees identity
    assert contains(text, NOTES) and contains(text, "นายล่าม ทดสอบ")
    assert contains(text, kk["cw"].display_name)  # the interviewer, in the signature block


def test_screening_form_title_is_thai(kk):
    if thai(SCREENING_TITLE_MSGID) == SCREENING_TITLE_MSGID:
        pytest.skip("locale/th has no translation of the PDF strings yet")
    text = pdf_text(screening_form_pdf(actor=kk["cw"], case=kk["case"]))
    assert contains(text, THAI_SCREENING_TITLE)


def test_blank_screening_form_has_nothing_filled_in(kk):
    pdf = screening_form_pdf(actor=kk["cw"], case=kk["case"], blank=True)
    text = pdf_text(pdf)
    assert kk["case"].code in text
    assert not contains(text, NOTES) and not contains(text, "นายล่าม ทดสอบ")
    assert "......./......./" in text  # the date lines to fill in by hand


def test_identity_is_hidden_from_an_mdt_member_without_identity_rights(kk):
    hidden = thai("— hidden for your role —")
    for pdf in (
        screening_form_pdf(actor=kk["police"], case=kk["case"]),
        case_summary_pdf(actor=kk["police"], case=kk["case"]),
    ):
        text = pdf_text(pdf)
        assert kk["case"].code in text
        assert not contains(text, PERSON_NAME)
        assert contains(text, hidden)


def test_the_form_shows_what_is_known_of_the_person(kk):
    from saphan.people import models as people

    if not hasattr(people, "IdentityDocument"):
        pytest.skip("names in several scripts and identity documents are not installed")
    person = kk["case"].parties.get(role="victim").person
    people.Person.objects.filter(pk=person.pk).update(
        sex="Feminine",
        birth_date=dt.date(2007, 3, 14),
        birth_date_precision="exact",
        citizenships=["MM"],
        languages=["my"],
        interpreter_needed=True,
    )
    people.PersonName.objects.create(person=person, script="latin", full_name="Mali Thotsop")
    people.PersonName.objects.create(person=person, script="burmese", full_name="မလိ")
    people.IdentityDocument.objects.create(
        person=person, kind="passport", number="MC1234567", issuing_country="MM"
    )
    with translation.override("th"):
        from saphan.core.thai import format_date_be

        facts = [
            format_date_be(dt.date(2007, 3, 14), long=True),
            str(people.Sex.FEMININE.label),
            country_name("MM"),
            language_name("my"),
            "Mali Thotsop",
            "MC1234567",
        ]
    pdf = screening_form_pdf(actor=kk["cw"], case=kk["case"])
    text = pdf_text(pdf)
    for fact in facts:
        assert contains(text, fact), fact
    assert uses_only_sarabun(pdf)  # the Burmese name is not printed as empty boxes
    police_text = pdf_text(screening_form_pdf(actor=kk["police"], case=kk["case"]))
    assert "MC1234567" not in police_text and "Mali" not in police_text


def test_someone_who_cannot_view_the_case_gets_permission_denied(kk):
    with pytest.raises(PermissionDenied):
        screening_form_pdf(actor=kk["outsider"], case=kk["case"])
    with pytest.raises(PermissionDenied):
        case_summary_pdf(actor=kk["outsider"], case=kk["case"], path="/x")
    assert not ReadAccess.objects.filter(user=kk["outsider"]).exists()


def test_each_generation_is_logged(kk):
    screening_form_pdf(actor=kk["police"], case=kk["case"], blank=True)
    case_summary_pdf(actor=kk["police"], case=kk["case"])
    rows = ReadAccess.objects.filter(user=kk["police"], record_id=str(kk["case"].pk))
    assert sorted(rows.values_list("purpose", flat=True)) == [SUMMARY_PURPOSE, SCREENING_PURPOSE]
    assert all(r.scope.startswith("assigned:") for r in rows)


# --- the case summary --------------------------------------------------------------------------
def test_case_summary_has_the_case_deadlines_decisions_and_footer(kk):
    pdf = case_summary_pdf(actor=kk["sup"], case=kk["case"])
    assert pdf.startswith(b"%PDF-") and uses_only_sarabun(pdf)
    text = pdf_text(pdf)
    assert 1 <= page_count(text) <= 3
    for wanted in (
        kk["case"].code,
        be_year(),
        PERSON_NAME,  # a supervisor sees identity
        "พบการหลอกลวงและการยึดเอกสาร",  # the decision's reasons
        "ร.ต.อ. ทดสอบ",  # a member present
        thai("Confidential — for the protection of victims only"),
        thai("Synthetic data (demonstration)"),  # test settings: SAPHAN_DEMO
        kk["sup"].display_name,  # who generated it
        f"1/{page_count(text)}",
    ):
        assert contains(text, wanted), wanted
    with translation.override("th"):
        from saphan.cases import clocks

        for deadline in clocks.case_deadlines(kk["case"]):
            assert contains(text, deadline.label)


def test_no_demo_mark_outside_the_demo(kk, settings):
    settings.SAPHAN_DEMO = False
    text = pdf_text(case_summary_pdf(actor=kk["sup"], case=kk["case"]))
    assert not contains(text, thai("Synthetic data (demonstration)"))


def test_english_reader_gets_english_labels_and_be_dates(kk):
    kk["sup"].language = "en"
    text = pdf_text(case_summary_pdf(actor=kk["sup"], case=kk["case"]))
    assert "Case summary" in text and be_year() in text


def test_later_tracks_appear_among_the_key_dates(kk):
    from saphan.cases import services

    if not hasattr(services, "shelter_stay_start"):
        pytest.skip("the shelter-stay track is not installed")
    started = timezone.localdate() - dt.timedelta(days=1)
    shelter = kk["case"].temporary_protections.get().shelter
    services.shelter_stay_start(
        actor=kk["cw"], case=kk["case"], shelter=shelter, started_on=started
    )
    text = pdf_text(case_summary_pdf(actor=kk["sup"], case=kk["case"]))
    from saphan.core.thai import format_date_be

    assert contains(text, format_date_be(started))


def test_the_language_is_the_readers_or_thai():
    from saphan.core.pdf import language_of

    assert language_of(SimpleNamespace(language="en")) == "en"
    assert language_of(SimpleNamespace(language="")) == "th"
    assert language_of(SimpleNamespace(language="xx")) == "th"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/Sarabun-Regular.ttf",
        (FONT_DIR / ".." / ".." / "x.ttf").as_uri(),
    ],
)
def test_the_renderer_may_load_the_sarabun_files_and_nothing_else(url):
    with pytest.raises(ValueError):
        FontsOnlyFetcher()(url)
    font = FontsOnlyFetcher()((FONT_DIR / "Sarabun-Regular.ttf").as_uri())
    font.close()


def test_css_string_cannot_close_the_style_element():
    assert css_string('a"b\\c</style>\nd') == '"a\\22 b\\5c c\\3c /style\\3e \\a d"'


# --- the views ---------------------------------------------------------------------------------
@pytest.mark.urls("saphan.cases.tests.test_pdf")
def test_views_return_inline_pdfs_and_404_for_an_invisible_case(kk, client):
    code = kk["case"].code
    client.force_login(kk["cw"])
    for url in (
        f"/cases/{code}/pdf/screening-form/",
        f"/cases/{code}/pdf/screening-form/?blank=1",
        f"/cases/{code}/pdf/summary/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'inline; filename="{code}.pdf"'
        assert "no-store" in response["Cache-Control"]
        assert response.content.startswith(b"%PDF-")
    purposes = ReadAccess.objects.filter(user=kk["cw"]).values_list("purpose", "path")
    assert (SCREENING_PURPOSE, f"/cases/{code}/pdf/screening-form/") in purposes
    client.force_login(kk["outsider"])
    assert client.get(f"/cases/{code}/pdf/summary/").status_code == 404
    assert client.get(f"/cases/{code}/pdf/screening-form/?blank=1").status_code == 404
    assert client.get("/cases/40-2500-99999/pdf/summary/").status_code == 404


# --- the places of the case ---------------------------------------------------------------------
def pdf_cells(pdf: bytes) -> str:
    """The text in reading order (no -layout): a table cell's wrapped lines stay together."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return out.stdout.decode("utf-8")


def test_both_pdfs_print_where_recruited_moved_exploited_and_found(kk):
    from saphan.cases.models import Intake
    from saphan.cases.services import place_add
    from saphan.geo.models import District

    case = kk["case"]
    district = District.objects.create(
        code="4001", name_th="เมืองขอนแก่น", name_en="Mueang Khon Kaen", province=case.province
    )
    today = timezone.localdate()
    place_add(
        actor=kk["cw"], case=case, place_type="Recruitment", setting="", country="TH",
        district=district, description="ร้านอินเทอร์เน็ตหน้าตลาด",
        date_from=today - dt.timedelta(days=120),
    )  # fmt: skip
    place_add(
        actor=kk["cw"], case=case, place_type="Transit", setting="other", country="LA",
        description="ด่านห้วยโก๋น", date_from=today - dt.timedelta(days=110),
    )  # fmt: skip
    place_add(
        actor=kk["cw"], case=case, place_type="Exploitation", setting="scam_compound",
        country="MM", description="เคเคปาร์ค เมียวดี", date_from=today - dt.timedelta(days=100),
        date_to=today - dt.timedelta(days=20),
    )  # fmt: skip
    Intake.objects.filter(case=case).update(
        place_province=case.province, place_district=district, place_detail="สถานีขนส่งขอนแก่น"
    )
    with translation.override("th"):
        wanted = [
            thai("Recruitment"), thai("Transit"), thai("Exploitation"),
            thai("Where found"), thai("Scam compound"),
            country_name("MM"), country_name("LA"), "เมืองขอนแก่น",
            "ร้านอินเทอร์เน็ตหน้าตลาด", "ด่านห้วยโก๋น", "เคเคปาร์ค", "สถานีขนส่งขอนแก่น",
        ]  # fmt: skip
    for pdf in (
        screening_form_pdf(actor=kk["cw"], case=case),
        case_summary_pdf(actor=kk["cw"], case=case),
    ):
        text = pdf_cells(pdf)
        for fact in wanted:
            assert contains(text, fact), fact
        # the story's order: recruited, moved, exploited, found
        order = [skeleton(text).find(skeleton(x)) for x in wanted[8:]]
        assert order[0] < order[1] < order[2] < order[3], order
    blank = pdf_cells(screening_form_pdf(actor=kk["cw"], case=case, blank=True))
    assert contains(blank, thai("Where found"))
    assert not contains(blank, "เคเคปาร์ค")


# --- scripts Sarabun does not have -------------------------------------------------------------
KHMER_NOTE = "គាត់និយាយថា គេយកលិខិតឆ្លងដែនរបស់គាត់"  # "he says they took his passport"


def test_khmer_in_a_case_note_prints_in_its_own_embedded_font(kk):
    # Words noted as the person said them, in Khmer: Sarabun has no Khmer, so the PDF's font
    # stack falls back to the vendored Noto Sans Khmer, embedded; nothing becomes a box.
    screening = kk["case"].screenings.order_by("-interviewed_at").first()
    type(screening).objects.filter(pk=screening.pk).update(notes=f"{NOTES} — {KHMER_NOTE}")
    pdf = screening_form_pdf(actor=kk["cw"], case=kk["case"])
    text = pdf_text(pdf)
    assert KHMER_NOTE.replace(" ", "") in re.sub(r"\s+", "", text)
    fonts = embedded_fonts(pdf)
    assert "Noto-Sans-Khmer" in fonts
    assert all(f.startswith(("Sarabun", "Noto-Sans-")) for f in fonts), fonts


def test_the_renderer_may_load_the_vendored_noto_fonts_but_no_other_woff2():
    from saphan.core.pdf import NOTO_DIRS, VENDOR_DIR

    noto = next(iter(NOTO_DIRS))
    FontsOnlyFetcher()(next(noto.glob("*.woff2")).as_uri()).close()
    sarabun_web = VENDOR_DIR / "fontsource-sarabun" / "files" / "sarabun-thai-400-normal.woff2"
    with pytest.raises(ValueError):
        FontsOnlyFetcher()(sarabun_web.as_uri())
    with pytest.raises(ValueError):
        FontsOnlyFetcher()((noto / ".." / "LICENSE").as_uri())


def test_every_pdf_stylesheet_falls_back_to_the_noto_fonts():
    from pathlib import Path

    from django.conf import settings

    from saphan.core.pdf import FONT_STACK

    sheets = list((Path(settings.BASE_DIR) / "templates").glob("*/pdf/*"))
    families = [
        m.strip()
        for sheet in sheets
        for m in re.findall(r"font-family:\s*([^;]+);", sheet.read_text())
    ]
    assert families and all(f == FONT_STACK for f in families), set(families)


# --- the text layer: what a reader copies, searches or hears is the Thai that was written -------
def test_each_case_pdf_gives_back_the_thai_it_prints_and_is_tagged(kk, printed_html):
    # The sample (sara am, tone marks over upper vowels, ฐ ญ, leading vowels) as the decision's
    # reasons, the screening notes and the person's name; then every word of each document,
    # labels included, must come back from pdftotext as written.
    from saphan.cases.models.stages import IdentificationDecision
    from saphan.people.models import Person

    case = kk["case"]
    IdentificationDecision.objects.filter(case=case).update(reasons=SAMPLE)
    case.screenings.update(notes=SAMPLE)
    Person.objects.filter(pk=case.parties.get(role="victim").person_id).update(
        full_name="ญาณี ฐิติกำจร"
    )
    for make in (
        lambda: case_summary_pdf(actor=kk["sup"], case=case),
        lambda: screening_form_pdf(actor=kk["cw"], case=case),
    ):
        pdf = make()
        assert_text_layer(pdf, printed_html[-1])
        assert "ญาณี ฐิติกำจร" in extracted_text(pdf)
    blank = screening_form_pdf(actor=kk["cw"], case=case, blank=True)
    assert_text_layer(blank, printed_html[-1], sample=[])
