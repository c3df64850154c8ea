"""Across languages by the domain's own words: a query's words that the bilingual glossary
(glossary_data.py) knows are also searched in the other language.

An English query word is looked up by its stem (plurals, -ing and -ed forms reduced, on the
glossary's side too); a phrase of the glossary matches only as a whole run of the query's words.
A Thai phrase is found in the query's text where it starts and ends on a word boundary of the
query's segmentation (or anywhere, for a phrase of five letters or more: newmm may cut a
compound differently in a sentence than alone).

What a match gives is a tsquery for each query word it covers: the other language's words of
every concept that covers the word, OR-ed; a Thai phrase of several words is matched as all its
words (AND), an English word by its stem as a prefix (``camp:*`` finds "camps").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from saphan.core.thai import normalize_text, tokens

from .glossary_data import GLOSSARY

MAX_PHRASE_WORDS = 5
_THAI = re.compile("[\u0e00-\u0e7f]")
_ENGLISH_STOP = frozenset(
    "a an the of and or to in for on with is are at by from as be so own not no".split()
)


def stem(word: str) -> str:
    """A crude English stem, the same for the query and the glossary: the words of one
    concept meet whatever their ending (victims/victim, trafficked/trafficking, parcels)."""
    w = word.casefold().removesuffix("'s").removesuffix("’s")
    if len(w) == 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]  # ads -> ad
    if len(w) <= 3 or not w.isascii():
        return w
    for suffix, keep in (
        ("ies", "y"),
        ("sses", "ss"),
        ("xes", "x"),
        ("ches", "ch"),
        ("shes", "sh"),
    ):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            w = w[: -len(suffix)] + keep
            break
    else:
        if w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if w[-1:] == w[-2:-1] and (w[-1] not in "aeiouls" or (w[-1] == "l" and len(w) > 5)):
                w = w[:-1]  # travelling -> travel, stopped -> stop (but calling -> call)
            break
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]  # announce/announced, rescue/rescued meet
    return w


Unit = tuple[str, bool]  # a word of the index, and whether it is matched as a prefix
Alternative = tuple[Unit, ...]  # words that must all be in a document


def _english_alternative(phrase: str) -> Alternative:
    """Every content word of an English phrase, each by its stem as a prefix (a short stem:
    the word itself)."""
    out = []
    for word in tokens(phrase):
        if word in _ENGLISH_STOP:
            continue
        s = stem(word)
        out.append((s, True) if len(s) >= 4 else (word, False))
    return tuple(out)


def _thai_alternative(phrase: str) -> Alternative:
    """Every word of a Thai phrase as the index segments it."""
    return tuple((w, False) for w in tokens(phrase))


@dataclass(frozen=True)
class Concept:
    english: tuple[str, ...]
    thai: tuple[str, ...]


@dataclass
class _Tables:
    concepts: list[Concept]
    english: dict[tuple[str, ...], list[int]]  # stemmed phrase -> concepts
    thai: list[tuple[str, list[int]]]  # normalised Thai phrase -> concepts, longest first
    to_thai: list[tuple[Alternative, ...]]  # per concept: its Thai side
    to_english: list[tuple[Alternative, ...]]


def parse(text: str) -> list[Concept]:
    concepts = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        english, _sep, thai = line.partition("=")
        concepts.append(
            Concept(
                english=tuple(e.strip().casefold() for e in english.split(";") if e.strip()),
                thai=tuple(normalize_text(t) for t in thai.split(";") if t.strip()),
            )
        )
    return concepts


def _side(phrases, alternative) -> tuple[Alternative, ...]:
    return tuple(dict.fromkeys(a for a in map(alternative, phrases) if a))


@lru_cache(maxsize=1)
def tables() -> _Tables:
    concepts = parse(GLOSSARY)
    english: dict[tuple[str, ...], list[int]] = {}
    thai: dict[str, list[int]] = {}
    for n, c in enumerate(concepts):
        for phrase in c.english:
            key = tuple(stem(w) for w in tokens(phrase))
            if key and len(key) <= MAX_PHRASE_WORDS:
                english.setdefault(key, []).append(n)
        for phrase in c.thai:
            if _THAI.search(phrase):
                thai.setdefault(phrase, []).append(n)
    return _Tables(
        concepts=concepts,
        english=english,
        thai=sorted(thai.items(), key=lambda kv: (-len(kv[0]), kv[0])),
        to_thai=[_side(c.thai, _thai_alternative) for c in concepts],
        to_english=[_side(c.english, _english_alternative) for c in concepts],
    )


def _offsets(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where each of ``words`` (the tokens of ``text``, in order) lies in ``text``."""
    spans, at = [], 0
    for w in words:
        start = text.find(w, at)
        if start < 0:
            spans.append((-1, -1))
            continue
        spans.append((start, start + len(w)))
        at = start + len(w)
    return spans


def translations(q: str, words: list[str] | None = None) -> dict[str, list[int]]:
    """For each word of the query ``q`` (normalised text; ``words``: its tokens, if made
    already) that the glossary covers, the concepts covering it, in the order the glossary
    lists them."""
    t = tables()
    words = tokens(q) if words is None else words
    found: dict[int, list[int]] = {}

    def add(positions, concepts) -> None:
        for p in positions:
            slot = found.setdefault(p, [])
            slot.extend(c for c in concepts if c not in slot)

    stems = [stem(w) for w in words]
    for i in range(len(words)):
        if _THAI.search(words[i]):
            continue
        for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            if (concepts := t.english.get(tuple(stems[i : i + n]))) is not None:
                add(range(i, i + n), concepts)
    if _THAI.search(q):
        spans = _offsets(q, words)
        starts = {s: i for i, (s, _e) in enumerate(spans)}
        ends = {e: i for i, (_s, e) in enumerate(spans)}
        for phrase, concepts in t.thai:
            at = q.find(phrase)
            while at >= 0:
                end = at + len(phrase)
                if at in starts and end in ends:
                    add(range(starts[at], ends[end] + 1), concepts)
                elif len(phrase) >= 5:
                    add([i for i, (s, e) in enumerate(spans) if s < end and e > at], concepts)
                at = q.find(phrase, at + 1)
    out: dict[str, list[int]] = {}
    for p in sorted(found):
        slot = out.setdefault(words[p], [])
        slot.extend(c for c in found[p] if c not in slot)
    return out


def alternatives(word: str, concepts: list[int]) -> list[Alternative]:
    """The other language's side of ``concepts``: Thai for an English word, English for a
    Thai word."""
    t = tables()
    side = t.to_english if _THAI.search(word) else t.to_thai
    return list(dict.fromkeys(a for c in concepts for a in side[c]))


def _quote(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(alternatives: list[Alternative]) -> str:
    """One tsquery matching any of ``alternatives``."""
    return " | ".join(
        "(" + " & ".join(_quote(w) + (":*" if prefix else "") for w, prefix in a) + ")"
        for a in alternatives
    )


def surface(word: str, concepts: list[int]) -> list[str]:
    """The other language's words of ``concepts`` as they are written (for highlighting)."""
    t = tables()
    out = []
    for c in concepts:
        concept = t.concepts[c]
        out += concept.english if _THAI.search(word) else concept.thai
    return list(dict.fromkeys(out))
