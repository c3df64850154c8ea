"""Official documents as PDF: Thai HTML made by Django templates, rendered by WeasyPrint with the
Sarabun TTFs of the ``fontpkg-sarabun`` package embedded (the machines have no Thai system font,
and a PDF must look the same on every printer). Burmese, Khmer and Lao (migrants' names, notes in
their words, the rights notice in their language) fall back to the vendored Noto Sans
Myanmar/Khmer/Lao woff2 files (static/vendor, WeasyPrint embeds woff2): every PDF stylesheet
names ``FONT_STACK``. Only those font files can be loaded while rendering: nothing in a record
can make the renderer fetch a URL or read another file.

Every PDF is tagged PDF/UA-1 (WeasyPrint's ``pdf/ua-1`` variant: a structure tree of the HTML,
the document's language and title) and its text layer gives back the text that was written
(pdf_text.py: WeasyPrint's own map garbles Thai sara am and stacked marks when copied or searched).

Used by the case PDFs (cases/documents_pdf.py), the rights notice (cases/rights_notice.py), the
plan reports (plans/documents.py) and the official reports of insight (insight/reports.py)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import fontpkg_sarabun
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

FONT_DIR = (Path(fontpkg_sarabun.ROOT) / "files").resolve()
VENDOR_DIR = (Path(settings.BASE_DIR) / "static" / "vendor").resolve()
# (family, folder, script): the fallbacks for the scripts Sarabun does not have.
NOTO_FACES = [
    ("Noto Sans Myanmar", "fontsource-noto-sans-myanmar", "myanmar"),
    ("Noto Sans Khmer", "fontsource-noto-sans-khmer", "khmer"),
    ("Noto Sans Lao", "fontsource-noto-sans-lao", "lao"),
]
NOTO_DIRS = frozenset((VENDOR_DIR / folder / "files") for _f, folder, _s in NOTO_FACES)
# What a PDF stylesheet writes after ``font-family:``; Pango takes each character from the first
# family that has it, so Thai and Latin come from Sarabun and the rest from its Noto font.
FONT_STACK = '"Sarabun", "Noto Sans Myanmar", "Noto Sans Khmer", "Noto Sans Lao"'
# (file, weight, style): the faces the templates use.
FONT_FACES = [
    ("Sarabun-Regular.ttf", 400, "normal"),
    ("Sarabun-Italic.ttf", 400, "italic"),
    ("Sarabun-SemiBold.ttf", 600, "normal"),
    ("Sarabun-Bold.ttf", 700, "normal"),
    ("Sarabun-BoldItalic.ttf", 700, "italic"),
]


def language_of(actor) -> str:
    """The language a document for this user is written in: theirs, else Thai."""
    lang = (getattr(actor, "language", "") or "").lower()
    return lang if lang in {code for code, _name in settings.LANGUAGES} else "th"


def css_string(text: str) -> SafeString:
    """``text`` as a quoted CSS string, safe inside a <style> element (margin-box content)."""
    out = []
    for ch in str(text):
        if ch in '"\\<>&':
            out.append(f"\\{ord(ch):x} ")
        elif ch == "\n":
            out.append("\\a ")
        elif ord(ch) < 0x20:
            out.append(" ")
        else:
            out.append(ch)
    return mark_safe('"' + "".join(out) + '"')  # every special character is escaped above


@cache
def font_css() -> SafeString:
    """The @font-face rules of the embedded Sarabun faces (a template's ``font_css``)."""
    rules = [
        "@font-face { font-family: 'Sarabun'; "
        f"src: url('{(FONT_DIR / name).as_uri()}') format('truetype'); "
        f"font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in FONT_FACES
    ]
    rules += [
        f"@font-face {{ font-family: '{family}'; "
        f"src: url('{(VENDOR_DIR / folder / 'files' / f'noto-sans-{script}-{script}-{weight}-normal.woff2').as_uri()}') "
        f"format('woff2'); font-weight: {weight}; font-style: normal; }}"
        for family, folder, script in NOTO_FACES
        for weight in (400, 700)
    ]
    return mark_safe("\n".join(rules))  # built from our own constants


class FontsOnlyFetcher:
    """Lets WeasyPrint read the Sarabun and Noto font files and nothing else (no network, no
    other file)."""

    def __init__(self):
        from weasyprint.urls import URLFetcher

        self._fetcher = URLFetcher(allowed_protocols={"file"}, fail_on_errors=False)
        self._fail_on_errors = False

    def __call__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise ValueError(f"not loaded in a PDF: {url}")
        wanted = Path(unquote(parts.path)).resolve()
        sarabun = wanted.parent == FONT_DIR and wanted.suffix.lower() == ".ttf"
        noto = wanted.parent in NOTO_DIRS and wanted.suffix.lower() == ".woff2"
        if not (sarabun or noto):
            raise ValueError(f"not loaded in a PDF: {url}")
        return self._fetcher.fetch(url)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a complete HTML document, with only the Sarabun files loadable."""
    # Imported here: WeasyPrint loads Pango through cffi, which only PDF requests need.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from .pdf_text import install

    install()  # the text layer: see pdf_text.py
    font_config = FontConfiguration()
    fetcher = FontsOnlyFetcher()
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher)
    # Tagged for screen readers and reflow: PDF/UA-1 as WeasyPrint offers it.
    return document.write_pdf(font_config=font_config, pdf_variant="pdf/ua-1")
