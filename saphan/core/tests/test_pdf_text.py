"""The text layer of the PDFs (saphan/core/pdf_text.py): the Thai a reader copies or searches is
the Thai that was written, the pages look exactly as WeasyPrint draws them, and every PDF is
tagged."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from saphan.core.pdf import FONT_STACK, font_css, html_to_pdf
from saphan.core.tests.pdf_text_layer import SAMPLE, extracted_text, is_tagged, misread_words

# sara am before sara aa (the first use of the glyph decided every later one), sara aa before
# sara am, sara am after each tone mark, stacked marks, a tone mark over a tall consonant.
ORDERS = [
    "กำหนด ผู้เสียหาย",
    "ผู้เสียหาย กำหนด",
    "ค่ำ น้ำ ป๊ำ ป๋ำ ทำ",
    "ที่นี่ ชื่อ เรื่อง ปั้น ฝั่ง ฟ้า ปี๊บ",
]


def _html(text: str, css: str = "") -> str:
    return (
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><title>ทดสอบ</title>'
        f"<style>{font_css()} body {{ font-family: {FONT_STACK}; {css} }}</style></head>"
        f"<body><p>{text}</p></body></html>"
    )


def _tokens(text: str) -> list[str]:
    return text.split()


def test_the_copy_of_draw_first_line_is_in_place_for_this_weasyprint():
    from weasyprint.draw import text

    from saphan.core import pdf_text

    assert pdf_text.install(), "WeasyPrint is not the version pdf_text.py was copied from"
    assert text.draw_first_line is pdf_text.draw_first_line


@pytest.mark.parametrize("text", [SAMPLE, *ORDERS])
@pytest.mark.parametrize("css", ["", "font-size: 20pt; font-weight: 700", "font-style: italic"])
def test_every_word_comes_back_exactly_as_written(text, css):
    pdf = html_to_pdf(_html(text, css))
    assert _tokens(extracted_text(pdf)) == _tokens(text)
    assert is_tagged(pdf)


def test_a_long_paragraph_that_wraps_comes_back_whole():
    # Thai lines wrap between words that have no space between them (กำหนด|การ): the text comes
    # back whole with the line breaks taken out, and every word as written.
    text = " ".join([SAMPLE] * 12)
    html = _html(text)
    pdf = html_to_pdf(html)
    assert "".join(extracted_text(pdf).split()) == "".join(text.split())
    assert misread_words(pdf, html) == ([], len(text.split()))


def test_the_pages_look_exactly_as_weasyprint_draws_them(monkeypatch, tmp_path):
    # The text layer changes what is read, never what is drawn: the same page rendered with
    # WeasyPrint's own draw_first_line is the same picture, pixel for pixel.
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (Debian: apt-get install poppler-utils)")
    from weasyprint.draw import text

    from saphan.core import pdf_text

    html = _html(" ".join([SAMPLE, *ORDERS]), "font-size: 14pt")
    ours = html_to_pdf(html)
    monkeypatch.setattr(pdf_text, "install", lambda: False)
    monkeypatch.setattr(text, "draw_first_line", pdf_text.WEASYPRINTS_OWN)
    theirs = html_to_pdf(html)
    assert extracted_text(ours) != extracted_text(theirs)  # WeasyPrint's own reads differently
    pictures = []
    for name, pdf in (("ours", ours), ("theirs", theirs)):
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-singlefile", name + ".pdf", name],
            cwd=tmp_path,
            check=True,
            timeout=60,
        )
        pictures.append((tmp_path / f"{name}.png").read_bytes())
    assert pictures[0] == pictures[1]
