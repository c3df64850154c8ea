"""A name word's sound in one form for every script of the region: its consonant skeleton.

The same person is written สุชาติ by a Thai officer, Suchart in a passport, ဦးအောင် on a
Myanmar card and อ่อง by the officer who heard it; a Khmer Sokh is สุข, a Lao ສຸກ is สุก.
Romanisers disagree most about vowels (royin gives ประเสริฐ → praserit, the passport Prasert)
and Thai-script renderings of Burmese, Khmer and Lao names about vowels and tones; the
consonants, read as they are *said*, agree. ``phonetic_key`` therefore keeps, per word:

- the consonants as classes of sound: k (ก ข ค ฆ, k/kh/g), c (จ ฉ ช, ch/j/ky/sh), s (ซ ศ ษ ส,
  s/z/x), t (ต ฏ ท ธ ถ ฐ ฑ ฒ, t/th), d (ด ฎ), n (น ณ, and ง), b (บ), p (ป ผ พ ภ, p/ph; Myanmar
  ဘ, written Ph or B), f, m, l (ร ล ฬ: r and l are one class), w, y (ย ญ; Myanmar ငြ), h;
- a final consonant as it is said (Thai ร ล ญ ณ → n; ด ต จ ช ศ ษ ส → t; บ พ → p), in every
  script alike, so สุชาติ, Suchart and Suchat all give ``sct``;
- no vowels, no tones, no glides (w, y after the start), no second consonant of a cluster
  (ประ and Pra give ``p``: Thai speakers and Lao spellings drop it), no silent letters
  (Thai letters under ◌์, a leading ห/อ, Myanmar's h in Hnin), doubled classes once;
- ``_`` for a word that starts with a vowel (อ่อง, Aung → ``_n``).

A word whose skeleton holds a d has a second form with t: Burmese voices a t inside a word
(သီတာ Thidar), and a Thai ด closing a syllable is read t (อุดม u-dom, Udom). A Thai-script
word may be read more than one way: a Lao name in Thai spelling has ช said s
(ไชยวงศ์ / ໄຊຍະວົງ / Xayavong), a name opening with consonant + ร is read -on- or o-ra-
(พรชัย, วรจักร / Vorachak). ``phonetic_forms`` keeps every reading's skeleton, joined by "/"
in the stored element; two words are alike when they share one.
Myanmar rhymes as Thai officials write them (the issue's Ky ↔ จ, Hn ↔ หน, -aing ↔ -าย): ိုင်
-aing has no final (หน่าย, ไหน่ง), a final ည is a vowel (ကြည် Kyi, ပြည့် Pyae), ရှ is sh
(ชเว, ฉ่วย). Sources: the Myanmar Language Commission's romanisation and the passport habits
listed in latin_folds.py.

Each script has its reader here: Thai (also used for Lao, whose letters map one to one onto
Thai ones), Myanmar, Khmer and Latin (through ``latin_folds``). The key is coarse by design: it
is a blocking key and one comparison level, never the only evidence (see evidence.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .latin_folds import VOWELS, fold_latin

# --- Thai -----------------------------------------------------------------------------------------
_THAI_INITIAL = {
    **dict.fromkeys("กขฃคฅฆ", "k"), "ง": "n", **dict.fromkeys("จฉชฌ", "c"),
    **dict.fromkeys("ซศษส", "s"), **dict.fromkeys("ญย", "y"), **dict.fromkeys("ฎด", "d"),
    **dict.fromkeys("ฏตฐฑฒถทธ", "t"), **dict.fromkeys("ณน", "n"), "บ": "b",
    **dict.fromkeys("ปผพภ", "p"), **dict.fromkeys("ฝฟ", "f"), "ม": "m",
    **dict.fromkeys("รลฬฤฦ", "l"), "ว": "w", **dict.fromkeys("หฮ", "h"), "อ": "_",
}  # fmt: skip
_THAI_FINAL = {
    **dict.fromkeys("กขฃคฅฆ", "k"), **dict.fromkeys("จฉชซฌฎฏฐฑฒดตถทธศษส", "t"),
    **dict.fromkeys("บปพฟภ", "p"), **dict.fromkeys("ญณนรลฬง", "n"), "ม": "m",
    **dict.fromkeys("ยวอหฮ", ""),
}  # fmt: skip
_LEADING_VOWELS = "เแโใไ"
_VOWEL_MARKS = "ะัาำิีึืุูๅ็"
_SONORANTS = "งญนมยรลว"
# Clusters: ร or ล after ก ข ค ป พ ผ บ ฟ, ร after ต ท ด (and after จ ศ ส ซ, where it is not
# said: ศรี, เสริฐ), ว after ก ข ค; any other pair (ฉล, ทล) has a vowel between (เฉลิม).
# Words not said as written, the way a reader of the script knows them.
_SAID_AS = {"เจริญ": "จะเริญ", "พรหม": "โพรม", "พราหมณ์": "พราม"}
# Letters under a thanthakhat are not said (จันทร์, ศักดิ์, ไพบูลย์, สิทธิ์); so are ทร/ตร
# before it, and a vowel ิ/ุ carried by the silent letter.
_SILENT = re.compile("(?:[ทตด]ร|(?<=ญ)จน|[ก-ฮ])[ิุ]?์")  # ญจน์: กาญจน์ is kan
_TONES = re.compile("[\u0e48-\u0e4b\u0e4c\u0e4d\u0e4e\u0e2f\u0e46]")


def _is_consonant(char: str) -> bool:
    return "ก" <= char <= "ฮ" or char in "ฤฦ"


def thai_key(word: str) -> str:
    """The skeleton of a Thai-script word (see the module's doc)."""
    for written, said in _SAID_AS.items():
        word = word.replace(written, said)
    text = _TONES.sub("", _SILENT.sub("", word)).replace("ำ", "ัม")
    # รร (ร หัน) is the vowel a, with a final n when nothing follows (สวรรค์ → swan).
    text = re.sub("รร(?=[ก-ฮ])", "ั", text)
    text = re.sub("รร$", "ัน", text)
    text = re.sub("(?<=ีย)ร(?=[ก-ฮ])", "", text)  # เกียรติ: the ร is not said
    # A final ร after a vowel-less consonant closes it as -on (พร, ธนากร), but after ต ท ช จ
    # it is not said (เพชร, มิตร, บุตร).
    text = re.sub("(?:(?<=[ัิุ็][ตทชจก])|(?<=[เแโใไ][ก-ฮ][ตทชจก]))ร$", "", text)
    out: list[str] = []
    roles: list[str] = []  # "i" initial, "f" final, per consonant kept or dropped
    n = len(text)
    # Bare consonants ending a word after an open vowel are read from the end: the last closes
    # a syllable the one before it opens (กุศล ku-son, หาญณรงค์ han-na-rong, ชัยมงคล).
    tail = re.search("(?<=[ะาิีึืุูเแโใไ])[ก-ฮ]{2,}$|(?<=ั)[ก-ฮ]{3,}$", text)
    opens_tail = tail.end() - 2 if tail else -1
    for i, char in enumerate(text):
        if not _is_consonant(char):
            continue
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < n else ""
        after_leading = _in(prev, _LEADING_VOWELS)
        starts = i == 0 or (i == 1 and after_leading)
        last_role = roles[-1] if roles else ""
        if char == "ร" and not nxt and _is_consonant(prev):
            if _in(prev, "กขคปพผบฟตทด") and _in(text[i - 2 : i - 1], _LEADING_VOWELS):
                roles.append("c")  # แปร, เปร: a cluster (prae), not a final -on
                continue
            roles.append("f")
            out.append("n")
            continue
        if i == opens_tail and not after_leading:
            role = "i"
        elif i == opens_tail + 1 and opens_tail >= 0:
            role = "f"
        elif nxt == "ว" and i + 2 < n and _is_consonant(text[i + 2]):
            role = "i"  # ช่วง, ดวง: a bare ว between consonants is the vowel ua
        elif nxt == "อ" and not (i + 2 < n and _in(text[i + 2], _VOWEL_MARKS)):
            role = "i"  # ซอน, จ่อ: a bare อ after a consonant is the vowel o
        elif char == "ร" and _in(prev, "ะิุึ") and nxt and _is_consonant(nxt):
            role = "i"  # สุรชัย su-ra-chai: no syllable closes on ร after a short vowel
        elif _in(nxt, _VOWEL_MARKS) or after_leading or starts:
            role = "i"
        elif _is_consonant(prev) and last_role == "i":
            role = "f"  # สม, ธน: the first consonant carries the vowel, this one closes it
        elif last_role == "f" and nxt and _is_consonant(nxt):
            role = "i"  # ธนพล: after a closed syllable, a consonant opens the next
        elif prev == "ะ":
            role = "i"  # an open short a ends its syllable (ลัดสะหมี)
        elif _in(prev, _VOWEL_MARKS) or _in(prev, "ยวอ"):
            role = "f"
        else:
            role = "f" if not nxt else "i"
        # A cluster's second consonant (ประ, เสริฐ, ขวัญ) or a leading ห/อ before a
        # sonorant (หนิ่น, อย่า) is not said on its own.
        if (
            (
                (char in "รล" and _in(prev, "กขคปพผบฟ"))
                or (char == "ร" and _in(prev, "ตจศสซทด"))
                or (char == "ว" and _in(prev, "กขค"))
            )
            and last_role == "i"
            and (_in(nxt, _VOWEL_MARKS) or _in(text[i - 2 : i - 1], _LEADING_VOWELS))
            and not (i == 1 and prev in "หอ")
            # โบราณ bo-ran, ไพโรจน์ phai-rot: after โ ไ ใ the first consonant has its vowel,
            # and a ร with a vowel of its own opens the next syllable (โปรด, ไพร: a cluster).
            and not (
                _in(text[i - 2 : i - 1], "โไใ")
                and (_in(nxt, _VOWEL_MARKS.replace("ะ", "")) or _in(nxt, _LEADING_VOWELS))
            )
        ):
            roles.append("c")
            continue
        if role == "i" and ((char == "ห" and _in(nxt, _SONORANTS)) or (char == "อ" and nxt == "ย")):
            roles.append("s")
            continue
        if role == "f" and last_role == "f" and not nxt:
            roles.append("s")  # ลักษ(ณ์): a second final is not said
            continue
        if role == "f" and char in "ยวอ":
            roles.append("v")  # ชาย, แก้ว, สอน: a vowel's letter, not a final
            continue
        roles.append(role)
        if role == "i":
            sound = _THAI_INITIAL.get(char, "")
            if sound in ("w", "y", "h", "_") and out:
                continue  # glides and ห/อ inside a word are vowels or silent
            if sound == "_" and i > 1:
                continue
        else:
            sound = _THAI_FINAL.get(char, "")
            if sound == "t" and char in "ศษส" and nxt and _is_consonant(nxt):
                sound = "s"  # บุษบา, รัศมี: said t-s, written s in Latin letters
            elif sound == "t" and char in "จช" and nxt and _is_consonant(nxt):
                sound = "c"  # ราชบุรี, พัชรินทร์: said t-ch, written tch/ch/j
        if sound:
            out.append(sound)
    return _squeeze(out)


def _in(char: str, letters: str) -> bool:
    """``char in letters`` where the empty string (no letter there) is in nothing."""
    return bool(char) and char in letters


def _opening_only(sound: str, out: list[str]) -> str:
    """An initial's sound, but none for a glide (w, y), h or the vowel carrier (_) inside a
    word, where they are part of a vowel or silent."""
    return "" if sound in ("w", "y", "h", "_") and out else sound


def _squeeze(sounds: list[str]) -> str:
    """Doubled classes once; t-s and t-ch once (Butsaba/Busaba, Chotchuang/Chochuang)."""
    key = re.sub(r"(.)\1+", r"\1", "".join(sounds))
    return re.sub(r"(.)\1+", r"\1", key.replace("ts", "s").replace("tc", "c"))


# --- Lao: onto Thai letters, then the Thai reader ---------------------------------------------
_LAO_TO_THAI = str.maketrans(
    {
        "ກ": "ก", "ຂ": "ข", "ຄ": "ค", "ງ": "ง", "ຈ": "จ", "ສ": "ส", "ຊ": "ซ", "ຍ": "ญ", "ດ": "ด",
        "ຕ": "ต", "ຖ": "ถ", "ທ": "ท", "ນ": "น", "ບ": "บ", "ປ": "ป", "ຜ": "ผ", "ຝ": "ฝ", "ພ": "พ",
        "ຟ": "ฟ", "ມ": "ม", "ຢ": "ย", "ຣ": "ร", "ລ": "ล", "ວ": "ว", "ຫ": "ห", "ອ": "อ", "ຮ": "ฮ",
        "ຯ": "ฯ", "ະ": "ะ", "ັ": "ั", "າ": "า", "ຳ": "ำ", "ິ": "ิ", "ີ": "ี", "ຶ": "ึ", "ື": "ื",
        "ຸ": "ุ", "ູ": "ู", "ົ": "", "ຼ": "ล", "ຽ": "ย", "ເ": "เ", "ແ": "แ", "ໂ": "โ", "ໃ": "ใ",
        "ໄ": "ไ", "ໆ": "ๆ", "່": "่", "້": "้", "໊": "๊", "໋": "๋", "໌": "์", "ໍ": "อ",
        "ໜ": "หน", "ໝ": "หม", "ໞ": "ง", "ໟ": "ญ",
    }
)  # fmt: skip


def lao_to_thai(text: str) -> str:
    return text.translate(_LAO_TO_THAI)


def lao_as_thai_spelling(text: str) -> str:
    """A Lao word as a Thai officer spells it, for the Thai keys (keys.word_keys): letter for
    letter, but ົ + ວ is the vowel ua (ບົວ → บัว; alone ົ is the short o Thai leaves unwritten:
    ວົງ → วง) and a ຍ closing a syllable is the Thai ย (ນ້ອຍ → น้อย; opening one it is ญ, ny)."""
    text = text.replace("ົວ", "ັວ")
    text = re.sub("ຍ(?![ະັາິີຶືຸູົຽໍ່້໊໋])", "ย", text)
    return lao_to_thai(text)


# --- Myanmar ----------------------------------------------------------------------------------
_MY_INITIAL = {
    **dict.fromkeys("ကခဂဃ", "k"), "င": "n", **dict.fromkeys("စဆဇဈ", "s"), "ည": "y", "ဉ": "y",
    **dict.fromkeys("ဋဌတထ", "t"), **dict.fromkeys("ဍဎဒဓ", "d"), **dict.fromkeys("ဏန", "n"),
    **dict.fromkeys("ပဖဘ", "p"), "ဗ": "b", "မ": "m", **dict.fromkeys("ယရ", "y"),
    **dict.fromkeys("လဠ", "l"), "ဝ": "w", "သ": "t", "ဟ": "h", "အ": "_",
}  # fmt: skip
_MY_FINAL = {
    **dict.fromkeys("ကခဂဃစဆဇဈဋဌတထဍဎဒဓပဖဗဘသ", "t"), **dict.fromkeys("ငဉဏနမ", "n"),
    **dict.fromkeys("ညယရလဝဟအ", ""),
}  # fmt: skip
_MY_INDEPENDENT_VOWELS = "ဣဤဥဦဧဩဪ"
_ASAT, _VIRAMA, _MEDIAL_Y, _MEDIAL_R, _ANUSVARA = "\u103a", "\u1039", "\u103b", "\u103c", "\u1036"
_MEDIAL_H = "\u103e"


def myanmar_key(word: str) -> str:
    out: list[str] = []
    n = len(word)
    for i, char in enumerate(word):
        nxt = word[i + 1] if i + 1 < n else ""
        if char in _MY_INDEPENDENT_VOWELS:
            if not out:
                out.append("_")
            continue
        if char == _ANUSVARA:
            out.append("n")
            continue
        if char not in _MY_INITIAL:
            continue
        if _in(nxt, _ASAT + _VIRAMA) or word[i + 1 : i + 3] == "\u1037\u103a":
            sound = _MY_FINAL.get(char, "")
            if char == "င" and word[max(0, i - 2) : i] == "\u102d\u102f":
                sound = ""  # ိုင် -aing: Thai officials write -าย (Naing หน่าย, Khaing)
        else:
            sound = _MY_INITIAL[char]
            medials = word[i + 1 : i + 4]
            if _in(nxt, _MEDIAL_Y + _MEDIAL_R) and sound == "k":
                sound = "c"  # ကျ ကြ ချ ဂျ: Kyaw, Kyi, Chit
            elif char == "င" and nxt == _MEDIAL_R:
                sound = "y"  # ငြ is said ny (Nyein, Nyain), as ည
            elif char in "ရယလ" and _MEDIAL_H in medials and (char != "လ" or _MEDIAL_Y in medials):
                sound = "c"  # ရှ ယှ လျှ are said sh: Shwe, written ชเว / ฉ่วย in Thai
            sound = _opening_only(sound, out)
        if sound:
            out.append(sound)
    return _squeeze(out)


# --- Myanmar in Latin letters, as passports and pink cards spell a name ------------------------
# A syllable is an initial (or an independent vowel), its medials (ျ ြ y, ွ w, ှ h) and a rhyme
# (vowel signs and a final consonant under asat); tones (့ း) are not written. Spellings follow
# the common passport forms of the Myanmar Language Commission's transcription: Kyaw, Aung,
# Thein, Naing, Htun, Hnin, Shwe, Nyein, Moe, Chit, Thet, Pyone. Folded afterwards with every
# other Latin spelling (latin_folds.fold_latin), so Kyaw meets จ่อ's Latin key.
_MY_LATIN_INITIAL = {
    "က": "k", "ခ": "kh", "ဂ": "g", "ဃ": "g", "င": "ng", "စ": "s", "ဆ": "hs", "ဇ": "z", "ဈ": "z",
    "ည": "ny", "ဉ": "ny", "ဋ": "t", "ဌ": "ht", "ဍ": "d", "ဎ": "d", "ဏ": "n", "တ": "t", "ထ": "ht",
    "ဒ": "d", "ဓ": "d", "န": "n", "ပ": "p", "ဖ": "hp", "ဗ": "b", "ဘ": "b", "မ": "m", "ယ": "y",
    "ရ": "y", "လ": "l", "ဝ": "w", "သ": "th", "ဟ": "h", "ဠ": "l", "အ": "",
}  # fmt: skip
_MY_LATIN_WITH_Y = {"k": "ky", "kh": "ch", "g": "gy", "p": "py", "hp": "hpy", "b": "by", "m": "my"}
_MY_LATIN_INDEPENDENT = {"ဣ": "i", "ဤ": "i", "ဥ": "u", "ဦ": "oo", "ဧ": "e", "ဩ": "aw", "ဪ": "aw"}
# (vowel signs, final consonant) -> rhyme; the final is "" for an open syllable.
_MY_LATIN_RHYME = {
    ("", ""): "a", ("ာ", ""): "a", ("ါ", ""): "a", ("ိ", ""): "i", ("ီ", ""): "i",
    ("ု", ""): "u", ("ူ", ""): "u", ("ေ", ""): "ay", ("ဲ", ""): "e", ("ော", ""): "aw",
    ("ေါ", ""): "aw", ("ို", ""): "oe", ("ံ", ""): "an", ("ုံ", ""): "one", ("ိံ", ""): "ein",
    ("", "က"): "et", ("ော", "က"): "auk", ("ေါ", "က"): "auk", ("ို", "က"): "aik", ("ိ", "က"): "eik",
    ("", "င"): "in", ("ော", "င"): "aung", ("ေါ", "င"): "aung", ("ို", "င"): "aing",
    ("ု", "င"): "ong", ("", "စ"): "it", ("", "ည"): "i", ("", "ဉ"): "in", ("", "တ"): "at",
    ("ိ", "တ"): "eik", ("ု", "တ"): "ote", ("", "န"): "an", ("ိ", "န"): "ein", ("ု", "န"): "on",
    ("", "ပ"): "at", ("ိ", "ပ"): "eik", ("ု", "ပ"): "ote", ("", "မ"): "an", ("ိ", "မ"): "ein",
    ("ု", "မ"): "on", ("", "ယ"): "e", ("ာ", "ယ"): "e",
}  # fmt: skip
# A syllable that starts with a vowel (အ) is spelt its own way: Aye, Ohn, Ei.
_MY_LATIN_VOWEL_START = {("ေ", ""): "aye", ("ု", "န"): "ohn", ("ီ", ""): "ei", ("ိ", ""): "ei"}
_MY_TONES = str.maketrans("", "", "\u1037\u1038")


def myanmar_latin(syllable: str) -> str:
    """One Myanmar syllable in Latin letters as a passport spells it (lower case), or "" when
    it is not one syllable this reader knows."""
    text = syllable.translate(_MY_TONES)
    if not text:
        return ""
    first, rest = text[0], text[1:]
    if first in _MY_LATIN_INDEPENDENT:
        onset, open_vowel = "", _MY_LATIN_INDEPENDENT[first]
    elif first in _MY_LATIN_INITIAL:
        onset, open_vowel = _MY_LATIN_INITIAL[first], None
    else:
        return ""
    y = w = h = False
    while rest and rest[0] in (_MEDIAL_Y, _MEDIAL_R, "\u103d", _MEDIAL_H):
        y |= rest[0] in (_MEDIAL_Y, _MEDIAL_R)
        w |= rest[0] == "\u103d"
        h |= rest[0] == _MEDIAL_H
        rest = rest[1:]
    if h and first in "ရယ" or (h and y and first == "လ"):
        onset = "sh"  # ရှ ယှ လျှ: Shwe
    elif first == "င" and y:
        onset = "ny"  # ငြ: Nyein
    elif y:
        onset = _MY_LATIN_WITH_Y.get(onset, onset + "y")
    elif h:
        onset = "h" + onset  # Hnin, Hla, Hmwe
    # the final: a consonant under asat (or stacked under virama: နန္ဒာ)
    final = ""
    for i, char in enumerate(rest):
        if char in _MY_LATIN_INITIAL and rest[i + 1 : i + 2] in (_ASAT, _VIRAMA):
            final, rest = char, rest[:i] + rest[i + 2 :]
            break
    vowels = "".join(c for c in rest if c != _ASAT)
    if open_vowel is not None:
        return open_vowel + (_MY_LATIN_RHYME.get(("", final), "")[1:] if final else "")
    if w and final in ("န", "မ") and not vowels:
        rhyme = "un"  # ထွန်း Htun
    elif w and (final, vowels) in (("ယ", ""), ("", "ေ")):
        rhyme = "e"  # နွယ် Nwe, ရွှေ Shwe
    elif not onset and (vowels, final) in _MY_LATIN_VOWEL_START:
        rhyme = _MY_LATIN_VOWEL_START[(vowels, final)]
    else:
        rhyme = _MY_LATIN_RHYME.get((vowels, final))
        if rhyme is None:
            return ""
    return onset + ("w" if w and rhyme != "un" else "") + rhyme


# Myanmar writes no space between the syllables of a name: a syllable starts at a consonant
# or independent vowel that no asat, virama or stacked sign follows or precedes.
_MY_SYLLABLE = re.compile("(?<!\u1039)(?=[\u1000-\u102a\u103f](?![\u103a\u1039]|\u1037\u103a))")


def myanmar_syllables(word: str) -> list[str]:
    return [s for s in _MY_SYLLABLE.split(word) if s]


# --- Khmer ------------------------------------------------------------------------------------
_KM_INITIAL = {
    **dict.fromkeys("កខគឃ", "k"), "ង": "n", **dict.fromkeys("ចឆជឈ", "c"), "ញ": "y",
    **dict.fromkeys("ដឌ", "d"), **dict.fromkeys("ឋឍតថទធ", "t"), **dict.fromkeys("ណន", "n"),
    "ប": "b", **dict.fromkeys("ផពភ", "p"), "ម": "m", "យ": "y", **dict.fromkeys("រលឡ", "l"),
    "វ": "w", "ស": "s", "ហ": "h", "អ": "_",
}  # fmt: skip
_KM_FINAL = {
    **dict.fromkeys("កខគឃ", "k"), **dict.fromkeys("ចឆជឈដឋឌឍតថទធស", "t"),
    **dict.fromkeys("បផពភ", "p"), **dict.fromkeys("ងញណនលរឡ", "n"), "ម": "m",
    **dict.fromkeys("យវហអ", ""),
}  # fmt: skip
_KM_COENG = "\u17d2"
_KM_VOWEL = re.compile("[\u17b6-\u17c5]")
_KM_NIKAHIT = "\u17c6"
_KM_SILENT = "\u17cd\u17cc\u17ce\u17cf"


def khmer_key(word: str) -> str:
    word = re.sub("\u17d2\u179a$", "", word)  # ពេជ្រ: a final subscript r is not said
    out: list[str] = []
    n = len(word)
    last = ""  # "i" after an initial, "v" after a vowel, "f" after a final
    for i, char in enumerate(word):
        nxt = word[i + 1] if i + 1 < n else ""
        if char == _KM_NIKAHIT:
            out.append("m")
            last = "f"
            continue
        if _KM_VOWEL.match(char):
            last = "v"
            continue
        if "\u17a5" <= char <= "\u17b3":  # independent vowels
            if not out:
                out.append("_")
            last = "v"
            continue
        if char not in _KM_INITIAL or _in(nxt, _KM_SILENT):
            continue
        subscript = i > 0 and word[i - 1] == _KM_COENG
        if subscript and char in "រលវយ":
            continue  # ស្រី, ប្រាក់: the cluster's second consonant
        opens = nxt == _KM_COENG or bool(_KM_VOWEL.match(nxt)) or _in(nxt, "\u17c9\u17ca")
        if not opens and last in ("i", "v") and not subscript:
            sound = _KM_FINAL.get(char, "")
            last = "f"
        else:
            sound = _opening_only(_KM_INITIAL[char], out)
            if char == "ប" and nxt == _KM_COENG:
                sound = "p"  # ប្រ is said pr
            last = "i"
        if sound:
            out.append(sound)
    return _squeeze(out)


# --- Latin ------------------------------------------------------------------------------------
_LATIN_INITIAL = {
    "k": "k", "c": "c", "s": "s", "t": "t", "d": "d", "n": "n", "b": "b", "p": "p", "f": "f",
    "m": "m", "l": "l", "r": "l", "w": "w", "y": "y", "h": "h",
}  # fmt: skip
_LATIN_FINAL = {
    "k": "k", "c": "t", "s": "t", "t": "t", "d": "t", "n": "n", "b": "p", "p": "p", "f": "p",
    "m": "m", "l": "n", "r": "", "w": "", "y": "", "h": "",
}  # fmt: skip


def latin_key(word: str) -> str:
    """The skeleton of a Latin-letter word, from its folded spelling (latin_folds)."""
    text = fold_latin(word).replace("ng", "n")
    out: list[str] = []
    n = len(text)
    last = ""  # the role of the previous consonant: "i" initial, "f" final
    for i, char in enumerate(text):
        if char in VOWELS:
            if i == 0:
                out.append("_")
            continue
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if i > 0 and not _in(prev, VOWELS) and last == "i" and _in(nxt, VOWELS) and char in "lrwy":
            continue  # pra, khwa, myi: a cluster's second consonant
        if _in(prev, VOWELS) and not _in(nxt, VOWELS):
            sound = _LATIN_FINAL.get(char, "")
            if sound == "t" and char in "sc" and nxt:
                sound = char  # Busaba, Phetchrat: said t-s, t-ch (see _squeeze)
            last = "f"
        else:
            last = "i"
            sound = _LATIN_INITIAL.get(char, "")
            if sound in ("w", "y", "h") and i > 0:
                continue
        if sound:
            out.append(sound)
    return _squeeze(out)


# Readings of a Thai-script word other than the Thai one, kept as alternative forms:
# - a Lao name in Thai spelling: Lao has no ch, and the Thai ช/ฉ of a Lao word is the Lao ຊ, said
#   s and written x/s in Lao passports (ไชยวงศ์ / ໄຊຍະວົງ / Xayavong, Sayavong);
# - a consonant + ร + consonant opening a word is read -on- in Thai (พรชัย phon-chai) but
#   o-ra in many names (วรจักร wo-ra-chak, Vorachak, ວໍລະຈັກ).
_LAO_S = str.maketrans({"ช": "ซ", "ฉ": "ซ", "ฌ": "ซ"})
_OPEN_RA = re.compile("^([ก-ฮ])ร(?=[ก-ฮ])")
ALTERNATIVE = "/"  # between the forms of one word in a stored phonetic array element


def thai_forms(word: str) -> list[str]:
    """The Thai reading's skeleton first, then those of the other readings above."""
    forms = [thai_key(word)]
    if any(c in word for c in "ชฉฌ"):
        forms.append(thai_key(word.translate(_LAO_S)))
    if _OPEN_RA.search(word):
        forms.append(thai_key(_OPEN_RA.sub(r"\1ะระ", word)))
    return [f for f in dict.fromkeys(forms) if f]


@lru_cache(maxsize=131072)
def phonetic_forms(word: str, script: str) -> str:
    """Every form of a word's sound (see ``thai_forms``), joined by ``ALTERNATIVE``; the
    first is ``phonetic_key``'s."""
    forms = thai_forms(word) if script == "thai" else [phonetic_key(word, script)]
    voiceless = [_squeeze(list(f.replace("d", "t"))) for f in forms if "d" in f]
    # A one-class form (Thidar → t) would match every word said with a t.
    forms += [f for f in voiceless if len(f) >= 2 or len(forms[0]) < 2]
    return ALTERNATIVE.join(f for f in dict.fromkeys(forms) if f)


def forms_of(phonetic: str) -> list[str]:
    """The forms of one stored phonetic element ("" gives none)."""
    return [f for f in phonetic.split(ALTERNATIVE) if f]


RUN_FORMS = 8  # forms of a run of words at most (each word may have a few)


def squeeze_forms(phonetics: list[str]) -> frozenset[str]:
    """The forms of several words said as one (each word's forms, joined, doubled classes
    once): ရ + တ + နာ → ``ytn`` as Yadanar. Forms shorter than two classes say too little."""
    joined = [""]
    for phonetic in phonetics:
        forms = forms_of(phonetic)
        if not forms:
            return frozenset()
        joined = [a + b for a in joined for b in forms][:RUN_FORMS]
    return frozenset(f for f in (_squeeze(list(j)) for j in joined) if len(f) >= 2)


@lru_cache(maxsize=131072)
def phonetic_key(word: str, script: str) -> str:
    """The consonant skeleton of one normalised name word in the given script (``""`` for a
    script without a reader, Chinese for instance)."""
    if script == "thai":
        return thai_key(word)
    if script == "lao":
        return thai_key(lao_to_thai(word))
    if script == "burmese":
        return myanmar_key(word)
    if script == "khmer":
        return khmer_key(word)
    if script == "latin":
        return latin_key(word)
    return ""
