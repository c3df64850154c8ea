"""How one name is spelt in Latin letters by different hands, folded to one spelling.

A Thai name reaches the register in Latin letters from a passport, a work permit or an
officer's keyboard, and each follows its own habits; Burmese, Khmer, Lao and Vietnamese names
too. ``fold_latin`` writes every such spelling of a word the same way, so that the habits below
meet. The rules are written from these references (bench/README.md lists them with the
bench's spelling tables, which were written from the same sources independently of this code):

- The Royal Institute's RTGS (1999/2000) "Principles of Romanization for Thai Script by
  Transcription": aspirated stops written ph/th/kh/ch, unaspirated p/t/k/c as p/t/k/ch
  (RTGS has no j), finals written by their sound (k, t, p, n, m, ng), vowel length not
  marked, ue for ึ/ื, oe for เ-อ, ae for แ, o for โ and for -อ.
- Thai passport and ID-card habits (the Department of Consular Affairs lets a holder keep the
  spelling of their choice): the h of ph/th/kh dropped (Pornthip/Porntip, Thong/Tong), j for
  จ (Jaidee/Chaidi), ee/i and oo/u for long vowels (Jaidee, Boonmee), er for เ-อ and the
  silent r (Charern/Charoen, Prasert/Prasoet, Suchart/Suchat), eu/ue/uea, Kaew/Kaeo/Keaw,
  d for a final ด (Suchad, Prasid), v for ว (Vichai/Wichai), a final ล or ร written as
  written (Thanaphol, Sakorn) where it is said n, and doubled letters (Wattana/Watana).
- Myanmar names in Latin letters (passport and pink-card spellings): ky/gy for the sound Thai
  writes จ (Kyaw/จ่อ, Kyi/จี), sh for ရှ, which Thai writes ช/ฉ (Shwe/ชเว), a silent h
  before n/l/m/t (Hnin, Hla, Htun), aung for the vowel Thai writes -อง (Aung/อ่อง), -aing where Thai writes -าย (Naing/หน่าย), ei/ein for
  เ-/เ-ง (Thein/เต็ง), a final -r that only lengthens the vowel (Sandar/ซันดา), -nt for a
  creaky final said n (Myint/มยิ้น).
- Khmer (UNGEGN/ALA-LC and the common Cambodian passport forms): a final kh/ch/s (Sokh/Sok,
  Pich, Meas), ea/ie for เ-ีย, y for a final i (Rithy, Vuthy).
- Lao (the Lao passport's French-based spellings): ou for u (Souk, Douang), a final nh for n
  (Souksavanh, Phommachanh), x for ซ (Xaysana), v for ว.
- Vietnamese without its diacritics (the Latin line of a Vietnamese passport): đ is d.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

VOWELS = "aeiou"

# Letters that NFKD does not take apart into a base letter and a mark.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss"})


def ascii_letters(word: str) -> str:
    """Latin letters without accents, lower case (`Nguyễn` → `nguyen`, `Đức` → `duc`);
    everything that is not a Latin letter goes."""
    text = unicodedata.normalize("NFKD", word.translate(_SPECIAL).casefold())
    return "".join(char for char in text if char.isascii() and char.isalpha())


# (pattern, replacement), applied in order to the lower-case ASCII letters of one word.
# Upper-case letters are placeholders for a sound while the rules run: C for the sound RTGS
# writes ch and passports j (Thai จ, ฉ, ช; Burmese ky, gy).
_RULES: tuple[tuple[str, str], ...] = (
    # Consonant digraphs and letters one sound is written with.
    (r"^h(?=[nlmtwy])", ""),  # Myanmar Hnin, Hla, Hmwe, Htun: the h marks a tone
    (r"^ng(?=[aeiou])", "n"),  # Nguyen, Ngoc; Thai ง at the start of a word
    # sh too: Thai has no sh, and a passport's sh is ช (Somshai, Sushart); Myanmar ရှ (Shwe)
    # is written ชเว or ฉ่วย by Thai officials.
    (r"tch|tj|ch|sh|j|ky|gy", "C"),
    (r"ph|bh|pf", "p"),
    (r"th|dh", "t"),
    (r"kh|gh|ck", "k"),
    (r"qu", "kw"),
    (r"q", "k"),
    (r"c", "k"),  # a c left is Vietnamese or Khmer k (Cao, Vannac)
    (r"x", "s"),  # Lao Xay, Xaysana: ซ
    (r"z", "s"),
    (r"v", "w"),
    (r"(?<!n)g", "k"),
    (r"^n[yh](?=[aeiou])", "y"),  # Myanmar Nyein, Khmer Nhem: the sound Thai writes ญ/ย
    # Vowels, longest first.
    (r"aung", "ong"),  # Myanmar Aung, Maung, Kaung: Thai -อง
    (r"aing$", "ai"),  # Naing, Khaing, Paing: Thai -าย
    (r"ein(?=g?$)", "en"),  # Thein, Sein, Hein: Thai เ-ง/เ-น
    (r"oua", "ua"),  # Lao Douang
    (r"uea|eua|eu|ue|uee", "ue"),  # ึ/ื and เ-ือ
    (r"aew|aeo|eaw|eao", "aeo"),  # แ-ว: Kaew, Kaeo, Keaw
    (r"ae|ea(?!u)", "ae"),  # แ: Saeng/Sang stays apart from า only by this
    (r"ee|ii|ie(?=$)", "i"),
    (r"oo|ou|uu", "u"),
    (r"aa", "a"),
    (r"oe|er(?=[^aeiou]|$)", "oe"),  # เ-อ: Chaloem, Chalerm
    (r"aw$", "o"),  # Myanmar Kyaw, Zaw, Maw: Thai -อ
    (r"ay$|ey$", "ai"),
    (r"oy$", "oi"),
    (r"uy$", "ui"),
    (r"(?<=[^aeiou])y$", "i"),  # Rithy, Vuthy, Davy, Bounmy
    # Finals: a consonant after a vowel and before a consonant or the end is said as one of
    # k t p n m ng (and w y), whatever letter wrote it.
    (r"nh$", "n"),  # Lao Souksavanh
    (r"n[td]$", "n"),  # Myanmar Myint, Thant, Wint; a written ท/ธ after น (Niphond)
    (r"(?<=[aeiou])r(?=[^aeiou]|$)", ""),  # Suchart, Porn, Sandar: the r is not said
    (r"(?<=[aeiou])l(?=[^aeiou]|$)", "n"),  # Thanaphol, Kamol: Thai ล said n
    (r"(?<=[aeiou])d(?=[^aeiouwy]|$)|(?<=[aeiou])C$", "t"),  # Suchad, Prasid, Pich: said t
    (r"(?<=[aeiou])s$", "t"),  # Meas: a final s is said t
    (r"(?<=[^aeiou])s$", ""),  # Vongs, Inthavongs: a letter ◌์ silences in Thai, written
    (r"(?<=[aeiou])[b](?=[^aeiouwy]|$)", "p"),
    (r"(?<=[aeiou])h(?=[^aeiou]|$)", ""),  # Sokhah, Preechah: a silent h after a vowel
    (r"(.)\1+", r"\1"),  # doubled letters: Wattana/Watana, Kittisak/Kitisak
)
_COMPILED = tuple((re.compile(p), r) for p, r in _RULES)


@lru_cache(maxsize=65536)
def fold_latin(word: str) -> str:
    """One spelling for the ways a name word is written in Latin letters (lower case):
    `Suchart`, `Suchat`, `SUCHAD` → `sucat`; `Kaew`, `Kaeo`, `Keaw` → `kaeo`."""
    text = ascii_letters(word)
    for pattern, replacement in _COMPILED:
        text = pattern.sub(replacement, text)
    return text.lower()
