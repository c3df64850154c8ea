"""Reading a PDF's text layer back, for the tests of every document the app prints: the words a
reader copies, searches or hears read aloud are the words that were written, and the PDF is
tagged.

The ``printed_html`` fixture (conftest.py) keeps the HTML of every document rendered while the
test runs; ``assert_text_layer(pdf, html)`` then checks every word that HTML prints against what
``pdftotext`` reads from the PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

# Thai written the ways that garbled: sara am (ำ) alone, after a tone mark (น้ำ ค่ำ) and before
# words with sara aa (า); tone marks over upper vowels (ที่ นี่ ปั้น ปี๊บ ชื่อ); ฐ and ญ, whose
# lower parts the font swaps before a lower vowel (กตัญญู ฐูป); the leading vowels เ แ โ ใ ไ.
SAMPLE = "กำหนดการ น้ำค่ำ สำนักงาน ที่นี่ ปั้น ปี๊บ ชื่อ ฐานะ ฐูป ญาติ กตัญญู เจ้าหน้าที่ แม่น้ำ โรงเรียน ใจ ไป ผู้เสียหาย"
SAMPLE_WORDS = SAMPLE.split()

# The tags whose text is not printed on the page.
_UNPRINTED = {"head", "title", "style", "script"}


class _Words(HTMLParser):
    """The words of an HTML document's body text, split at whitespace and at every tag (a word
    broken by a tag, <b>ผู้</b>เสียหาย, is checked as its two pieces)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _UNPRINTED:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in _UNPRINTED and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.words += data.split()


_CONTENT = re.compile(r"content:([^;}]*)")
_CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?|\\(.)")


def _margin_words(html: str) -> list[str]:
    """The words of the page margins (running headers and footers): the strings in the
    ``content`` of the stylesheets' @page rules."""
    words = []
    for style in re.findall(r"<style>(.*?)</style>", html, re.S):
        for value in _CONTENT.findall(style):
            for string in _CSS_STRING.findall(value):
                text = _CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], string)
                words += text.split()
    return words


def html_words(html: str) -> list[str]:
    """Every word the document prints: its body text and its page margins."""
    parser = _Words()
    parser.feed(html)
    parser.close()
    return parser.words + _margin_words(html)


def _poppler(tool: str, *args: str, pdf: bytes) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (Debian: apt-get install poppler-utils)")
    out = subprocess.run(
        [tool, *args, "-", "-"] if tool == "pdftotext" else [tool, *args, "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return out.stdout.decode("utf-8")


def extracted_text(pdf: bytes) -> str:
    """What pdftotext reads from the PDF, in reading order."""
    return _poppler("pdftotext", "-enc", "UTF-8", pdf=pdf)


def is_tagged(pdf: bytes) -> bool:
    return re.search(r"^Tagged:\s+yes$", _poppler("pdfinfo", pdf=pdf), re.M) is not None


def misread_words(pdf: bytes, html: str) -> tuple[list[str], int]:
    """(the words of the HTML the PDF's text layer does not give back, how many words there are).

    A word is given back when it stands in the extracted text as written. The only whitespace
    allowed inside it is a line break, where the line wrapped (Thai has no spaces between words,
    so lines wrap inside a run of letters); a space inside a word is a misreading."""
    text = extracted_text(pdf).replace("\n", "")
    words = html_words(html)
    return [w for w in words if w not in text], len(words)


def assert_text_layer(pdf: bytes, html: str, sample: list[str] = SAMPLE_WORDS) -> None:
    """The PDF is tagged, prints every word of ``sample`` and gives back every word it prints."""
    words = html_words(html)
    assert [w for w in sample if w not in words] == [], "the sample is not in the document"
    misread, total = misread_words(pdf, html)
    assert misread == [], f"{len(misread)} of {total} words misread: {misread}"
    assert is_tagged(pdf)
