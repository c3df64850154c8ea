"""The public tip form on a 360-px phone in the five languages (Thai, English, Burmese, Khmer,
Lao), chosen with the page's language buttons; a photo whose EXIF and GPS position are gone on
the server; the phone's location sent only after the consent tick, rounded to about 1 km; and
the rights notice PDF in Burmese."""

import io
import json
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}
CODE = re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$")

# What the informant sees in each language: the form's title and the status of a new report.
LANGUAGES = {
    "th": ("แจ้งเบาะแสการค้ามนุษย์", "ได้รับเรื่องแล้ว"),
    "en": ("Report a concern about human trafficking", "Received: the provincial team"),
    "my": ("လူကုန်ကူးမှုနှင့် ပတ်သက်၍", "လက်ခံရရှိပြီ"),
    "km": ("រាយការណ៍ពីការព្រួយបារម្ភអំពីការជួញដូរមនុស្ស", "បានទទួល"),
    "lo": ("ແຈ້ງຄວາມກັງວົນກ່ຽວກັບການຄ້າມະນຸດ", "ໄດ້ຮັບແລ້ວ"),
}
# A few words of the description in the informant's own script, so each tip is its own.
WORDS = {
    "th": "มีคนงานถูกขังในโรงงาน",
    "en": "Workers are locked inside a factory",
    "my": "အလုပ်သမားများကို စက်ရုံထဲတွင် ပိတ်ထားသည်",
    "km": "កម្មករត្រូវបានចាក់សោនៅក្នុងរោងចក្រ",
    "lo": "ຄົນງານຖືກກັກຢູ່ໃນໂຮງງານ",
}


def _phone(browser, saphan_server, **extra):
    # Each test is an informant of its own (the public form's rate limit counts per sender;
    # the browser-test server trusts one proxy, conftest.py).
    sender = f"198.51.100.{uuid.uuid4().int % 250 + 1}, 203.0.113.{uuid.uuid4().int % 250 + 1}"
    context = browser.new_context(
        base_url=saphan_server.base_url, locale="th-TH", viewport=PHONE, is_mobile=True,
        has_touch=True, extra_http_headers={"X-Forwarded-For": sender}, **extra,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page is {width}px wide on a 360-px phone"


def _pick_language(page, lang: str) -> None:
    page.click(f"#language-picker button[value={lang}]")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(f"#language-picker button[value={lang}]")).to_have_attribute(
        "aria-pressed", "true"
    )


def _fill_the_form(page, description: str) -> None:
    page.fill("#id_description", description)
    # The province list opens on a prompt, not on dashes.
    expect(page.locator("#id_province option").first).not_to_have_text(re.compile("^-+$"))
    page.select_option("#id_province", "40")
    expect(page.locator("#id_district option")).not_to_have_count(1)
    page.select_option("#id_district", index=1)


def _server_tip(saphan_server, code: str) -> dict:
    out = saphan_server.manage(
        "shell",
        "-c",
        "import json; from saphan.network.models import Tip; "
        f"t = Tip.objects.get(tracking_code='{code}'); "
        "print(json.dumps({'description': t.description, "
        "'photo': t.photo.path if t.photo else '', "
        "'latitude': None if t.latitude is None else str(t.latitude), "
        "'longitude': None if t.longitude is None else str(t.longitude)}))",
    )
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_tip_form_in_each_language_on_a_phone(browser, saphan_server, artifacts, lang):
    title, received = LANGUAGES[lang]
    context, page = _phone(browser, saphan_server)
    try:
        page.goto("/network/tip/")
        _pick_language(page, lang)
        expect(page.locator("h1")).to_contain_text(title)
        # The emergency numbers are buttons a thumb can call.
        expect(page.locator("#call-1300")).to_have_attribute("href", "tel:1300")
        expect(page.locator("#call-191")).to_have_attribute("href", "tel:191")
        assert page.locator("#call-1300").bounding_box()["height"] >= 44
        description = f"{WORDS[lang]} {uuid.uuid4().hex[:8]}"
        _fill_the_form(page, description)
        _no_sideways_scroll(page)
        page.screenshot(path=str(artifacts / f"tip-form-{lang}-360.png"), full_page=True)
        page.click("#public-tip-form button[type=submit]")
        code = page.locator("#tracking-code")
        expect(code).to_have_text(CODE)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        tracking = code.inner_text()
        page.click(f"main a[href*='tip/status/?code={tracking}']")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("#tip-status")).to_contain_text(received)
        expect(page.locator("#tip-status")).to_contain_text(tracking)
        expect(page.locator("main")).not_to_contain_text(description)  # only the status
        _no_sideways_scroll(page)
        assert _server_tip(saphan_server, tracking)["description"] == description
    finally:
        context.close()


def _jpeg_with_gps(path: Path) -> None:
    from PIL import Image

    image = Image.new("RGB", (1200, 900), (30, 110, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneCam 9"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (16.0, 26.0, 4.4)
    gps[3], gps[4] = "E", (102.0, 50.0, 10.1)
    image.save(path, format="JPEG", exif=exif)
    with Image.open(path) as check:
        assert check.getexif().get_ifd(0x8825)  # the photo sent does carry a GPS position


def test_a_photo_loses_its_exif_and_the_location_needs_consent(
    browser, saphan_server, artifacts, tmp_path
):
    from PIL import Image

    photo = tmp_path / "IMG_20261205_0930.jpg"
    _jpeg_with_gps(photo)
    context, page = _phone(
        browser, saphan_server, geolocation={"latitude": 16.43456, "longitude": 102.83612},
        permissions=["geolocation"],
    )  # fmt: skip
    try:
        page.goto("/network/tip/")
        _pick_language(page, "en")
        description = f"A van takes girls from the village at night {uuid.uuid4().hex[:8]}"
        _fill_the_form(page, description)
        page.set_input_files("#id_photo", str(photo))
        # Nothing is asked of the phone before the tick.
        assert page.input_value("#id_latitude") == ""
        page.check("#id_share_location")
        expect(page.locator("#tip-location-status")).to_contain_text("16.43, 102.84")
        page.screenshot(path=str(artifacts / "tip-photo-location-360.png"), full_page=True)
        page.click("#public-tip-form button[type=submit]")
        expect(page.locator("#tracking-code")).to_have_text(CODE)
        tip = _server_tip(saphan_server, page.locator("#tracking-code").inner_text())
    finally:
        context.close()
    assert (tip["latitude"], tip["longitude"]) == ("16.43", "102.84")
    stored = Path(tip["photo"])
    assert stored.exists() and "IMG_20261205" not in stored.name
    data = stored.read_bytes()
    with Image.open(io.BytesIO(data)) as kept:
        assert kept.format == "JPEG" and kept.size == (1200, 900)
        assert not kept.getexif() and "exif" not in kept.info
    assert b"Exif" not in data and b"PhoneCam" not in data and b"PhoneMaker" not in data


def test_the_location_is_not_kept_without_the_tick(browser, saphan_server):
    context, page = _phone(
        browser, saphan_server, geolocation={"latitude": 16.43456, "longitude": 102.83612},
        permissions=["geolocation"],
    )  # fmt: skip
    try:
        page.goto("/network/tip/")
        _fill_the_form(page, f"ไม่ส่งตำแหน่ง {uuid.uuid4().hex[:8]}")
        page.check("#id_share_location")
        expect(page.locator("#tip-location-status")).to_contain_text("16.43")
        page.uncheck("#id_share_location")  # changed their mind: the position is emptied
        assert page.input_value("#id_latitude") == ""
        page.click("#public-tip-form button[type=submit]")
        expect(page.locator("#tracking-code")).to_have_text(CODE)
        tip = _server_tip(saphan_server, page.locator("#tracking-code").inner_text())
    finally:
        context.close()
    assert tip["latitude"] is None and tip["longitude"] is None


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_rights_notice_in_burmese_page_and_pdf(browser, saphan_server, artifacts, tmp_path):
    context, page = _phone(browser, saphan_server)
    try:
        page.goto("/network/tip/")
        _pick_language(page, "my")
        page.click("#rights-link")
        expect(page.locator("h1")).to_have_text("လူကုန်ကူးမှု ခံရသူအဖြစ် သင်၏ အခွင့်အရေးများ")
        expect(page.locator("#right-compensation")).to_contain_text("လျော်ကြေး")
        _no_sideways_scroll(page)
        page.screenshot(path=str(artifacts / "rights-notice-my-360.png"), full_page=True)
        href = page.get_attribute("#rights-pdf", "href")
        response = page.request.get(href)  # the page's own cookies: the language picked
        assert response.ok and response.headers["content-type"] == "application/pdf"
        pdf = tmp_path / "rights-my.pdf"
        pdf.write_bytes(response.body())
    finally:
        context.close()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    # pdftotext breaks Burmese words where glyphs are reordered; compare without the gaps,
    # on words of the notice (intro, compensation, ministry) that extract in order.
    flat = re.sub(r"\s+", "", text)
    for word in ("သင့်ဘာသာစကားဖြင့်", "ထိခိုက်နစ်နာမှုအတွက်", "ဝန်ကြီးဌာန"):
        assert word in flat, word
    assert sum("\u1000" <= ch <= "\u109f" for ch in text) > 500
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Noto-Sans-Myanmar" in fonts
