"""Matching keys of a name: computed in one place for what is stored and what is searched.

A name written at intake is compared with names written months earlier by someone else, in
another office, perhaps from a passport in Latin letters or as heard through an interpreter.
Each name therefore carries, per word:

- ``udom83`` and ``lk82``: Thai soundex codes (pythainlp), equal for spellings that sound
  alike (ศรีสุข / สีสุข, ธนพล / ทนพล) and blind to tone marks;
- ``latin_keys``: a loose "sound" of the word in Latin letters, from royin romanisation of
  Thai words and from the letters of Latin words, with the spelling habits of Thai names in
  passports folded together (j/ch, ee/i, oo/u, ph/p, v/w...), so ``สมชาย ใจดี`` meets
  ``Somchai Jaidee``;

and, for the whole name, ``normalized`` text and ``romanized`` text, both searched by pg_trgm.
Words in other scripts (Burmese, Lao, Khmer, Chinese) only get the normalised text: there is
no offline romaniser for them that the field would trust.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _
from pythainlp.soundex import soundex
from pythainlp.transliterate import romanize

from saphan.core.thai import normalize_text, tokens


class NameScript(models.TextChoices):
    THAI = "thai", _("Thai")
    LATIN = "latin", _("Latin")
    BURMESE = "burmese", _("Burmese")
    LAO = "lao", _("Lao")
    KHMER = "khmer", _("Khmer")
    CHINESE = "chinese", _("Chinese")
    OTHER = "other", _("Other")


# Unicode blocks of each script (start, end inclusive).
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0E00, 0x0E7F, NameScript.THAI),
    (0x0E80, 0x0EFF, NameScript.LAO),
    (0x1000, 0x109F, NameScript.BURMESE),  # Myanmar, incl. Shan and Mon letters
    (0xA9E0, 0xA9FF, NameScript.BURMESE),  # Myanmar Extended-B
    (0xAA60, 0xAA7F, NameScript.BURMESE),  # Myanmar Extended-A
    (0x1780, 0x17FF, NameScript.KHMER),
    (0x19E0, 0x19FF, NameScript.KHMER),  # Khmer symbols
    (0x3400, 0x4DBF, NameScript.CHINESE),
    (0x4E00, 0x9FFF, NameScript.CHINESE),
    (0xF900, 0xFAFF, NameScript.CHINESE),
    (0x20000, 0x3134F, NameScript.CHINESE),
    (0x0041, 0x005A, NameScript.LATIN),
    (0x0061, 0x007A, NameScript.LATIN),
    (0x00C0, 0x024F, NameScript.LATIN),  # Latin-1 supplement and Extended-A/B
    (0x1E00, 0x1EFF, NameScript.LATIN),  # Latin Extended Additional (Vietnamese)
)


def _char_script(char: str) -> str | None:
    point = ord(char)
    for start, end, script in _SCRIPT_RANGES:
        if start <= point <= end:
            return script
    return None


def detect_script(text: str) -> str:
    """The script most letters of ``text`` are written in; ``other`` when none is known."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha() and unicodedata.category(char) not in {"Mn", "Mc"}:
            continue
        script = _char_script(char)
        if script is None:
            counts[NameScript.OTHER] = counts.get(NameScript.OTHER, 0) + 1
            continue
        counts[script] = counts.get(script, 0) + 1
    if not counts:
        return NameScript.OTHER
    return str(max(counts.items(), key=lambda item: item[1])[0])


_THAI_CONSONANT = re.compile("[ก-ฮ]")


def ascii_letters(word: str) -> str:
    """Latin letters without accents, lower case (`Nguyễn` → `nguyen`); everything else goes."""
    return "".join(
        char
        for char in unicodedata.normalize("NFKD", word.casefold())
        if char.isascii() and char.isalpha()
    )


# Spelling habits of Thai names in Latin letters, folded so that the royin spelling and the
# passport spelling of one name meet. Order matters: digraphs first, then vowels.
_LATIN_FOLDS: tuple[tuple[str, str], ...] = (
    ("x", "ks"),
    ("tch", "c"),
    ("ch", "c"),
    ("j", "c"),
    ("sh", "s"),
    ("ph", "p"),
    ("bh", "p"),
    ("th", "t"),
    ("dh", "t"),
    ("kh", "k"),
    ("gh", "k"),
    ("ck", "k"),
    ("q", "k"),
    ("v", "w"),
    ("z", "s"),
    ("ee", "i"),
    ("ea", "i"),
    ("ii", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("uu", "u"),
    ("aa", "a"),
    ("ay", "ai"),
    ("oy", "oi"),
    ("uy", "ui"),
    ("ey", "ei"),
)
_VOWELS = frozenset("aeiou")


def latin_sound(word: str) -> str:
    """A loose key for how a Latin-letter word sounds: `Jaidee`, `Chaidi` → `caidi`."""
    text = ascii_letters(word)
    if not text:
        return ""
    for old, new in _LATIN_FOLDS:
        text = text.replace(old, new)
    # A final y after a consonant is a vowel (Somjitty), an h after a vowel is silent (Sukh,
    # Preecha-h): both are added by hand-written spellings and never by royin.
    text = re.sub(r"(?<=[^aeiou])y$", "i", text)
    text = re.sub(r"(?<=[aeiou])h", "", text)
    # A Thai final ร or ล is said n, and royin writes n; passports keep the letter (Pornthip,
    # Thanaphol, Sakorn).
    text = re.sub(r"rn", "n", text)
    text = re.sub(r"(?<=[aeiou])l$", "n", text)
    # Doubled letters (Sittichai / Sitichai, Pattama / Patama).
    return re.sub(r"(.)\1+", r"\1", text)


def latin_skeleton(sound: str) -> str:
    """The consonants of a sound key, for the vowels Thai leaves unwritten and romanisations
    guess differently (ธนพล: royin thonphon, passport Thanaphol → both tnpn). Too short a
    skeleton would match half the country, so it is kept only from four consonants up."""
    skeleton = re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyw]", "", sound))
    return f"~{skeleton}" if len(skeleton) >= 4 else ""


def romanize_word(word: str) -> str:
    """Royin for a Thai word, the plain letters for a Latin word, nothing for other scripts."""
    if _THAI_CONSONANT.search(word):
        return ascii_letters(romanize(word, engine="royin"))
    return ascii_letters(word) if detect_script(word) == NameScript.LATIN else ""


@dataclass(frozen=True)
class WordKeys:
    text: str  # the normalised word
    script: str
    udom83: str = ""
    lk82: str = ""
    romanized: str = ""
    latin: str = ""
    skeleton: str = ""


@dataclass(frozen=True)
class NameKeys:
    normalized: str
    tokens: list[str] = field(default_factory=list)
    words: list[WordKeys] = field(default_factory=list)

    # The per-word keys are stored aligned with the words of ``normalized`` ("" where a word
    # has no such key), so the scorer can read them back word by word without recomputing;
    # "" never matches a query, which only ever carries non-empty keys.
    @property
    def udom83(self) -> list[str]:
        return [w.udom83 for w in self.words]

    @property
    def lk82(self) -> list[str]:
        return [w.lk82 for w in self.words]

    @property
    def latin_keys(self) -> list[str]:
        """The sound key of each word (aligned), then the consonant skeletons (``~...``)."""
        return [w.latin for w in self.words] + [w.skeleton for w in self.words if w.skeleton]

    @property
    def romanized(self) -> str:
        return " ".join(w.romanized for w in self.words if w.romanized)

    @property
    def typo_keys(self) -> list[str]:
        """Each word and its forms with one letter left out (see ``typo_keys``)."""
        return sorted({k for w in self.words for k in typo_keys(w.text)})

    def query_keys(self) -> tuple[list[str], list[str], list[str]]:
        """The non-empty udom83, lk82 and Latin keys, for searching."""
        return (
            [k for k in self.udom83 if k],
            [k for k in self.lk82 if k],
            [k for k in self.latin_keys if k],
        )


def stored_words(
    normalized: str, udom83: list[str], lk82: list[str], latin_keys: list[str]
) -> list[WordKeys]:
    """The word keys of a stored name, read back from its aligned key arrays."""
    words = normalized.split()
    n = len(words)
    if len(udom83) != n or len(lk82) != n or len(latin_keys) < n:
        return name_keys(normalized).words  # written by an older version of the keys
    return [_stored_word(text, udom83[i], lk82[i], latin_keys[i]) for i, text in enumerate(words)]


@lru_cache(maxsize=65536)
def _stored_word(text: str, udom83: str, lk82: str, latin: str) -> WordKeys:
    """One stored word's keys (cached: the same given names come back in check after check)."""
    if udom83 or lk82:
        script = NameScript.THAI
    elif latin:
        script = NameScript.LATIN
    else:
        script = NameScript.OTHER
    return WordKeys(
        text=text,
        script=script,
        udom83=udom83,
        lk82=lk82,
        latin=latin,
        skeleton=latin_skeleton(latin),
    )


def word_keys(word: str) -> WordKeys:
    script = detect_script(word)
    if _THAI_CONSONANT.search(word):
        roman = romanize_word(word)
        sound = latin_sound(roman)
        return WordKeys(
            text=word,
            script=NameScript.THAI,
            udom83=soundex(word, engine="udom83"),
            lk82=soundex(word, engine="lk82"),
            romanized=roman,
            latin=sound,
            skeleton=latin_skeleton(sound),
        )
    if script == NameScript.LATIN:
        roman = ascii_letters(word)
        sound = latin_sound(roman)
        return WordKeys(
            text=word,
            script=script,
            romanized=roman,
            latin=sound,
            skeleton=latin_skeleton(sound),
        )
    return WordKeys(text=word, script=script)


# Titles are part of how a name is said, not of the name: นายสมชาย and สมชาย are one person.
_TITLES = frozenset(
    {"นาย", "นาง", "นางสาว", "น.ส.", "นส.", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.", "mr", "mr.",
     "mrs", "mrs.", "ms", "ms.", "miss", "master"}
)  # fmt: skip
# Thai titles are often written glued to the given name (นายสมชาย). Only unambiguous ones are
# cut off: a given name may well start with นาง (นางนวล).
_GLUED_TITLES = ("นางสาว", "เด็กชาย", "เด็กหญิง", "น.ส.", "ด.ช.", "ด.ญ.", "นาย")
_WORD_SEPARATORS = re.compile(r"[\s\-‐-―,;:/()\[\]\"'`]+")


def name_words(normalized: str) -> list[str]:
    """The words of a normalised name, titles dropped, split on spaces and punctuation."""
    words = [w for w in normalized.split() if w.strip(".") and w not in _TITLES]
    if words:
        for title in _GLUED_TITLES:
            if words[0].startswith(title) and len(words[0]) > len(title) + 1:
                words[0] = words[0][len(title) :]
                break
    parts = [part for w in words for part in _WORD_SEPARATORS.split(w)]
    return [p.strip(".") for p in parts if p.strip(".")]


TYPO_MIN_LETTERS = 4
# Thai vowel and tone marks written above or below a consonant.
_THAI_MARK = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_LEADING_MARKS = re.compile(f"^[{_THAI_MARK}]+")
_DOUBLED_MARK = re.compile(f"([{_THAI_MARK}])\\1+")
_THAI_LETTER = re.compile("[\u0e00-\u0e7f]")


def _thai_canonical(text: str) -> str:
    """What normalize_text makes of a Thai word left without one letter: a mark with no
    consonant before it goes, a mark now written twice is written once (cheap; no pythainlp)."""
    return _DOUBLED_MARK.sub(r"\1", _LEADING_MARKS.sub("", text))


def typo_keys(word: str) -> list[str]:
    """The word and every form of it with one letter left out (its deletion neighbourhood).

    Two spellings one slip apart — a letter replaced, left out, added or swapped with its
    neighbour, a tone mark dropped — always share one of these keys, so a GIN index over them
    finds a misspelt word without comparing it with every name. Words of fewer than
    ``TYPO_MIN_LETTERS`` letters give only themselves (their neighbourhoods say nothing).
    """
    if len(word) < TYPO_MIN_LETTERS:
        return [word] if word else []
    variants = {word[:i] + word[i + 1 :] for i in range(len(word))}
    if _THAI_LETTER.search(word):
        variants = {_thai_canonical(v) for v in variants}
    return sorted({word, *(v for v in variants if v)})


def name_keys(text: str) -> NameKeys:
    """Every matching key of one name as written. Words are split on spaces, not by a
    tokenizer: newmm would cut the given name สมชาย into the dictionary words สม + ชาย."""
    words = name_words(normalize_text(text))
    return NameKeys(
        normalized=" ".join(words),
        tokens=tokens(" ".join(words)),
        words=[word_keys(word) for word in words],
    )


# --- one index over every key ------------------------------------------------------------------
# The stored side: every key of a name in one array, each prefixed by its kind so a Thai sound
# key never meets a typo key of the same letters. An expression GIN index over this function
# (PersonName.Meta, migration people 0005) lets a query word be one probe of one index and two
# words one scan with two keys — not four indexes ORed and ANDed bitmap by bitmap, which cost
# four times as much at national scale. Changing the function means a new migration that
# recreates it and rebuilds the index.
MATCH_KEYS_FUNCTION = "saphan_match_keys"
MATCH_KEYS_SQL = f"""
CREATE OR REPLACE FUNCTION {MATCH_KEYS_FUNCTION}(udom83 text[], lk82 text[], latin text[],
                                             typo text[])
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT 'u' || x FROM unnest(udom83) x WHERE x <> '')
      || ARRAY(SELECT 'l' || x FROM unnest(lk82) x WHERE x <> '')
      || ARRAY(SELECT 'a' || x FROM unnest(latin) x WHERE x <> '')
      || ARRAY(SELECT 't' || x FROM unnest(typo) x WHERE x <> '')
$$
"""
MATCH_KEYS_EXPR = f"{MATCH_KEYS_FUNCTION}(n.udom83, n.lk82, n.latin_keys, n.typo_keys)"


def word_match_keys(word: WordKeys) -> list[str]:
    """The query side: the keys under which a stored name holding this word (sounding alike in
    Thai, alike in Latin letters, or one slip apart) is indexed."""
    keys = [f"u{word.udom83}", f"l{word.lk82}", f"a{word.latin}", f"a{word.skeleton}"]
    keys = [k for k in keys if len(k) > 1]
    keys += [f"t{k}" for k in slip_keys(word.text)]
    return sorted(set(keys))


def slip_keys(word: str) -> list[str]:
    """The typo keys worth looking up: a Thai word whose leading letter is left out can shrink
    to one letter once its marks are dropped (ขิ่น -> น), and one letter is shared by a fiftieth
    of the register while saying nothing about the word."""
    return [k for k in typo_keys(word) if len(k) >= 2]
