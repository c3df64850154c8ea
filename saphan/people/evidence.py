"""The evidence of the duplicate check: how alike a stored person is to the one being typed.

Fellegi–Sunter scoring over the few hundred persons that generation (matching.py) found: each
query name against each of the person's names word by word in any order (same word, same Thai
sound or folded Latin spelling, same phonetic form across scripts, similar, different; a
common word weighs less) and whether the words alike keep their order, the date of birth or,
without one, an estimated age, sex and nationality, each level by its m/u weight
(people/weights.py). The reasons it finds are shown to the worker in words (``reason_text``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from django.utils.translation import gettext as _
from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import ratio as _indel_ratio

from . import weights as W
from .keys import WordKeys, stored_words
from .models import BirthDatePrecision, Person
from .phonetic import ALTERNATIVE, squeeze_forms

# Reason codes, shown translated (see ``reason_text``).
SAME_ID = "same_id"
SAME_NAME = "same_name"
PARTLY = "partly"
THAI_SOUND = "thai_sound"
LATIN = "latin"
SPELLING = "spelling"
SWAPPED = "swapped"
SAME_DOB = "same_dob"
DM_SWAP = "dm_swap"
SAME_YEAR = "same_year"
IN_RANGE = "in_range"
SOUND = "sound"
_REASON_ORDER = (SAME_ID, SAME_NAME, PARTLY, THAI_SOUND, LATIN, SOUND, SPELLING, SWAPPED, SAME_DOB,
                 DM_SWAP, SAME_YEAR, IN_RANGE)  # fmt: skip


def reason_text(code: str) -> str:
    return {
        SAME_ID: _("same ID number"),
        SAME_NAME: _("same name"),
        PARTLY: _("part of the name is the same"),
        THAI_SOUND: _("sounds alike (Thai)"),
        LATIN: _("same name in Latin letters"),
        SOUND: _("sounds alike in another script"),
        SPELLING: _("similar spelling"),
        SWAPPED: _("given and family names swapped"),
        SAME_DOB: _("same date of birth"),
        DM_SWAP: _("day and month swapped"),
        SAME_YEAR: _("same year of birth"),
        IN_RANGE: _("within the estimated age"),
    }[code]


# --- scoring (Python): Fellegi–Sunter evidence, weights in people/weights.py ---------------
def _ratio(a: str, b: str) -> float:
    """2·(longest common subsequence)/(total length), 0..1 (difflib's ratio, in C)."""
    if not a or not b:
        return 0.0
    return _indel_ratio(a, b) / 100.0


# Two folded Latin spellings this alike (2·common letters / all letters) are "close".
CLOSE_SPELLING = 0.8


@lru_cache(maxsize=262144)
def _sound_level(q: WordKeys, c: WordKeys) -> str:
    """The level of two words alike in their sound form only: in one script, across two that
    both have a Latin spelling (which they do not share), or with one that has none."""
    if q.script == c.script:
        return W.SOUND
    return W.CROSS_SOUND if q.latin and c.latin else W.CROSS_UNSPELLED


def _word_level(q: WordKeys, c: WordKeys) -> tuple[str, str]:
    """The comparison level of two words (weights.EXACT … DIFFERENT) and its reason code."""
    if q.text == c.text:
        return W.EXACT, SAME_NAME
    cross = q.script != c.script
    if (q.udom83 and q.udom83 == c.udom83) or (q.lk82 and q.lk82 == c.lk82):
        # across scripts only a Lao word and its Thai spelling (keys.word_keys) can do this
        return (W.CROSS_SPELLING if cross else W.SPELLING), THAI_SOUND
    if q.latin and q.latin == c.latin:
        return (W.CROSS_SPELLING, LATIN) if cross else (W.SPELLING, SPELLING)
    if q.phonetic and (q.phonetic == c.phonetic or q.sounds & c.sounds):
        if not cross:
            return W.SOUND, SPELLING
        if q.latin and c.latin and _ratio(q.latin, c.latin) >= CLOSE_SPELLING:
            return W.CROSS_CLOSE, SOUND
        return _sound_level(q, c), SOUND
    r = _ratio(q.text, c.text) if not cross else 0.0
    if q.latin and c.latin:
        r = max(r, _ratio(q.latin, c.latin))
    if q.skeleton and q.skeleton == c.skeleton:
        r = max(r, 0.8)
    reason = LATIN if cross else SPELLING
    # One slip of the keyboard (a letter replaced, left out, added, or two swapped).
    slip = not cross and min(len(q.text), len(c.text)) >= 3 and OSA.distance(q.text, c.text) <= 1
    if r >= 0.8 or slip:
        return W.SIMILAR, reason
    if r >= 0.6:
        return W.CLOSE, reason
    return W.DIFFERENT, ""


# The levels at which two words are the same spelling (folded), weighed by that spelling's
# frequency; the sound levels by the frequency of the sound form.
_SPELLED_LEVELS = frozenset({W.EXACT, W.SPELLING, W.CROSS_SPELLING, W.CROSS_CLOSE})
SPELLED = "="  # the prefix of a spelling's share among a check's word shares
_GOOD_LEVELS = frozenset(
    {W.EXACT, W.SPELLING, W.SOUND, W.CROSS_SPELLING, W.CROSS_CLOSE, W.CROSS_SOUND,
     W.CROSS_UNSPELLED, W.SIMILAR}
)  # fmt: skip
RUN_WORDS = (2, 3)  # words of one side read as one word of the other


@lru_cache(maxsize=65536)
def _runs(words: tuple[WordKeys, ...]) -> tuple[tuple[tuple[int, ...], frozenset[str]], ...]:
    """Each run of consecutive words with the sound forms of the run said as one word (cached:
    a candidate's name comes back against every query it is scored for)."""
    runs = []
    for size in RUN_WORDS:
        for start in range(len(words) - size + 1):
            forms = squeeze_forms([w.phonetic for w in words[start : start + size]])
            if forms:
                runs.append((tuple(range(start, start + size)), forms))
    return tuple(runs)


def _run_pairs(
    q: tuple[WordKeys, ...], c: tuple[WordKeys, ...], sound_share: list[float | None]
) -> list[tuple]:
    """A name cut into words differently on the two sides: a Myanmar name, written without
    spaces, read syllable by syllable (ရ တ နာ) against Yadanar; คิมซาน against Kim San;
    Lueang-on against เหลืองอ่อน. A run of words on one side that sounds as one word of the
    other is that word at the SOUND level (its words are matched, none is extra). A run of
    the candidate's words read as one query word weighs as that word's sound form is common
    (``sound_share``, per query word): "Myint Nwe" squeezes to m-n as "Min" does, and m-n is
    no rarer for being reached through two words."""
    pairs = []
    for q_run, q_forms in _runs(q):
        for j, cw in enumerate(c):
            if q_forms & cw.sounds:
                level = _sound_level(q[q_run[0]], cw)
                value = W.weight("name_word", level)
                pairs.append((value * len(q_run), level, SOUND, q_run, (j,)))
    for c_run, c_forms in _runs(c):
        for i, qw in enumerate(q):
            if c_forms & qw.sounds:
                level = _sound_level(qw, c[c_run[0]])
                value = W.weight("name_word", level, share=sound_share[i])
                pairs.append((value, level, SOUND, (i,), c_run))
    return pairs


@lru_cache(maxsize=65536)
def _name_evidence(
    q: tuple[WordKeys, ...], c: tuple[WordKeys, ...], shares: tuple[tuple[str, float], ...] = ()
) -> tuple[float, frozenset[str]]:
    """The match weight of two names (the sum of their words' weights, words paired one to
    one in any order, best pairs first) and the reasons. ``shares``: the share of the register
    holding a word's phonetic form (term frequency: a common word weighs less). Cached:
    common names come back in check after check, and both sides are immutable."""
    if not q or not c:
        return W.weight("name_word", W.MISSING) * len(q), frozenset()
    share_of = dict(shares)
    pairs = []
    sound_share: list[float | None] = []
    for i, qw in enumerate(q[:6]):
        sound = share_of.get(qw.phonetic.split(ALTERNATIVE)[0])
        sound_share.append(sound)
        # A word matched by its spelling is as common as that spelling (Thang), one matched
        # only by its sound form as common as the form (t-n: Thang, Tun, Thein, ธนา …).
        spelled = share_of.get(f"{SPELLED}{qw.latin}", sound) if qw.latin else sound
        for j, cw in enumerate(c[:6]):
            level, reason = _word_level(qw, cw)
            share = spelled if level in _SPELLED_LEVELS else sound
            pairs.append((W.weight("name_word", level, share=share), level, reason, (i,), (j,)))
    if len(q) != len(c):
        pairs += _run_pairs(q[:6], c[:6], sound_share)
    pairs.sort(key=lambda p: (-p[0], p[3], p[4]))
    used_q: set[int] = set()
    used_c: set[int] = set()
    matched = []
    for value, level, reason, i, j in pairs:
        if level == W.DIFFERENT or used_q.intersection(i) or used_c.intersection(j):
            continue
        used_q.update(i)
        used_c.update(j)
        matched.append((value, level, reason, i[0], j[0]))
    total = sum(m[0] for m in matched)
    left_q = len(q) - len(used_q)
    left_c = len(c) - len(used_c)
    # A query word with nothing like it: against a word the candidate has, evidence against;
    # with no word left (a family name not typed yet, or not recorded), no evidence.
    total += min(left_q, left_c) * W.weight("name_word", W.DIFFERENT)
    total += max(0, left_q - left_c) * W.weight("name_word", W.MISSING)
    total += max(0, left_c - left_q) * W.weight("name_word", W.EXTRA)
    reasons = {m[2] for m in matched if m[1] in _GOOD_LEVELS and m[2]}
    good = sorted((m[3], m[4]) for m in matched if m[1] in _GOOD_LEVELS)
    if len(good) >= 2:
        # Words alike in the same order, or not: Kyaw Lwin Wai is another name than Lwin Wai
        # Kyaw, though a form with the family name first swaps a Thai name.
        swapped = any(b[1] < a[1] for a, b in zip(good, good[1:], strict=False))
        if swapped:
            reasons.add(SWAPPED)
        total += W.order_weight(swapped=swapped, words=len(good))
    # The same name typed without spaces, or cut differently into words.
    if len(q) != len(c):
        r = _ratio("".join(w.text for w in q), "".join(w.text for w in c))
        # Compared in Latin letters only when every word has a spelling: a Myanmar syllable
        # without one (စန္ဒာ) would drop out, and Sandar Min Kyaw Sandar would read as Min Kyaw.
        if all(w.latin for w in q) and all(w.latin for w in c):
            r = max(r, 0.95 * _ratio("".join(w.latin for w in q), "".join(w.latin for w in c)))
        level = W.SPELLING if r >= 0.9 else W.SIMILAR if r >= 0.8 else ""
        if level:
            whole = len(c) * W.weight("name_word", level)
            if whole > total:
                total = whole
                reasons = {SPELLING}
    if reasons - {SAME_NAME, SWAPPED}:
        reasons.discard(SAME_NAME)  # "same name" only when every word is the same
    elif len(q) != len(c) and SAME_NAME in reasons:
        reasons.discard(SAME_NAME)
        reasons.add(PARTLY)
    return total, frozenset(reasons)


def _birth_level(query: dt.date | None, person: Person) -> tuple[str, set[str]]:
    if query is None:
        return "unknown", set()
    born = person.birth_date
    precision = person.birth_date_precision
    if precision == BirthDatePrecision.EXACT and born:
        if born == query:
            return "exact", {SAME_DOB}
        if born.year == query.year and (born.day, born.month) == (query.month, query.day):
            return "day_month_swapped", {DM_SWAP}
        if born.year == query.year:
            return "same_year", {SAME_YEAR}
        return ("far", set()) if abs(born.year - query.year) > 5 else ("near", set())
    if precision == BirthDatePrecision.YEAR and born:
        if born.year == query.year:
            return "same_year", {SAME_YEAR}
        return ("far", set()) if abs(born.year - query.year) > 5 else ("near", set())
    years = person.birth_year_range()
    if years:
        low, high = years
        if low - 1 <= query.year <= high + 1:
            return "in_range", {IN_RANGE}
        if query.year < low - 5 or query.year > high + 5:
            return "far", set()
        return "near", set()
    return "unknown", set()


AGE_SLACK = 3  # years either side of an age the worker estimates (as a person's estimate)


def age_years(age: int | None, today: dt.date | None = None) -> tuple[int, int] | None:
    """The years a person said to be ``age`` (about) may have been born in."""
    if age is None:
        return None
    year = (today or dt.date.today()).year
    return year - age - 1 - AGE_SLACK, year - age + AGE_SLACK


def _age_level(years: tuple[int, int] | None, person: Person) -> tuple[str, set[str]]:
    """An estimated age against what is known of the person's birth: inside (a year's slack),
    near (within five years) or far. Namesakes born decades apart fall far."""
    known = person.birth_year_range()
    if years is None or known is None:
        return "unknown", set()
    low, high = years
    if known[0] - 1 <= high and low <= known[1] + 1:
        return "in_range", {IN_RANGE}
    if known[0] - 5 > high or low > known[1] + 5:
        return "far", set()
    return "near", set()


def _sex_level(query: str, person: Person) -> str:
    known = {"Feminine", "Masculine"}
    if query not in known or person.sex not in known:
        return "unknown"
    return "same" if query == person.sex else "different"


def _nationality_level(query: str, person: Person) -> str:
    if not query or not person.citizenships:
        return "unknown"
    return "same" if query in person.citizenships else "different"


def score_person(
    query_words: list[tuple[WordKeys, ...]],
    names: Iterable[tuple[str, list[str], list[str], list[str], list[str]]],
    person: Person,
    birth_date: dt.date | None,
    id_match: bool,
    *,
    shares: tuple[tuple[str, float], ...] = (),
    sex: str = "",
    nationality: str = "",
    years: tuple[int, int] | None = None,
) -> tuple[float, list[str]]:
    """``names``: (normalized, udom83, lk82, latin_keys, phonetic) of each of the person's
    names. The best of the person's names against the best of the query's, plus the date of
    birth, sex and nationality, each by its weight; the sum is scored by weights.score."""
    best_name, name_reasons = None, frozenset()
    for normalized, udom83, lk82, latin_keys, phonetic in names:
        words = tuple(stored_words(normalized, udom83, lk82, latin_keys, phonetic))
        for q in query_words:
            value, reasons = _name_evidence(q, words, shares)
            if best_name is None or value > best_name:
                best_name, name_reasons = value, reasons
    if best_name is None:
        best_name = 0.0
    if birth_date is None and years is not None:
        birth, birth_reasons = _age_level(years, person)
    else:
        birth, birth_reasons = _birth_level(birth_date, person)
    evidence = (
        best_name
        + W.weight("birth", birth)
        + W.weight("sex", _sex_level(sex, person))
        + W.weight("nationality", _nationality_level(nationality, person))
    )
    named = bool(name_reasons - {SWAPPED})
    if id_match:
        total = W.SAME_ID_SCORE + (1 - W.SAME_ID_SCORE) * W.score(evidence)
        codes = {SAME_ID} | (name_reasons if named else set()) | birth_reasons
    else:
        total = W.score(evidence) if named else 0.0
        codes = name_reasons | (birth_reasons if named else set())
    return max(0.0, min(total, 1.0)), [c for c in _REASON_ORDER if c in codes]
