"""Generation for the duplicate check: the few hundred stored persons worth scoring, found
in SQL by index probes whatever the size of the register (matching.py tells how the passes
fit together; evidence.py scores what they find).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from itertools import combinations

import numpy as np
from django.db import OperationalError, connection, transaction
from psycopg.errors import QueryCanceled
from rapidfuzz.fuzz import token_sort_ratio as _token_sort
from rapidfuzz.process import cdist

from . import weights as W
from .evidence import SPELLED
from .keys import MATCH_KEYS_EXPR, NameKeys, WordKeys, block_keys, slip_keys, word_match_keys
from .models import NameKeyFrequency
from .phonetic import forms_of

POOL = 100  # persons scored in Python at most (200 gave the same recall at 1,000,000)
NARROW_ENOUGH = 15  # persons found by a pass (more than the 10 shown): no wider pass needed
JOINED_NAME_MIN = 8  # letters of a one-word query worth comparing as a whole name
TRIGRAM_THRESHOLD = 0.3  # a one-word query: its whole text similar enough
SCAN_CAP = 5000  # names matching a pass; more and the pass is too broad to rank
GENERATION_TIMEOUT_MS = 1500  # a name pass that reads more than this is too broad to help
BLOCK_BUDGET = 800  # names the blocking probe may read: its keys are chosen rarest first
BLOCK_POOL = 60  # persons the blocking probe adds to those scored, by the weight it saw
# With no date of birth, a key holding every word of the query (two of a two-word name, three
# of a longer one) is read up to this many names even when the rarer keys have spent
# BLOCK_BUDGET: it is all the probe can go on (a common pair, รัตนา + ศรีสุวรรณ, is held by ~850
# names of 1,000,000 people).
WHOLE_NAME_BUDGET = 2000
COVERAGE_RANK = 1000.0  # the blocking probe ranks by the query words a name holds, then weight
ALIKE_WEIGHT = 4.0  # the blocking probe's bonus for a name spelled wholly like the query
UNSPELLED_ALIKE = 0.75  # the likeness given to a name with no Latin spelling


# --- generation (SQL) --------------------------------------------------------------------------
def _word_conditions(
    key: NameKeys, params: dict[str, object], prefix: str, *, slips: bool = True
) -> list[tuple[str, set[str]]]:
    """For each distinct word of a query name, the SQL condition "this word is in the stored
    name" — one of its sound keys (Thai udom83 or lk82, Latin key or consonant skeleton) is
    among the name's, or it is one slip of the keyboard from one of the name's words (a
    shared typo key) — with the word's typo keys. Each is one probe of the name's match-key
    GIN index (``keys.MATCH_KEYS_EXPR``). With ``slips`` False, the sound keys alone: a
    common word's typo keys are as common as the word and a dozen of them, so the probe reads
    a dozen times fewer index entries."""
    words, seen = [], set()
    for w_index, word in enumerate(key.words):
        signature = (word.text, word.udom83, word.lk82, word.latin, word.skeleton)
        if signature in seen:
            continue
        seen.add(signature)
        values = word_match_keys(word)
        if not slips:
            values = [v for v in values if not v.startswith("t")]
        if values:
            name = f"{prefix}w{w_index}" + ("" if slips else "s")
            params[name] = values
            words.append((f"{MATCH_KEYS_EXPR} && %({name})s::text[]", set(slip_keys(word.text))))
    return words


def _distinct_words(key: NameKeys) -> set[str]:
    return {w.text for w in key.words}


def _name_arms(
    keys: Sequence[NameKeys],
    params: dict[str, object],
    *,
    together: int = 2,
    slips: bool = True,
) -> list[str]:
    """SQL conditions on people_personname for the names worth scoring.

    One shared common word (thousands of "Khin" or "Somchai" at national scale) is no
    duplicate, so a query of two or more words looks for stored names that hold two of its
    words — sounding alike or one slip apart, in any order, in any script — or that are the
    query's words written together. Each arm is an intersection of GIN index bitmaps, so the
    rows read stay few whatever the size of the register. A query of one word (a given name
    so far, or a name typed without spaces) matches on that word or on its whole text being
    trigram-similar (pg_trgm ``%``), which reads more rows but is what such a query asks.
    With ``together=3`` only names holding three of the query's words count (the first,
    narrower pass for names of three or more words: see ``generate``). With ``slips`` False
    only pairs of words that sound alike count (a cheap first look: see ``generate``).
    """
    arms: list[str] = []
    for k, key in enumerate(keys):
        words = _word_conditions(key, params, f"k{k}", slips=slips)
        pairs = [
            "(" + " AND ".join(cond for cond, _slips in group) + ")"
            for group in combinations(words, together)
            # "Lwin Lwni": one word twice, not two words
            if all(not a[1] & b[1] for a, b in combinations(group, 2))
        ]
        if together > 2 or not slips:
            arms += pairs
            continue
        if pairs:
            arms += pairs
            joined = slip_keys("".join(w.text for w in key.words))
            params[f"k{k}joined"] = [f"t{j}" for j in joined]
            arms.append(f"{MATCH_KEYS_EXPR} && %(k{k}joined)s::text[]")
            continue
        if len(key.words) > 1:
            # One word said twice (Thura Thura) or two words a slip apart (จันทนะ จันทนา, Htet
            # Thet): no pair of words, and no name typed without spaces either. Its word's
            # sound keys find it, and the blocking probe with its date. Its whole text's
            # trigrams, or the typo keys of a word as common as Htet, would be read across the
            # register until the pass is cancelled (1.5 s), and the probe with it.
            arms += [c for c, _ in _word_conditions(key, params, f"k{k}", slips=False)]
            continue
        arms += [cond for cond, _slips in words]
        # A whole name typed without spaces is long; a short word is only a word, and its
        # trigrams are shared by a tenth of the register (the word arm above finds it).
        if len(key.normalized) < JOINED_NAME_MIN:
            continue
        if key.normalized:
            params[f"k{k}norm"] = key.normalized
            arms.append(f"n.normalized %% %(k{k}norm)s")
        if key.romanized:
            params[f"k{k}rom"] = key.romanized
            arms.append(f"n.romanized %% %(k{k}rom)s")
    return arms


def generate(
    keys: Sequence[NameKeys],
    id_numbers: Sequence[str],
    pool: int,
    birth_date: dt.date | None = None,
    shares: dict[str, float | None] | None = None,
    years: tuple[int, int] | None = None,
) -> tuple[dict[uuid.UUID, float], set[uuid.UUID], bool]:
    """Candidate person ids with a rough similarity, best first (at most ``pool`` by name and
    ``BLOCK_POOL`` more from the blocking probe), the persons holding one of the ID numbers,
    and whether the name was too broad to rank. ``shares`` is filled with the share of the
    register holding each query word's phonetic form (for the weights)."""
    norms = list(dict.fromkeys(k.normalized for k in keys if k.normalized))
    roms = list(dict.fromkeys(k.romanized for k in keys if k.romanized))
    spelled = list(dict.fromkeys(_spelled(k.words) for k in keys if _spelled(k.words)))
    udom = sorted({x for k in keys for x in k.query_keys()[0]})
    lk = sorted({x for k in keys for x in k.query_keys()[1]})
    latin = sorted({x for k in keys for x in k.query_keys()[2]})
    found: dict[uuid.UUID, float] = {}
    id_hits: set[uuid.UUID] = set()
    too_broad = False
    with connection.cursor() as cur:
        if id_numbers:
            cur.execute(
                "SELECT DISTINCT person_id FROM people_identitydocument "
                "WHERE number = ANY(%(ids)s) AND number <> ''",
                {"ids": list(id_numbers)},
            )
            id_hits = {row[0] for row in cur.fetchall()}
            found.update(dict.fromkeys(id_hits, 100.0))
        if not (norms or roms or udom or lk or latin):
            return found, id_hits, too_broad
        params: dict[str, object] = {"cap": SCAN_CAP}
        where = _name_arms(keys, params)
        # Each sound key of the query with the word it belongs to: a name shares a word, not a
        # key (a Thai-script name shares a word's udom83, lk82 and Latin keys, one written in
        # Latin letters only its Latin key, and both are one word alike).
        sound_keys = {
            key: (k, i)
            for k, name in enumerate(keys)
            for i, word in enumerate(name.words)
            for key in (word.udom83, word.lk82, word.latin, word.skeleton)
            if key
        }
        # A name of three or more words is first looked for among names holding three of
        # them: at national scale two common words ("Thet ... Lin") are shared by thousands.
        # Only when that finds too few does the wider pass over pairs of words run.
        # Pairs are first looked for by sound alone (a swapped or exactly typed name is found
        # there); the pass that also allows a slip in either word reads ten times the index
        # entries of a common pair and runs only when the cheaper passes found too few.
        passes = [(2, False), (2, True)]
        if any(len(_distinct_words(k)) >= 3 for k in keys):
            passes = [(3, False), (3, True), (2, False), (2, True)]
        try:
            with transaction.atomic():  # a savepoint: a cancelled pass leaves the rest usable
                cur.execute(
                    "SELECT current_setting('statement_timeout'), "
                    "set_config('pg_trgm.similarity_threshold', %s, true), "
                    "set_config('statement_timeout', %s, true), "
                    # A pass reads a few thousand rows: starting parallel workers costs more
                    # than it saves, and takes the core another request could use.
                    "set_config('max_parallel_workers_per_gather', '0', true)",
                    [str(TRIGRAM_THRESHOLD), f"{GENERATION_TIMEOUT_MS}ms"],
                )
                timeout_before = cur.fetchone()[0]
                for together, slips in passes:
                    arms = (
                        where
                        if (together, slips) == (2, True)
                        else _name_arms(keys, params, together=together, slips=slips)
                    )
                    if not arms:
                        continue
                    cur.execute(
                        f"""
                        SELECT n.person_id::text, n.normalized, n.romanized,
                            array_to_string(n.udom83 || n.lk82 || n.latin_keys, ' '),
                            array_to_string(n.latin_keys, ' ')
                        FROM people_personname n
                        WHERE {" OR ".join(arms)}
                        LIMIT %(cap)s
                        """,
                        params,
                    )
                    rows = cur.fetchall()
                    if len(rows) >= SCAN_CAP:
                        too_broad = True  # as broad as one common word alone: see below
                        break
                    if len({row[0] for row in rows}) <= pool:
                        best = {row[0]: 0.0 for row in rows}  # all are kept: no order needed
                    else:
                        best = _rough_order(rows, norms, roms, spelled, sound_keys)
                    for person_id in sorted(best, key=best.__getitem__, reverse=True)[:pool]:
                        found.setdefault(uuid.UUID(person_id), best[person_id])
                    if len(found) - len(id_hits) >= NARROW_ENOUGH:
                        break
                blocked, word_shares = block_probe(
                    cur, keys, birth_date, alone=not too_broad, years=years
                )
                if shares is not None:
                    shares.update(word_shares)
                best_blocked = sorted(blocked, key=blocked.__getitem__, reverse=True)
                for person_id in best_blocked[:BLOCK_POOL]:
                    found.setdefault(uuid.UUID(person_id), blocked[person_id])
                cur.execute("SELECT set_config('statement_timeout', %s, true)", [timeout_before])
        except OperationalError as error:
            if not isinstance(error.__cause__, QueryCanceled):
                raise
            too_broad = True
        # One very common word on its own ("Khin", "สมชาย") matches tens of thousands of
        # names: no list of ten would mean anything, and ranking them all would keep the
        # worker waiting. Such a pass gives nothing; the next check, with two words, is narrow.
    return found, id_hits, too_broad


def block_probe(
    cur,
    keys: Sequence[NameKeys],
    birth_date: dt.date | None,
    *,
    alone: bool = True,
    years: tuple[int, int] | None = None,
) -> tuple[dict[str, float], dict[str, float | None]]:
    """The blocking pass (keys.block_keys), one probe of the personname_block GIN index: names
    holding two of the query's words in their phonetic form, or one of them born on the
    query's date or in its year, or one rare enough alone (not when ``alone`` is False: the
    word passes found the name too broad) — whatever the script of either.
    The keys are taken rarest first until the names they would read reach ``BLOCK_BUDGET``
    (NameKeyFrequency; a key not counted there is held by fewer than FREQUENT names), so
    "Aung" alone or "Aung" + a year is left out at national scale and "Aung" + a date is not;
    the counts are read and the keys chosen in the same statement as the probe.
    Returns each found person's rough weight (the words it shares, weighed by their rarity,
    and the date) and the share of the register holding each query word's phonetic form."""
    wanted: set[str] = set()
    # The year of the date, or without a date the years an estimated age allows.
    year = (birth_date.year, birth_date.year) if birth_date else years
    for key in keys:
        wanted.update(block_keys([p for p in key.phonetic if p], exact=birth_date, years=year))
    if not alone:
        wanted = {k for k in wanted if not k.startswith("p")}
    prefix = "" if birth_date else _whole_prefix(keys)
    whole = {k for k in wanted if prefix and k.startswith(prefix)}
    words = {f for k in keys for p in k.phonetic for f in forms_of(p)}
    if not words:
        return {}, {}
    spellings = {w.latin for k in keys for w in k.words if w.latin}
    latin = NameKeyFrequency.LATIN
    shared_keys = [f"p{p}" for p in words] + [f"{latin}{s}" for s in spellings]
    shared_keys.append(NameKeyFrequency.TOTAL)
    cur.execute(
        """
        WITH counts AS (
            SELECT w.key, f.names FROM unnest(%(wanted)s::text[]) AS w(key)
            LEFT JOIN people_namekeyfrequency f ON f.key = w.key
        ), chosen AS (
            SELECT key FROM (
                SELECT key, sum(coalesce(names, %(unknown)s)) OVER (
                        ORDER BY coalesce(names, %(unknown)s), key) AS running
                FROM counts WHERE key = ANY(%(probe)s::text[])
            ) c WHERE running <= %(budget)s
            UNION
            SELECT key FROM counts
            WHERE key = ANY(%(whole)s::text[]) AND coalesce(names, %(unknown)s) <= %(whole_budget)s
        )
        SELECT 'f', key, names::text, NULL FROM counts WHERE key = ANY(%(shared)s::text[])
        UNION ALL (
            SELECT 'n', n.person_id::text, array_to_string(n.latin_keys, '|'),
                array_to_string(n.phonetic, '|')
                || CASE WHEN n.block_keys && (
                    SELECT coalesce(array_agg(key), '{}') FROM chosen WHERE key LIKE 'd%%')
                THEN '|#d' ELSE '' END
            FROM people_personname n
            WHERE n.block_keys && (SELECT coalesce(array_agg(key), '{}') FROM chosen)
            LIMIT %(cap)s
        )
        """,
        {
            "wanted": sorted(wanted | set(shared_keys)),
            "shared": shared_keys,
            "probe": sorted(wanted),
            "unknown": NameKeyFrequency.FREQUENT // 2,
            "budget": BLOCK_BUDGET,
            "whole": sorted(whole),
            "whole_budget": WHOLE_NAME_BUDGET,
            "cap": 2 * BLOCK_BUDGET + WHOLE_NAME_BUDGET,
        },
    )
    counts: dict[str, int] = {}
    found: dict[str, float] = {}
    rows = cur.fetchall()
    for kind, key, names, _phonetic in rows:
        if kind == "f" and names is not None:
            counts[key] = int(names)
    total = counts.get(NameKeyFrequency.TOTAL, 0)
    shares = {p: (counts.get(f"p{p}", 0) / total if total else None) for p in words}
    spelled = {f"{SPELLED}{s}": counts.get(f"{latin}{s}", 0) / total for s in spellings if total}
    born = W.weight("birth", "exact")
    # A stored word with the same folded spelling as a query word weighs as that spelling
    # (rarer than its sound form: of the many names sounding m-n l-n, few are spelled Min Lin).
    by_spelling = {
        s: W.weight("name_word", W.CROSS_SPELLING, share=spelled[f"{SPELLED}{s}"])
        for s in spellings
        if total
    }
    named = [row for row in rows if row[0] == "n"]
    # Among the many names that share the query's sound forms (all "m-n l-n"), those spelled
    # most like it come first: the whole folded spellings' likeness, words in any order, adds
    # up to one word's weight of a rare spelling (one C call over all rows).
    alike = np.zeros(len(named), dtype=np.float32)
    spelled_query = [" ".join(w.latin for w in k.words if w.latin) for k in keys]
    spelled_query = [q for q in spelled_query if q]
    if spelled_query and named:
        stored = [
            " ".join(x for x in (row[2] or "").split("|") if x and x[0] != "~") for row in named
        ]
        alike = cdist(spelled_query, stored, scorer=_token_sort, workers=1).max(axis=0) / 100.0
        # A name with no Latin spelling (Khmer script, say) cannot be compared so: it
        # stands where one person's two spellings across scripts usually do, neither first
        # nor last.
        alike[[not s for s in stored]] = UNSPELLED_ALIKE
    # Which of the query's words each sound form and each spelling is: a name is ranked first
    # by how many of them it holds (the date of birth counting as one more), then by weight.
    word_of_form = {
        f: (n, i) for n, k in enumerate(keys) for i, p in enumerate(k.phonetic) for f in forms_of(p)
    }
    word_of_spelling = {
        w.latin: (n, i) for n, k in enumerate(keys) for i, w in enumerate(k.words) if w.latin
    }
    for n, (_kind, person_id, latin_keys, phonetic) in enumerate(named):
        held = phonetic.split("|")  # one element a word ("" for none), as latin_keys
        dated = held[-1] == "#d"
        if dated:
            held.pop()
        spelled_as = (latin_keys or "").split("|")
        value = 0.0
        matched = 0
        order: list[tuple[int, int]] = []  # the query words held, in the stored name's order
        for i, word in enumerate(held):
            spelling = spelled_as[i] if i < len(spelled_as) else ""
            if spelling in by_spelling:
                value += by_spelling[spelling]
                order.append(word_of_spelling[spelling])
            elif hits := words.intersection(forms_of(word)):
                # the query's rarest form it holds
                p = min(hits, key=lambda p: shares[p] or 0.0)
                value += W.weight("name_word", W.SOUND, share=shares[p])
                order.append(word_of_form[p])
            else:
                continue
            matched += 1
        # Ties among many "Min Kyaw …" go to the names with no word the query lacks.
        value += (len(held) - matched) * W.weight("name_word", W.EXTRA)
        value += ALIKE_WEIGHT * float(alike[n])
        value += born if dated else 0.0
        # Of the names holding the same words, those holding them in the query's order first
        # (evidence.py weighs the order too): Chea Sokha before the many Sokha Chea.
        # Read by the words' places in the query: with two names typed (Thai and a passport's
        # Latin), a word may be known by either name.
        places = list(dict.fromkeys(i for _name, i in order))
        if len(places) >= 2:
            swapped = places != sorted(places)
            value += W.order_weight(swapped=swapped, words=len(places))
        # Nittaya Homjan, both words alike in sound, before the many หอมจันทร์ of one word
        # spelled alike: of the names read, those holding more of the query come first.
        value += COVERAGE_RANK * (len(set(order)) + dated)
        if value > found.get(person_id, -1e9):
            found[person_id] = value
    return found, shares | spelled


def _whole_prefix(keys: Sequence[NameKeys]) -> str:
    """The prefix of the block keys that hold a whole name: "2" for pairs when the query's
    longest name has two distinct sounds, "3" for triples when it has more (keys.block_keys),
    "" for a name of one word."""
    most = max((len({p for p in k.phonetic if p}) for k in keys), default=0)
    return "3" if most >= 3 else "2" if most == 2 else ""


def _spelled(words: Sequence[WordKeys]) -> str:
    """A name's words in their folded Latin spelling (keys.latin_key), in order: the form in
    which a Thai-script name and its passport spelling can be compared as wholes."""
    return " ".join(w.latin for w in words if w.latin)


def _rough_order(
    rows: list[tuple],
    norms: list[str],
    roms: list[str],
    spelled: list[str],
    keys: dict[str, tuple[int, int]],
) -> dict[str, float]:
    """Each matched person's rough likeness, the best of its matched names (``rows``: person
    id, normalized, romanized, the udom83, lk82 and Latin keys joined by spaces — text is
    read far faster than three arrays a row — and the Latin keys alone), which decides who is
    kept when the pool is cut: the best whole-text likeness to a query form, words in any
    order (rapidfuzz's token_sort_ratio on the normalised, the romanised and the folded Latin
    spelling, all rows in one C call each; the last lets มิน จ่อ find Min Kyaw among hundreds
    of names written มิน จ่อ in Thai letters), plus
    half a point per query word whose sound keys it shares (``keys``: each key and its word,
    whatever kind of key and script). Computed here rather than in the generation query, where
    PostgreSQL's similarity() and unnest subplans cost about 19 µs a row: over 40 ms for a
    pair of common words at national scale."""
    text = np.zeros(len(rows), dtype=np.float32)
    columns = (
        (norms, lambda row: row[1]),
        (roms, lambda row: row[2]),
        (spelled, lambda row: " ".join(x for x in (row[4] or "").split() if x[0] != "~")),
    )
    for forms, stored in columns:
        if forms:
            texts = [stored(row) for row in rows]
            matrix = cdist(forms, texts, scorer=_token_sort, workers=1)
            np.maximum(text, matrix.max(axis=0), out=text)
    best: dict[str, float] = {}  # by the person's key as text (hashed in C, unlike UUIDs)
    word_of = keys.get
    for n, (person_id, _normalized, _romanized, sounds, _spelling) in enumerate(rows):
        shared = {word_of(key) for key in sounds.split()}
        shared.discard(None)
        value = float(text[n]) / 100.0 + 0.5 * len(shared)
        if value > best.get(person_id, -1.0):
            best[person_id] = value
    return best
