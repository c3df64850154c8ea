"""A tip from a phone (photo without metadata, a consented and rounded location, tap-to-call) and
the public pages in the migrants' languages (Burmese, Khmer, Lao besides Thai and English)."""

import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from saphan.network.models import Tip

from .test_views import a_tip, form_data


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def gps_jpeg(size=(800, 600)) -> bytes:
    """A JPEG with a camera model, an orientation and a GPS position in its EXIF."""
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x0110] = "PhoneCam 9"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (16.0, 26.0, 0.0)
    gps[3], gps[4] = "E", (102.0, 50.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_the_photo_is_kept_without_exif_or_gps_and_turned_upright(client, net, media):
    data = gps_jpeg()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the test photo has GPS
    # named like a text file: the content decides, not the name
    photo = SimpleUploadedFile("IMG_0001.txt", data, content_type="text/plain")
    r = client.post(reverse("network:public_tip"), form_data(photo=photo))
    assert r.status_code == 200
    tip = Tip.objects.get()
    stored = Path(tip.photo.path)
    assert (
        stored.is_relative_to(media) and stored.suffix == ".jpg" and "IMG_0001" not in stored.name
    )
    with Image.open(stored) as kept:
        assert kept.format == "JPEG"
        assert not kept.getexif() and "exif" not in kept.info
        assert kept.size == (600, 800)  # orientation 6 applied before the EXIF was dropped
    assert b"PhoneCam" not in stored.read_bytes()


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_kept(client, net, media):
    fake = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff" + b"not really" * 50, "image/jpeg")
    r = client.post(reverse("network:public_tip"), form_data(photo=fake))
    assert r.status_code == 200 and not Tip.objects.exists()
    assert "The file is not a photo (JPEG, PNG or WebP)." in r.content.decode() or (
        "ไม่ใช่รูปภาพ" in r.content.decode()
    )
    assert "ศาลาวัด" in r.content.decode()  # what was typed is still there
    assert not (media / "tip-photos").exists() or not any((media / "tip-photos").rglob("*.*"))


def test_a_photo_over_the_limit_is_refused(client, net, settings):
    settings.TIP_PHOTO_MAX_BYTES = 1000
    r = client.post(
        reverse("network:public_tip"),
        form_data(photo=SimpleUploadedFile("a.jpg", gps_jpeg(), "image/jpeg")),
    )
    assert r.status_code == 200 and not Tip.objects.exists()


def test_the_location_is_kept_only_with_consent_and_rounded_to_about_1_km(client, net):
    client.post(reverse("network:public_tip"), form_data(latitude="16.43456", longitude="102.8361"))
    assert Tip.objects.get().latitude is None  # no tick, no position
    Tip.objects.all().delete()
    client.post(
        reverse("network:public_tip"),
        form_data(share_location="on", latitude="16.43456", longitude="102.8361"),
    )
    tip = Tip.objects.get()
    assert (tip.latitude, tip.longitude) == (Decimal("16.43"), Decimal("102.84"))


def test_an_impossible_position_is_refused(client, net):
    r = client.post(
        reverse("network:public_tip"),
        form_data(share_location="on", latitude="95", longitude="100"),
    )
    assert r.status_code == 200 and not Tip.objects.exists()


def test_the_tip_photo_is_shown_only_to_the_province_that_triages_it(client, net):
    client.post(
        reverse("network:public_tip"),
        form_data(photo=SimpleUploadedFile("p.png", _png(), "image/png")),
    )
    tip = Tip.objects.get()
    url = reverse("network:tip_photo", args=[tip.pk])
    assert client.get(url).status_code == 302  # not signed in: to the sign-in page
    client.force_login(net["cw_tak"])
    assert client.get(url).status_code == 404  # another province
    client.force_login(net["cw"])
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    assert url in client.get(reverse("network:tip", args=[tip.pk])).content.decode()
    plain = a_tip(net)
    assert client.get(reverse("network:tip_photo", args=[plain.pk])).status_code == 404


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 90, 200)).save(out, format="PNG")
    return out.getvalue()


def test_tap_to_call_links_and_a_thai_prompt_for_the_province(client, net):
    page = client.get(reverse("network:public_tip")).content.decode()
    assert 'href="tel:1300"' in page and 'href="tel:191"' in page
    assert "---------" not in page
    assert "— เลือกจังหวัด —" in page


@pytest.mark.parametrize(
    ("lang", "title", "script"),
    [
        ("th", "แจ้งเบาะแส", ("\u0e00", "\u0e7f")),
        ("en", "Report a concern about human trafficking", ("A", "z")),
        ("my", "လူကုန်ကူး", ("\u1000", "\u109f")),
        ("km", "ការជួញដូរមនុស្ស", ("\u1780", "\u17ff")),
        ("lo", "ການຄ້າມະນຸດ", ("\u0e80", "\u0eff")),
    ],
)
def test_the_public_pages_in_five_languages(client, net, lang, title, script):
    client.post(reverse("set_language"), {"language": lang, "next": "/network/tip/"})
    tip_page = client.get(reverse("network:public_tip")).content.decode()
    assert f'<html lang="{lang}">' in tip_page and title in tip_page
    for name in ("network:tip_status", "network:rights_notice"):
        text = client.get(reverse(name)).content.decode()
        assert any(script[0] <= ch <= script[1] for ch in text), name


@pytest.mark.parametrize("lang", ["my", "km", "lo"])
def test_no_thai_is_left_on_the_migrants_pages(client, net, lang):
    """Every string of these pages is in the catalogue: nothing falls back to Thai, except the
    Thai names of places in the pickers (as on the signs) and Thai named in the language
    picker."""
    client.post(reverse("set_language"), {"language": lang, "next": "/"})
    pages = [
        client.get(reverse("network:public_tip")),
        client.post(reverse("network:public_tip"), {"description": ""}),  # with the errors
        client.get(reverse("network:tip_status"), {"code": "XXXXX-XXXXX"}),
        client.get(reverse("network:rights_notice")),
    ]
    left = {}
    for r in pages:
        html = r.content.decode()
        html = re.sub(r"<select.*?</select>", "", html, flags=re.S)
        # the pickers name each language in its own script
        html = re.sub(
            r'<form[^>]*class="(lang-switch|language-picker)[^"]*".*?</form>', "", html, flags=re.S
        )
        if thai := re.findall(r"[\u0e00-\u0e7f]+", html):
            left[r.request["PATH_INFO"]] = thai
    assert not left


def test_a_staff_page_in_burmese_still_works(client, net):
    client.force_login(net["cw"])
    client.post(reverse("set_language"), {"language": "my", "next": "/"})
    assert client.get(reverse("network:triage")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_rights_notice_pdf_in_burmese_has_burmese_text(client, net, tmp_path):
    client.post(reverse("set_language"), {"language": "my", "next": "/"})
    r = client.get(reverse("network:rights_notice_pdf"))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(r.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    # pdftotext breaks Burmese words where glyphs are reordered; compare without the gaps,
    # on words of the notice (intro, compensation, ministry) that extract in order.
    flat = re.sub(r"\s+", "", text)
    for word in ("သင့်ဘာသာစကားဖြင့်", "ထိခိုက်နစ်နာမှုအတွက်", "ဝန်ကြီးဌာန"):
        assert word in flat, word
    assert sum("\u1000" <= ch <= "\u109f" for ch in text) > 500
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Noto-Sans-Myanmar" in fonts


@pytest.mark.parametrize("lang", ["th", "en", "my", "km", "lo"])
def test_the_rights_notice_pdf_gives_back_every_word_it_prints_and_is_tagged(
    client, db, printed_html, lang
):
    # Every word of the notice, in each language it is handed over in, comes back from
    # pdftotext as written: Thai sara am and stacked tone marks, Lao ຳ, Khmer and Burmese vowels
    # drawn as two glyphs (before, 34 of 110 Burmese words and 15 of 60 Khmer came back).
    from saphan.core.tests.pdf_text_layer import assert_text_layer

    client.post(reverse("set_language"), {"language": lang, "next": "/"})
    r = client.get(reverse("network:rights_notice_pdf"))
    assert r.status_code == 200
    assert_text_layer(r.content, printed_html[-1], sample=[])
    if lang == "th":  # the Thai notice has what garbled: sara am before sara aa
        assert "คำปรึกษา" in printed_html[-1] and "ผู้เสียหาย" in printed_html[-1]
