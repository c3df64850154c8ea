"""The evidence weights of the duplicate check: Fellegi–Sunter m and u probabilities per
comparison level, in one table.

For each comparison (a word of the name, the date of birth, the sex, the nationality) the
pair of records falls in one *level*; ``m`` is the probability of that level when the two
records are the same person, ``u`` when they are two different persons. A level weighs
log2(m/u) (positive: evidence for, negative: against) and a pair's match weight is the sum
over its comparisons. The same model Splink fits (comparison levels, m/u, term-frequency
adjustment); ``MODEL`` is the only place the numbers live, so a model trained by EM on the
register (Splink's ``linker.training``) can replace them: load its m/u per level into
``MODEL`` (``load_splink_model``) and both the live check and the batch use it.

The starting values are set by hand from what the bench's labelled sets show about each
level (how often a true duplicate shows it, and how often two random persons do), the way a
Splink model is seeded before training. Term frequency: for a word, ``u`` is at least the
share of names holding the word's phonetic form (NameKeyFrequency), so a common Burmese
syllable (Aung, Min) is weak evidence and a rare family name strong.

The live check shows a score from 0 to 1, not a probability: ``score`` maps the match weight
through a logistic curve (``SCORE_MIDPOINT``, ``SCORE_SCALE``); bands (high ≥ 0.8, medium
≥ 0.6, shown ≥ 0.45) are read on that score.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    m: float
    u: float

    @property
    def weight(self) -> float:
        return math.log2(self.m / self.u)


# Name words: for each word of the query, the best level it reaches against a word of the
# candidate's name (one to one, in any order; evidence.py _name_evidence).
EXACT = "exact"  # the same normalised word
SPELLING = "spelling"  # same Thai sound key (udom83/lk82) or the same folded Latin spelling
SOUND = "sound"  # the same phonetic form, in any script (phonetic.py)
# The same two levels for words written in two scripts. Such a pair can never be the same
# word (EXACT), so what a true duplicate shows is shifted to these levels: the m mass of EXACT
# and SPELLING for one script is split between them (a cross-script pair of one person's name
# is more often alike in its folded Latin spelling than only in its consonant skeleton).
CROSS_SPELLING = "cross_spelling"
CROSS_SOUND = "cross_sound"
# Between the two: the same phonetic form and Latin spellings that differ by a vowel or a
# doubled letter (Sovann ~ สุวรรณ read suwan; Kanya ~ Kunya), weighed by how common the
# spelling is, as CROSS_SPELLING is: two persons who share only the consonants (Suwan, San,
# Sen) rarely spell the vowels alike too.
CROSS_CLOSE = "cross_close"
# A word with no Latin spelling here (Khmer script, a Myanmar syllable the reader does not
# know: keys.word_keys) against another script: its sound form is all the two can share, so
# the m mass of both cross levels falls on this one.
CROSS_UNSPELLED = "cross_unspelled"
SIMILAR = "similar"  # spelling or folded Latin ≥ 0.8 alike (a slip of the keyboard)
CLOSE = "close"  # 0.6-0.8 alike
DIFFERENT = "different"
MISSING = "missing"  # the candidate's name has no word left for this one
EXTRA = "extra"  # a word of the candidate's name the query does not have (counted per word)

# The order of the words alike (two or more): as written on both sides, or not. Of two
# records of one person most keep the order, and one in five is taken as swapped (a form or
# a passport line that puts the family name first, a Khmer name written family name first);
# of two persons whose names hold the same two words, the order is a coin flip (three words:
# one in six, ``order_weight``). Lwin Wai Kyaw is so found before the several Kyaw Lwin Wai,
# and สมชาย ใจดี typed ใจดี สมชาย is still found.
IN_ORDER = "in_order"
SWAPPED = "swapped"

MODEL: dict[str, dict[str, Level]] = {
    "name_word": {
        EXACT: Level(0.80, 0.0010),
        SPELLING: Level(0.09, 0.0015),
        SOUND: Level(0.06, 0.0040),
        CROSS_SPELLING: Level(0.55, 0.0015),
        CROSS_CLOSE: Level(0.15, 0.0015),
        CROSS_SOUND: Level(0.30, 0.0040),
        CROSS_UNSPELLED: Level(0.85, 0.0040),
        SIMILAR: Level(0.03, 0.0100),
        CLOSE: Level(0.01, 0.0500),
        DIFFERENT: Level(0.005, 0.90),
        MISSING: Level(0.10, 0.10),
        EXTRA: Level(0.25, 0.75),
    },
    "name_order": {
        IN_ORDER: Level(0.80, 0.50),
        SWAPPED: Level(0.20, 0.50),
    },
    "birth": {
        "exact": Level(0.60, 1 / 15000),
        "day_month_swapped": Level(0.03, 1 / 15000),
        "same_year": Level(0.12, 1 / 40),
        "in_range": Level(0.15, 0.10),
        "near": Level(0.08, 0.15),  # within five years, not the same one
        "far": Level(0.04, 0.70),
        "unknown": Level(1.0, 1.0),
    },
    "sex": {
        "same": Level(0.95, 0.5),
        "different": Level(0.05, 0.5),
        "unknown": Level(1.0, 1.0),
    },
    "nationality": {
        "same": Level(0.90, 0.40),
        "different": Level(0.10, 0.60),
        "unknown": Level(1.0, 1.0),
    },
}
# Term-frequency adjustment applies to these name levels (Splink: tf_adjustment_column).
TF_LEVELS = frozenset(
    {EXACT, SPELLING, SOUND, CROSS_SPELLING, CROSS_CLOSE, CROSS_SOUND, CROSS_UNSPELLED}
)
SCORE_MIDPOINT = 8.0  # the match weight scored 0.5
SCORE_SCALE = 4.0  # weight per doubling of the odds on the score's curve
# An ID number shared is near proof (a typed number can still be wrong: not 1.0).
SAME_ID_SCORE = 0.95


def weight(comparison: str, level: str, *, share: float | None = None) -> float:
    """log2(m/u) of a level; ``share`` (the part of the register holding the value, for a
    name word) raises u for a common value."""
    lv = MODEL[comparison][level]
    u = lv.u
    if share is not None and level in TF_LEVELS:
        u = max(u, min(share, 0.5))
    return math.log2(lv.m / u)


def score(match_weight: float) -> float:
    """The 0..1 score shown for a match weight."""
    return 1.0 / (1.0 + 2.0 ** (-(match_weight - SCORE_MIDPOINT) / SCORE_SCALE))


def order_weight(*, swapped: bool, words: int) -> float:
    """The weight of ``words`` words alike (two or more) kept in order or not. The table's
    ``u`` are for two words; of two persons sharing more, the chance that the words fall in
    the same order falls as 1/words! (three words: one in six), and what it loses goes to
    another order."""
    table = MODEL["name_order"]
    in_order_u = table[IN_ORDER].u * 2 / math.factorial(max(2, min(words, 4)))
    if swapped:
        return math.log2(table[SWAPPED].m / (table[SWAPPED].u + table[IN_ORDER].u - in_order_u))
    return math.log2(table[IN_ORDER].m / in_order_u)


def load_splink_model(path: str) -> None:
    """Replace ``MODEL``'s m and u with those of a Splink model saved with
    ``linker.misc.save_model_to_json``: each comparison's output column name maps to one of
    ours, each level by its label (``comparison_levels[].label_for_charts``) when it names one
    of ours. Levels Splink does not have keep their values."""
    with open(path, encoding="utf-8") as handle:
        settings = json.load(handle)
    for comparison in settings.get("comparisons", []):
        name = comparison.get("output_column_name", "")
        ours = MODEL.get(name)
        if ours is None:
            continue
        for level in comparison.get("comparison_levels", []):
            label = level.get("label_for_charts", "")
            if label in ours and "m_probability" in level and "u_probability" in level:
                ours[label] = Level(level["m_probability"], level["u_probability"])
