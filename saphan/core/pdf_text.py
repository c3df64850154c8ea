"""The text layer of our PDFs: what a reader gets back when they copy, search or extract the text
is the Thai that was written.

Why this module exists. WeasyPrint (70) writes one Unicode value per glyph in the font's
``ToUnicode`` map, taken from the first place the glyph is drawn (``draw_first_line`` in
``weasyprint/draw/text.py``; upstream Kozea/WeasyPrint#2841, open). HarfBuzz's Thai shaper always
draws sara am (ำ U+0E33) as two glyphs, nikhahit and sara aa, and moves the nikhahit before a
tone mark (``น้ำ`` is drawn น ํ ้ า, its last three glyphs one cluster). So:

* the sara aa glyph is mapped to whichever of า and ำ comes first in the document, and every
  later one reads the same: ``ผู้เสียหาย`` came out as ``ผู้เสียหำย`` in a case summary that said
  ``กำหนด`` before it, and ``กำหนด`` as ``กาหนด`` in a plan report that said ``ผู้เสียหาย`` first;
* the other glyphs of a cluster are mapped to nothing, so a tone mark before sara am vanishes.

Lao (ຳ), Khmer and Myanmar vowels drawn as two glyphs go wrong the same way.

Text extractors also guess words from where glyphs stand, and Thai marks fool them: a tone or
vowel mark drawn where its consonant ends starts where the next glyph starts, which poppler takes
for a glyph drawn twice (fake bold) and splits the word there (``ที่ไม่`` read ``ทีไ่ ม่``); a mark
pulled left over a tall consonant leaves a gap read as a space (``ปั้น`` read ``ปั้ น``).

What this does instead, line by line (Pango's runs of one font each):

1. A glyph first drawn inside a cluster of several glyphs (the glyphs HarfBuzz shaped from one
   stretch of text) is mapped to the character the font's own cmap gives it (sara aa's glyph is
   า, nikhahit's is ํ), so one ำ no longer changes every า in the document; a glyph the cmap
   does not name (Sarabun's ligature of nikhahit and a tone mark) gets the characters of its
   cluster no other glyph stands for. A viewer that reads only this map gets ``น้ํา`` for
   ``น้ำ``: the same text once normalised (NFKC), where WeasyPrint's map gave ``นา``.
2. A syllable (a cluster that moves the pen and the clusters of marks after it) that has more
   than one glyph, a glyph raised or pushed off the pen, or glyphs whose map does not spell its
   text, is wrapped in a marked-content span with ``/ActualText`` (PDF 32000-1, 14.9.4), the
   text the reader copies and searches; neighbouring such syllables share one span. A span
   starts at the syllable's consonant and, when its last mark ends left of the pen, takes the
   next syllable in, so the extractor sees neither a stacked glyph nor a gap. Poppler (pdftotext,
   the tests' reader; Evince), Acrobat and PDFium (Chrome, Edge) read ActualText.

Right-to-left runs are left as WeasyPrint draws them (no document prints Arabic or Hebrew). The
spans nest inside the marked content WeasyPrint tags (PDF/UA); poppler's structure-text reader
(``pdfinfo -struct-text``) mishandles nested marked content without an MCID and cuts a tagged
span's text at the first ActualText span; its text extraction (pdftotext) reads them right.

Everything else, what is drawn and where, is WeasyPrint's own code, unchanged (the pages render
to the same pixels): the function below is WeasyPrint 70.0's ``draw_first_line``
(BSD-3-Clause, Copyright Kozea) with the two steps added where it walks the glyphs (marked
``[saphan]``). ``install()`` puts it in place of WeasyPrint's only for the version it was copied
from; with any other version WeasyPrint's own runs and the text-layer tests fail, which is the
prompt to look again (and to drop this module once upstream maps clusters itself).
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from xml.etree import ElementTree

import pydyf
import weasyprint
from PIL import Image
from weasyprint.draw import text as weasyprint_text
from weasyprint.draw.text import LOGGER, get_hb_object_data, get_last_word_end
from weasyprint.images import RasterImage, SVGImage
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango

COPIED_FROM = "70.0"  # the WeasyPrint version draw_first_line below was copied from
# A gap (in em) between the end of a cluster's last glyph and the next cluster's start that an
# extractor may read as a space; poppler breaks words at a tenth of an em.
GAP_EM = 0.05
WEASYPRINTS_OWN = weasyprint_text.draw_first_line  # as imported, before install()


def install() -> bool:
    """Use the text layer above for every PDF WeasyPrint makes in this process. True when
    installed, False when the WeasyPrint version is not the one this was written for."""
    if weasyprint.__version__ != COPIED_FROM:
        return False
    weasyprint_text.draw_first_line = draw_first_line
    return True


# --- the clusters of a run and their text -----------------------------------------------------
@dataclass
class _Glyph:
    id: int | None  # None for Pango's empty glyph (nothing drawn)
    advance: float  # in em
    x_offset: float  # in em
    raised: bool  # drawn above or below the baseline (a text rise)


@dataclass
class _Cluster:
    first: tuple[int, int]  # (run, glyph) indexes of its first glyph in the line
    last: tuple[int, int]  # and of its last
    text: str
    glyphs: int = 0
    advance: float = 0.0  # in em
    unspelled: bool = False  # its glyphs, read through the map, do not spell its text
    moved: bool = False  # a glyph drawn off the pen: raised or pushed sideways
    gap: float = 0.0  # how far (em) its last glyph ends left of where the next one starts


def _nominal_glyphs(font) -> dict[int, str]:
    """glyph id → the character the font's cmap maps to it (the lowest, when several)."""
    cached = getattr(font, "_saphan_nominal", None)
    if cached is None:
        from fontTools.ttLib import TTFont

        cached = {}
        try:
            ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
            for codepoint, name in sorted(ttfont.getBestCmap().items(), reverse=True):
                cached[ttfont.getGlyphID(name)] = chr(codepoint)
        except Exception:  # a font fontTools cannot read: keep WeasyPrint's mapping
            cached = {}
        font._saphan_nominal = cached
    return cached


def _map_cluster(font, glyph_ids: list[int], text: str) -> None:
    """Give the cluster's glyphs that have no Unicode value yet one (step 1 above)."""
    to_unicode = font.to_unicode
    new = [g for g in dict.fromkeys(glyph_ids) if g not in to_unicode]
    if not new:
        return
    if len(glyph_ids) == 1:
        to_unicode[glyph_ids[0]] = text
        return
    nominal = _nominal_glyphs(font)
    pool = list(unicodedata.normalize("NFKD", text))
    stands_for = {}  # glyph → the characters it stands for, where known
    for g in glyph_ids:
        chars = to_unicode.get(g, nominal.get(g))
        if chars is not None and all(c in pool for c in chars):
            stands_for[g] = chars
            for c in chars:
                pool.remove(c)
    rest = "".join(pool)  # what no glyph of the cluster stands for: the first unnamed one does
    for g in new:
        to_unicode[g], rest = (stands_for[g], rest) if g in stands_for else (rest, "")


def _measure(glyph_item, font_size, font) -> list[_Glyph]:
    """The glyphs of a run as ``draw_first_line`` draws them, measured in em."""
    glyphs = []
    glyph_string = glyph_item.glyphs
    for glyph_info in glyph_string.glyphs[0 : glyph_string.num_glyphs]:
        glyph_id = glyph_info.glyph
        if glyph_id == pango.PANGO_GLYPH_EMPTY:
            glyph_id = None
        elif glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
            glyph_id = font.get_unused_glyph_id(glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG)
        geometry = glyph_info.geometry
        glyphs.append(
            _Glyph(
                id=glyph_id,
                advance=geometry.width * FROM_UNITS / font_size,
                x_offset=geometry.x_offset * FROM_UNITS / font_size,
                raised=bool(geometry.y_offset) and glyph_id is not None,
            )
        )
    return glyphs


def _clusters(run: int, glyph_item, font, font_size, utf8_text: bytes) -> list[_Cluster]:
    """The run's clusters in drawing order, each mapped (step 1) and measured. None for a
    right-to-left run (Arabic, Hebrew: no document prints them), left to WeasyPrint."""
    if glyph_item.item.analysis.level % 2:
        return []
    glyphs = _measure(glyph_item, font_size, font)
    log_clusters = [glyph_item.glyphs.log_clusters[i] for i in range(len(glyphs))]
    offset, length = glyph_item.item.offset, glyph_item.item.length
    starts = sorted(set(log_clusters))
    end_of = dict(zip(starts, [*starts[1:], length], strict=True))
    clusters: list[_Cluster] = []
    for i, start in enumerate(log_clusters):
        if clusters and log_clusters[i - 1] == start:
            clusters[-1].last = (run, i)
        else:
            text = utf8_text[offset + start : offset + end_of[start]].decode()
            clusters.append(_Cluster(first=(run, i), last=(run, i), text=text))
    for cluster in clusters:
        own = glyphs[cluster.first[1] : cluster.last[1] + 1]
        cluster.glyphs = len(own)
        cluster.advance = sum(g.advance for g in own)
        cluster.moved = any(g.raised or abs(g.x_offset) > GAP_EM for g in own)
        last = own[-1]
        cluster.gap = -last.x_offset if last.advance == 0 else 0.0
        ids = [g.id for g in own if g.id is not None]
        if ids:
            _map_cluster(font, ids, cluster.text)
            spelled = "".join(font.to_unicode.get(g, "") for g in ids)
            cluster.unspelled = spelled != cluster.text
    return clusters


def _run_font(stream, textbox, glyph_item):
    """(font, font size) of a run, as ``draw_first_line`` takes them."""
    font, font_size = stream.add_font(glyph_item.item.analysis.font)
    # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530 (WeasyPrint's own).
    if pango.pango_version() < 14802 or font.png:
        font_size = textbox.style["font_size"]
    return font, font_size


def _marked(syllable: list[_Cluster]) -> bool:
    """Whether extractors misread the syllable unless told its text: a mark on its base (drawn
    where the base ends, it reads as a duplicate of the glyph next to it and splits the word),
    a glyph raised or pushed off the pen, or glyphs that do not spell its text."""
    return sum(c.glyphs for c in syllable) > 1 or any(c.unspelled or c.moved for c in syllable)


def _spans(clusters: list[_Cluster]) -> dict[tuple[int, int], tuple[tuple[int, int], str]]:
    """(run, glyph) where each span to mark starts → ((run, glyph) where it ends, ActualText).

    A syllable is a cluster that advances the pen and the clusters of marks that follow it. A
    span starts at a syllable's base, so extractors place its text on the base's baseline; it
    takes in the marked syllables that follow, and the next syllable when its last mark ends
    left of where the pen is."""
    syllables: list[list[_Cluster]] = []
    for cluster in clusters:
        if syllables and cluster.advance == 0:
            syllables[-1].append(cluster)
        else:
            syllables.append([cluster])
    spans = {}
    i = 0
    while i < len(syllables):
        if not _marked(syllables[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(syllables) and (
            syllables[j][-1].gap > GAP_EM or _marked(syllables[j + 1])
        ):
            j += 1
        taken = [c for syllable in syllables[i : j + 1] for c in syllable]
        spans[taken[0].first] = (taken[-1].last, "".join(c.text for c in taken))
        i = j + 1
    return spans


def _close(string: str) -> str:
    """A TJ operand being built, closed (an empty trailing ``<`` dropped)."""
    return string[:-1] if string.endswith("<") else string + ">"


# --- WeasyPrint 70.0's draw_first_line, with the spans -----------------------------------------
def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """Draw the given ``textbox`` line to the document ``stream``."""
    # Don’t draw lines with only invisible characters.
    if not textbox.text.strip():
        return []

    if textbox.style["font_size"] < 1e-6:  # default float precision used by pydyf
        return []

    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)

    if text_overflow == "ellipsis" or block_ellipsis != "none":
        assert textbox.pango_layout.max_width is not None
        max_width = textbox.pango_layout.max_width
        pango.pango_layout_set_width(textbox.pango_layout.layout, int(max_width * TO_UNITS))
        if text_overflow == "ellipsis":
            pango.pango_layout_set_ellipsize(textbox.pango_layout.layout, pango.PANGO_ELLIPSIZE_END)
        else:
            if block_ellipsis == "auto":
                ellipsis = "…"
            else:
                assert block_ellipsis[0] == "string"
                ellipsis = block_ellipsis[1]

            # Remove last word if hyphenated.
            new_text = textbox.pango_layout.text
            if new_text.endswith(textbox.style["hyphenate_character"]):
                last_word_end = get_last_word_end(
                    new_text[: -len(textbox.style["hyphenate_character"])], textbox.style["lang"]
                )
                if last_word_end:
                    new_text = new_text[:last_word_end]

            textbox.pango_layout.set_text(new_text + ellipsis)

    first_line, index = textbox.pango_layout.get_first_line()

    if block_ellipsis != "none":
        while index:
            last_word_end = get_last_word_end(
                textbox.pango_layout.text[: -len(ellipsis)], textbox.style["lang"]
            )
            if last_word_end is None:
                break
            new_text = textbox.pango_layout.text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)
            first_line, index = textbox.pango_layout.get_first_line()

    stream.set_text_matrix(*matrix.values)
    previous_pango_font = None
    string = ""
    x_advance = 0
    emojis = []
    # [saphan] The line's runs, their clusters mapped and measured, and the spans to mark.
    utf8_text = textbox.pango_layout.text.encode()
    glyph_items, run = [], first_line.runs[0]
    while run != ffi.NULL:
        glyph_items.append(run.data)
        run = run.next
    line_clusters = []
    for run_index, glyph_item in enumerate(glyph_items):
        font, font_size = _run_font(stream, textbox, glyph_item)
        line_clusters += _clusters(run_index, glyph_item, font, font_size, utf8_text)
    spans, span_end = _spans(line_clusters), None

    for run_index, glyph_item in enumerate(glyph_items):
        # Get Pango objects.
        glyph_string = glyph_item.glyphs
        glyphs_info = glyph_string.glyphs
        num_glyphs = glyph_string.num_glyphs
        clusters = glyph_string.log_clusters

        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            # Add font file content and get font size.
            previous_pango_font = pango_font
            font, font_size = stream.add_font(pango_font)

            # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530.
            # This is also needed by raster emoji fonts, see #2800.
            if pango.pango_version() < 14802 or font.png:
                font_size = textbox.style["font_size"]

            # Go through the run glyphs.
            if string:
                stream.show_text(string)
            string = ""
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)

        string += "<"
        for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):
            glyph_id = glyph_info.glyph
            width = glyph_info.geometry.width

            # [saphan] Open a span whose text is the clusters' own.
            if (run_index, i) in spans:
                string = _close(string)
                if string:
                    stream.show_text(string)
                span_end, actual_text = spans[run_index, i]
                stream.begin_marked_content(
                    "Span", pydyf.Dictionary({"ActualText": pydyf.String(actual_text)})
                )
                string = "<"

            # Display zero-width empty glyph.
            if glyph_id == pango.PANGO_GLYPH_EMPTY:
                string += f">{-width / font_size}<"
            else:
                # Display .notdef and log warning for missing glyphs.
                if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                    codepoint = glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG
                    LOGGER.warning(
                        ".notdef glyph rendered for Unicode string unsupported by fonts: "
                        '"%s" (U+%04X)',
                        chr(codepoint),
                        codepoint,
                    )
                    glyph_id = font.get_unused_glyph_id(codepoint)
                    font.widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                    if 0 not in font.widths:
                        # "width" is actually Pango’s get_approximate_char_width. Force
                        # .notdef’s to use this width, even if it’s not the right, as we
                        # want to keep Pango’s layout for next glyphs.
                        font.widths[0] = font.widths[glyph_id]

                # Create mapping between glyphs and Unicode codepoints.
                if glyph_id not in font.to_unicode:
                    # [saphan] Mapped above, cluster by cluster; this only as a safety net.
                    offset = glyph_item.item.offset
                    t1 = clusters[i]
                    if glyph_item.item.analysis.level % 2:  # rtl
                        t2 = glyph_item.item.length if i == 0 else clusters[i - 1]
                    else:
                        t2 = glyph_item.item.length if i == num_glyphs - 1 else clusters[i + 1]
                    font.to_unicode[glyph_id] = utf8_text[offset + t1 : offset + t2].decode()

                # Set horizontal and vertical offsets.
                offset = glyph_info.geometry.x_offset / font_size
                rise = glyph_info.geometry.y_offset / 1000
                if rise:
                    if string[-1] == "<":
                        string = string[:-1]
                    else:
                        string += ">"
                    if string:
                        stream.show_text(string)
                    stream.set_text_rise(-rise)
                    string = ""
                    if offset:
                        string = f"{-offset}"
                    string += f"<{glyph_id:02x}>" if font.bitmap else f"<{glyph_id:04x}>"
                    stream.show_text(string)
                    stream.set_text_rise(0)
                    string = "<"
                else:
                    if offset:
                        string += f">{-offset}<"
                    string += f"{glyph_id:02x}" if font.bitmap else f"{glyph_id:04x}"

                # Get glyph logical widths.
                if glyph_id in font.widths:
                    logical_width = font.widths[glyph_id]
                else:
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect, stream.logical_rect
                    )
                    logical_width = font.widths[glyph_id] = round(
                        stream.logical_rect.width * 1000 * FROM_UNITS / font_size
                    )

                # Set kerning, word spacing, letter spacing.
                kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
                if kerning:
                    string += f">{int(kerning)}<"

                # Create list of emojis.
                if font.svg:
                    svg_data = get_hb_object_data(font.hb_face, "svg", glyph_id)
                    if svg_data:
                        # Do as explained in specification
                        # https://learn.microsoft.com/typography/opentype/spec/svg
                        tree = ElementTree.fromstring(svg_data)
                        if tree.get("id") != f"glyph{glyph_id}":
                            defs = ElementTree.Element("defs")
                            for child in list(tree):
                                defs.append(child)
                                tree.remove(child)
                            tree.append(defs)
                            ElementTree.SubElement(
                                tree, "use", attrib={"href": f"#glyph{glyph_id}"}
                            )
                        if "viewBox" not in tree.attrib:
                            tree.attrib["viewBox"] = f"0 0 {font.upem} {font.upem}"
                        image = SVGImage(tree, None, None, None)
                        a = d = 1
                        emojis.append([image, font, a, d, x_advance, 0])
                elif font.png:
                    png_data = get_hb_object_data(font.hb_font, "png", glyph_id)
                    if png_data:
                        pillow_image = Image.open(io.BytesIO(png_data))
                        image_id = f"{font.hash}{glyph_id}"
                        image = RasterImage(pillow_image, image_id, png_data)
                        d = logical_width / 1000
                        a = pillow_image.width / pillow_image.height * d
                        pango.pango_font_get_glyph_extents(
                            pango_font, glyph_id, stream.ink_rect, stream.logical_rect
                        )
                        f = -stream.logical_rect.y
                        f = f * FROM_UNITS / font_size - font_size
                        emojis.append([image, font, a, d, x_advance, f])
                elif font.colr:
                    svg_data = get_hb_object_data(font.hb_font, "colr", glyph_id)
                    if svg_data:
                        tree = ElementTree.fromstring(svg_data)
                        image = SVGImage(tree, None, None, None)
                        a = d = 1
                        e = x_advance - kerning
                        emojis.append([image, font, a, d, e, -textbox.baseline])

                x_advance += (logical_width + offset - kerning) / 1000

            # [saphan] Close the span after its last glyph.
            if (run_index, i) == span_end:
                string = _close(string)
                if string:
                    stream.show_text(string)
                stream.end_marked_content()
                string = "<"
                span_end = None

        # Close the last glyphs list, remove if empty.
        if string[-1] == "<":
            string = string[:-1]
        else:
            string += ">"

    # Draw text.
    stream.show_text(string)
    if span_end is not None:  # [saphan] a span is never left open
        stream.end_marked_content()

    return emojis
