"""Snippets and highlighting of search results: escaped HTML with the matched words in <mark>."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Thai signs that belong to the letter before them (vowels above and below, tone marks, sara
# a, aa, am, lakkhangyao) and the vowels written before the letter they follow in speech.
_THAI_TRAILING = frozenset("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45"
                           "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")  # fmt: skip
_THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


def _cut(text: str, at: int, *, reach: int) -> int:
    """A place near ``at`` where ``text`` may be cut without splitting a Thai syllable's
    letters from their signs: a space within ``reach`` characters before it, else the start
    of the letter cluster ``at`` falls in (the vowel or tone mark goes with its letter, a
    leading vowel with the letter after it)."""
    if at <= 0 or at >= len(text):
        return max(0, min(at, len(text)))
    space = text.rfind(" ", at - reach, at + 1)
    if space >= 0:
        return space + 1
    while at > 0 and text[at] in _THAI_TRAILING:
        at -= 1
    while at > 0 and text[at - 1] in _THAI_LEADING:
        at -= 1
    return at


def snippet(text: str, words: list[str], width: int = 220) -> str:
    """The part of ``text`` around the first matched word, cut where a word or at least a Thai
    letter cluster begins (never between a letter and its vowel or tone mark)."""
    lower = text.casefold()
    positions = [p for w in words if (p := lower.find(w)) >= 0]
    start = _cut(text, max(min(positions) - 60, 0), reach=30) if positions else 0
    end = _cut(text, start + width, reach=30)
    if end <= start:
        end = min(start + width, len(text))
    piece = text[start:end].strip()
    return ("…" if start else "") + piece + ("…" if end < len(text) else "")


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]):
    """One regular expression for the words, longest first; None for no words."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


def highlight(text: str, words: list[str], *, pattern=None) -> str:
    """``text`` escaped, each occurrence of a matched word in <mark>."""
    pattern = pattern or _pattern(tuple(words))
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
