"""Matching keys of a name: computed in one place for what is stored and what is searched.

A name written at intake is compared with names written months earlier by someone else, in
another office, perhaps from a passport in Latin letters or as heard through an interpreter.
Each name therefore carries, per word:

- ``udom83`` and ``lk82``: Thai soundex codes (pythainlp), equal for spellings that sound
  alike (ศรีสุข / สีสุข, ธนพล / ทนพล) and blind to tone marks;
- ``latin_keys``: a loose "sound" of the word in Latin letters, from the RTGS romanisation of
  Thai words by pythainlp's thai2rom model (``THAI_ROMANISER``; its royin rules drop the
  vowels Thai leaves unwritten: สุวรรณ suan, รัตนา ratna, ประเสริฐ praserit, where the model
  and the passport say suwan, rattana, prasoet) and from the letters of Latin words, with the spelling habits of Thai names in
  passports folded together (j/ch, ee/i, oo/u, ph/p, v/w...), so ``สมชาย ใจดี`` meets
  ``Somchai Jaidee``;

and, for the whole name, ``normalized`` text and ``romanized`` text, both searched by pg_trgm.
A Lao word gets the Thai keys of its Thai spelling (Lao letters map one to one onto Thai
ones), a Myanmar syllable the Latin key of its passport spelling (phonetic.myanmar_latin).
Words in other scripts (Khmer, Chinese) only get the normalised text and their phonetic form
(phonetic.py): there is no offline romaniser for them that the field would trust.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import combinations, product

from django.db import models
from django.utils.translation import gettext_lazy as _
from pythainlp.soundex import soundex
from pythainlp.transliterate import romanize

from saphan.core.thai import normalize_text, tokens

from .latin_folds import ascii_letters, fold_latin
from .phonetic import (
    forms_of,
    lao_as_thai_spelling,
    myanmar_latin,
    myanmar_syllables,
    phonetic_forms,
)


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


def latin_sound(word: str) -> str:
    """A loose key for how a Latin-letter word sounds: `Jaidee`, `Chaidi` → `caidi` (the
    spelling habits folded by ``latin_folds.fold_latin``)."""
    return fold_latin(word)


def latin_skeleton(sound: str) -> str:
    """The consonants of a sound key, for the vowels Thai leaves unwritten and romanisations
    guess differently (ธนพล: royin thonphon, passport Thanaphol → both tnpn). Too short a
    skeleton would match half the country, so it is kept only from four consonants up."""
    skeleton = re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyw]", "", sound))
    return f"~{skeleton}" if len(skeleton) >= 4 else ""


# pythainlp's seq2seq romaniser trained on RTGS transcriptions, run by onnxruntime (its 4 MB
# model ships with pythainlp): unlike the royin rules it says the vowels Thai leaves unwritten.
THAI_ROMANISER = "thai2rom_onnx"


@lru_cache(maxsize=65536)
def romanize_word(word: str) -> str:
    """RTGS for a Thai word, the plain letters for a Latin word, nothing for other scripts."""
    if _THAI_CONSONANT.search(word):
        return ascii_letters(romanize(word, engine=THAI_ROMANISER))
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
    # The consonant skeleton in any script (phonetic.phonetic_key), with the skeletons of
    # other readings after "/" (phonetic.phonetic_forms).
    phonetic: str = ""

    @cached_property
    def sounds(self) -> frozenset[str]:
        """Every sound form of the word (read once per word: scoring asks it for each pair)."""
        return frozenset(forms_of(self.phonetic))


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
    def phonetic(self) -> list[str]:
        return [w.phonetic for w in self.words]

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
    normalized: str,
    udom83: list[str],
    lk82: list[str],
    latin_keys: list[str],
    phonetic: list[str] | None = None,
) -> list[WordKeys]:
    """The word keys of a stored name, read back from its aligned key arrays."""
    words = normalized.split()
    n = len(words)
    if phonetic is None or len(phonetic) != n:
        phonetic = [""] * n
    if len(udom83) != n or len(lk82) != n or len(latin_keys) < n:
        return name_keys(normalized).words  # written by an older version of the keys
    return [
        _stored_word(text, udom83[i], lk82[i], latin_keys[i], phonetic[i])
        for i, text in enumerate(words)
    ]


@lru_cache(maxsize=65536)
def _stored_word(text: str, udom83: str, lk82: str, latin: str, phonetic: str = "") -> WordKeys:
    """One stored word's keys (cached: the same given names come back in check after check)."""
    # A Lao word has Thai keys and a Myanmar syllable a Latin one: the script is read from
    # the text, the same way as a query's.
    thai = (udom83 or lk82) and _THAI_CONSONANT.search(text)
    script = NameScript.THAI if thai else detect_script(text)
    return WordKeys(
        text=text,
        script=script,
        udom83=udom83,
        lk82=lk82,
        latin=latin,
        skeleton=latin_skeleton(latin),
        phonetic=phonetic,
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
            phonetic=phonetic_forms(word, NameScript.THAI),
        )
    if script == NameScript.LATIN:
        return _spelled(word, script, ascii_letters(word))
    if script == NameScript.LAO:
        # Lao letters map one to one onto Thai ones: a Lao word gets the Thai keys of its
        # Thai spelling (ບົວສອນ → บัวสอน, Bouasone), so it meets the Thai and Latin writings of
        # the same name by spelling, not by its consonants alone.
        thai = word_keys(lao_as_thai_spelling(word))
        return dataclasses.replace(
            thai, text=word, script=script, phonetic=phonetic_forms(word, script)
        )
    if script == NameScript.BURMESE and (roman := myanmar_latin(word)):
        # A Myanmar syllable gets the Latin key of its passport spelling (ကျော် → Kyaw), so it
        # meets the Latin and Thai writings of the name by spelling too.
        return _spelled(word, script, roman)
    return WordKeys(text=word, script=script, phonetic=phonetic_forms(word, script))


def _spelled(word: str, script: str, roman: str) -> WordKeys:
    """The keys of a word spelt ``roman`` in Latin letters (a Latin word, or a Myanmar syllable
    in its passport spelling)."""
    sound = latin_sound(roman)
    return WordKeys(
        text=word,
        script=script,
        romanized=roman,
        latin=sound,
        skeleton=latin_skeleton(sound),
        phonetic=phonetic_forms(word, script),
    )


# Titles and honorifics are part of how a name is said, not of the name: นายสมชาย, คุณสมชาย and
# สมชาย are one person, and so are U Aung Min, อู อ่อง มิน and Aung Min. They stay on the record
# (PersonName.full_name) and are left out of every matching key.
_TITLES = frozenset(
    {"นาย", "นาง", "นางสาว", "น.ส.", "นส.", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.", "คุณ", "mr", "mr.",
     "mrs", "mrs.", "ms", "ms.", "miss", "master", "mstr", "mstr.",
     # Lao (ທ້າວ, ນາງ: Mr, Mrs/Ms) and Khmer (លោក Mr, លោកស្រី Mrs, អ្នក, កញ្ញា Miss) titles,
     # also as Thai officials write them; Vietnamese Ông/Bà (Mr/Mrs).
     "ທ້າວ", "ນາງ", "ท้าว", "thao", "nang", "លោក", "លោកស្រី", "អ្នក", "កញ្ញា", "lok", "ông", "bà"}
)  # fmt: skip
# Myanmar honorifics (U a man of standing, Daw a woman, Ma a young woman, Maung/Mg a young
# man, Ko a man), in Latin letters, in Thai script as officials write them, and in Myanmar
# script. Only at the start of a name that goes on after them: Ko and Maung are also words
# of names (Ko Ko, Maung Maung), and the same rule on both sides keeps both sides alike.
_HONORIFICS = frozenset(
    {"u", "oo", "daw", "ma", "maung", "mg", "mg.", "ko", "อู", "ดอ", "ดอว์", "มะ", "หม่อง", "โก", "โก่",
     "ဦး", "ဒေါ်", "မ", "မောင်", "ကို"}
)  # fmt: skip
# Thai titles are often written glued to the given name (นายสมชาย, คุณสมศรี, นางสมศรี).
_GLUED_TITLES = ("นางสาว", "เด็กชาย", "เด็กหญิง", "น.ส.", "ด.ช.", "ด.ญ.", "นาย", "นาง", "คุณ")
# What may follow a glued title: a consonant or a leading vowel (คุณากร is a name, not คุณ +
# ากร); at least two letters.
_NAME_START = re.compile("^[ก-ฮเแโใไ].")
_GLUED_LATIN_TITLE = re.compile(r"^(?:mr|mrs|ms|miss)\.(?=\w)")
_WORD_SEPARATORS = re.compile(r"[\s\-‐-―,;:/()\[\]\"'`]+")


# Given names that start like a title and are missing from pythainlp's lists.
_NAMES_LIKE_TITLES = frozenset({"นางนวล", "นางฟ้า", "นางแย้ม", "นางลักษณ์", "นายนิด"})


@lru_cache(maxsize=1)
def _thai_given_names() -> frozenset[str]:
    """Given names that start like a title (นางนวล, คุณากร, นายณัฐ) are names, not titles."""
    from pythainlp.corpus import thai_female_names, thai_male_names

    return frozenset(thai_female_names()) | frozenset(thai_male_names()) | _NAMES_LIKE_TITLES


def _without_glued_title(word: str) -> str:
    for title in _GLUED_TITLES:
        if word.startswith(title) and len(word) > len(title) + 1:
            rest = word[len(title) :]
            if not _NAME_START.match(rest) or word in _thai_given_names():
                return word
            return rest
    return _GLUED_LATIN_TITLE.sub("", word)


def name_words(normalized: str) -> list[str]:
    """The words of a normalised name, titles and honorifics dropped, split on spaces and
    punctuation; a name in Myanmar script (written without spaces) split into syllables."""
    # Titles lead a name; further on, นาย or Nang is a word of the name (Naing as Thai writes it).
    words = [w for w in normalized.split() if w.strip(".")]
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    if words:
        words[0] = _without_glued_title(words[0])
    parts = [part for w in words for part in _WORD_SEPARATORS.split(w)]
    parts = [p.strip(".") for p in parts if p.strip(".")]
    parts = [s for p in parts for s in (myanmar_syllables(p) if _is_myanmar(p) else [p])]
    while len(parts) > 1 and parts[0] in _HONORIFICS:
        parts = parts[1:]
    return parts


def _is_myanmar(word: str) -> bool:
    return any("\u1000" <= c <= "\u109f" for c in word)


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
    # A zero-width space is a word break (Thai word processors put one between given and
    # family name); normalize_text drops it, which would glue the two words into one.
    words = name_words(normalize_text(text.replace("\u200b", " ")))
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


# --- blocking keys: the phonetic form with the date of birth ------------------------------------
# Stored per name in PersonName.block_keys (GIN index personname_block, migration people 0006)
# and looked up by the duplicate check in one probe (matching.py). Every key is the phonetic
# form of a word (phonetic.py: the same in Thai, Latin, Myanmar, Khmer and Lao script), alone
# or with something that makes it rare:
#   p<word>              the word alone (looked up only when the word is rare)
#   2<word>+<word>       two words of the name, in any order and any script
#   3<word>+<word>+<word> three words of a longer name (Burmese names are three or four
#                        common syllables: any two are held by thousands at national scale)
#   d<word>|<yyyymmdd>   a word and the exact date of birth
#   y<word>|<yyyy>       a word and a year the person may have been born in
BLOCK_WORDS = 6  # words of a name that get blocking keys (a name of more is rare)
BLOCK_YEARS = 12  # at most so many years of an estimated age range
TRIPLE_WORDS = 4  # words of a name whose triples get a key (4 words: 4 triples)


def block_keys(
    phonetic: Sequence[str], *, exact: dt.date | None = None, years: tuple[int, int] | None = None
) -> list[str]:
    """The blocking keys of a name's words (``phonetic``) for a person born on ``exact`` or
    in one of ``years`` (inclusive)."""
    words = list(dict.fromkeys(f for p in phonetic[:BLOCK_WORDS] for f in forms_of(p)))
    keys = [f"p{p}" for p in words]
    keys += [f"2{a}+{b}" for a, b in combinations(sorted(words), 2)]
    for triple in combinations(phonetic[:TRIPLE_WORDS], 3):  # one form of each of three words
        for forms in product(*(forms_of(p) for p in triple)):
            if len(set(forms)) == 3:
                keys.append("3" + "+".join(sorted(forms)))
    if exact is not None:
        keys += [f"d{p}|{exact:%Y%m%d}" for p in words]
    if years is not None:
        low, high = years
        low = max(low, high - BLOCK_YEARS + 1)
        keys += [f"y{p}|{year}" for p in words for year in range(low, high + 1)]
    return list(dict.fromkeys(keys))


def birth_blocking(person) -> dict:
    """The ``exact`` and ``years`` arguments of ``block_keys`` for a person: an exact date is
    its date and year; an estimated age a year wider on each side (as scoring counts it)."""
    exact = person.birth_date if person.birth_date_precision == "exact" else None
    years = person.birth_year_range()
    if years and person.birth_date_precision == "estimated":
        years = (years[0] - 1, years[1] + 1)
    return {"exact": exact, "years": years}
