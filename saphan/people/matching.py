"""The duplicate check at intake: is the person being typed in already known?

``find_candidates`` looks among *all* persons, because a duplicate hidden in another
province is exactly what must not be missed; what it *shows* of each is decided by
orgs/access.py (``visible_persons``). A candidate the worker may not see comes back as a
score band, the province of its case and an opaque token for requesting access — never a
name, a document number or the person's key. Every visible candidate shown is logged.

How (generation in SQL, then scoring in Python):

1. Generation: the union of several passes over ``people_personname``, each an index probe.
   (a) By words' sound keys (Thai udom83 and lk82, Latin keys), over the match-key GIN index:
   names holding three, then two, of the query's words, then allowing a slip of the keyboard
   in a word (shared typo keys) only when the cheaper pass found too few; a one-word query
   also by its whole text being trigram-similar (pg_trgm ``%``). When more than ``POOL``
   persons match, a rough likeness computed in Python (rapidfuzz over the matched names'
   texts, plus shared sound keys) decides who is scored. (b) The blocking probe
   (``_block_probe``, the personname_block GIN index over ``keys.block_keys``): names sharing
   two words' phonetic form (phonetic.py: one form for Thai, Latin, Myanmar, Khmer and Lao
   script), or three words' (a Burmese name of three common syllables, whose every pair
   thousands hold), or one word's with the exact date or the year of birth, or one rare word
   alone, the keys chosen rarest first by their counts (NameKeyFrequency) so one probe reads
   at most ``BLOCK_BUDGET`` names — a rare family name with a date finds its person, "Aung"
   alone reads nothing. Of the names it reads, those sharing a word's folded Latin spelling
   and spelled most like the query as a whole come first. (c) A second query finds persons
   holding one of the typed document numbers.
2. Scoring, in Python over those few hundred, by evidence (Fellegi–Sunter; the m/u weights
   of every comparison level are in people/weights.py): each query name against each of the
   person's names word by word in any order (same word, same Thai sound or folded Latin
   spelling, same phonetic form across scripts, similar, different; a common word weighs
   less: a word matched by its spelling as common as that spelling, one matched by its sound
   form alone as common as the form), the date of birth (same date, day and month swapped,
   same year, inside an estimated age range, near, far), sex and nationality when given; an ID number match on top. The sum
   of the weights is shown as a score from 0 to 1 (weights.score).
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import numpy as np
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from psycopg.errors import QueryCanceled
from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import ratio as _indel_ratio
from rapidfuzz.fuzz import token_sort_ratio as _token_sort
from rapidfuzz.process import cdist

from saphan.audit.services import log_reads
from saphan.core.thai import normalize_thai_id
from saphan.orgs import access

from . import weights as W
from .keys import (
    MATCH_KEYS_EXPR,
    NameKeys,
    WordKeys,
    block_keys,
    name_keys,
    slip_keys,
    stored_words,
    word_match_keys,
)
from .models import BirthDatePrecision, CaseParty, NameKeyFrequency, Person
from .phonetic import ALTERNATIVE, forms_of, squeeze_forms

POOL = 100  # persons scored in Python at most (200 gave the same recall at 1,000,000)
NARROW_ENOUGH = 15  # persons found by a pass (more than the 10 shown): no wider pass needed
JOINED_NAME_MIN = 8  # letters of a one-word query worth comparing as a whole name
TRIGRAM_THRESHOLD = 0.3  # a one-word query: its whole text similar enough
SCAN_CAP = 5000  # names matching a pass; more and the pass is too broad to rank
GENERATION_TIMEOUT_MS = 1500  # a name pass that reads more than this is too broad to help
MIN_SCORE = 0.45  # below this a candidate is noise, not a possible duplicate
BLOCK_BUDGET = 800  # names the blocking probe may read: its keys are chosen rarest first
BLOCK_POOL = 60  # persons the blocking probe adds to those scored, by the weight it saw
COVERAGE_RANK = 1000.0  # the blocking probe ranks by the query words a name holds, then weight
ALIKE_WEIGHT = 4.0  # the blocking probe's bonus for a name spelled wholly like the query
UNSPELLED_ALIKE = 0.75  # the likeness given to a name with no Latin spelling
SCOPE = "duplicate check"
TOKEN_MAX_AGE = 24 * 3600  # a request for access must follow the check the same day
_TOKEN_SALT = "saphan.people.candidate"

# Score bands, the only measure shown for a candidate the worker may not see.
HIGH, MEDIUM, LOW = "high", "medium", "low"
BAND_FLOOR = {HIGH: 0.8, MEDIUM: 0.6, LOW: MIN_SCORE}

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


def band_of(score: float) -> str:
    if score >= BAND_FLOOR[HIGH]:
        return HIGH
    if score >= BAND_FLOOR[MEDIUM]:
        return MEDIUM
    return LOW


@dataclass
class Candidate:
    """One possible duplicate. For a candidate the actor may not see (``visible`` False)
    only ``band``, ``score`` (the band's floor), ``province_name`` and ``token`` are set."""

    score: float
    band: str
    visible: bool
    reasons: list[str] = field(default_factory=list)
    reason_codes: list[str] = field(default_factory=list)
    person_id: uuid.UUID | None = None
    person: Person | None = None
    province_code: str = ""
    province_name: str = ""
    token: str = ""

    @property
    def percent(self) -> int:
        return round(self.score * 100)


class Candidates(list):
    """The candidates, best first; ``too_broad`` when the name typed so far (one very common
    word) matched too many persons to rank: the worker is asked to type more, not told that
    nothing matched."""

    def __init__(self, items=(), *, too_broad: bool = False):
        super().__init__(items)
        self.too_broad = too_broad


# --- the opaque token ------------------------------------------------------------------------
def _pad(nonce: bytes) -> bytes:
    return salted_hmac(_TOKEN_SALT, nonce, algorithm="sha256").digest()[:16]


def candidate_token(*, person_id: uuid.UUID, actor) -> str:
    """A token naming a hidden candidate to the server only: the person's key is encrypted
    (XOR with an HMAC pad of a random nonce) and the whole signed, bound to the actor and
    dated. Two checks give two unrelated tokens for one person, so nothing can be compared."""
    nonce = secrets.token_bytes(12)
    cipher = bytes(a ^ b for a, b in zip(person_id.bytes, _pad(nonce), strict=True))
    blob = base64.urlsafe_b64encode(nonce + cipher).decode().rstrip("=")
    return signing.TimestampSigner(salt=_TOKEN_SALT).sign_object({"c": blob, "u": str(actor.pk)})


def candidate_token_person_id(*, token: str, actor) -> uuid.UUID:
    """The person a token names; PermissionDenied when it is forged, stale or someone else's."""
    try:
        data = signing.TimestampSigner(salt=_TOKEN_SALT).unsign_object(token, max_age=TOKEN_MAX_AGE)
        raw = base64.urlsafe_b64decode(data["c"] + "=" * (-len(data["c"]) % 4))
        if data.get("u") != str(actor.pk) or len(raw) != 28:
            raise ValueError("token of another user")
    except (signing.BadSignature, ValueError, KeyError, TypeError) as error:
        raise PermissionDenied("invalid candidate token") from error
    nonce, cipher = raw[:12], raw[12:]
    return uuid.UUID(bytes=bytes(a ^ b for a, b in zip(cipher, _pad(nonce), strict=True)))


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
    narrower pass for names of three or more words: see ``_generate``). With ``slips`` False
    only pairs of words that sound alike count (a cheap first look: see ``_generate``).
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


def _generate(
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
                blocked, word_shares = _block_probe(
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


def _block_probe(
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
            "cap": 2 * BLOCK_BUDGET,
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
        covered = set()
        for i, word in enumerate(held):
            spelling = spelled_as[i] if i < len(spelled_as) else ""
            if spelling in by_spelling:
                value += by_spelling[spelling]
                covered.add(word_of_spelling[spelling])
            elif hits := words.intersection(forms_of(word)):
                # the query's rarest form it holds
                p = min(hits, key=lambda p: shares[p] or 0.0)
                value += W.weight("name_word", W.SOUND, share=shares[p])
                covered.add(word_of_form[p])
            else:
                continue
            matched += 1
        # Ties among many "Min Kyaw …" go to the names with no word the query lacks.
        value += (len(held) - matched) * W.weight("name_word", W.EXTRA)
        value += ALIKE_WEIGHT * float(alike[n])
        value += born if dated else 0.0
        # Nittaya Homjan, both words alike in sound, before the many หอมจันทร์ of one word
        # spelled alike: of the names read, those holding more of the query come first.
        value += COVERAGE_RANK * (len(covered) + dated)
        if value > found.get(person_id, -1e9):
            found[person_id] = value
    return found, shares | spelled


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


# --- scoring (Python): Fellegi–Sunter evidence, weights in people/weights.py ---------------
def _ratio(a: str, b: str) -> float:
    """2·(longest common subsequence)/(total length), 0..1 (difflib's ratio, in C)."""
    if not a or not b:
        return 0.0
    return _indel_ratio(a, b) / 100.0


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
        return (_sound_level(q, c), SOUND) if cross else (W.SOUND, SPELLING)
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
_SPELLED_LEVELS = frozenset({W.EXACT, W.SPELLING, W.CROSS_SPELLING})
SPELLED = "="  # the prefix of a spelling's share among a check's word shares
_GOOD_LEVELS = frozenset(
    {W.EXACT, W.SPELLING, W.SOUND, W.CROSS_SPELLING, W.CROSS_SOUND, W.CROSS_UNSPELLED, W.SIMILAR}
)
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
    if len(good) >= 2 and any(b[1] < a[1] for a, b in zip(good, good[1:], strict=False)):
        reasons.add(SWAPPED)
    # The same name typed without spaces, or cut differently into words.
    if len(q) != len(c):
        r = max(
            _ratio("".join(w.text for w in q), "".join(w.text for w in c)),
            0.95 * _ratio("".join(w.latin for w in q), "".join(w.latin for w in c)),
        )
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


def _score(
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


# --- the check -------------------------------------------------------------------------------
_SCORING_FIELDS = (
    "id", "birth_date", "birth_date_precision", "age_estimate_min", "age_estimate_max",
    "age_estimated_on", "created_at", "sex", "citizenships",
)  # fmt: skip


def _persons_and_names(
    person_ids: list[uuid.UUID],
) -> tuple[dict[uuid.UUID, Person], dict[uuid.UUID, list[tuple]]]:
    """For scoring, in one round trip: each person with the fields scoring reads (an unsaved
    Person holding _SCORING_FIELDS only), and (normalized, udom83, lk82, latin_keys) of each
    of their names. The key arrays are read as text joined by "|" (psycopg reads text far
    faster than arrays); their lengths follow from the name's words, so an empty text is as
    many empty keys as words."""
    persons: dict[uuid.UUID, Person] = {}
    names_of: dict[uuid.UUID, list[tuple]] = defaultdict(list)
    if not person_ids:
        return persons, names_of
    fields = ", ".join(f"p.{f}" for f in _SCORING_FIELDS)
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT {fields}, n.normalized, array_to_string(n.udom83, '|'), "
            "array_to_string(n.lk82, '|'), array_to_string(n.latin_keys, '|'), "
            "array_to_string(n.phonetic, '|') "
            "FROM people_person p LEFT JOIN people_personname n ON n.person_id = p.id "
            "WHERE p.id = ANY(%s)",
            [person_ids],
        )
        width = len(_SCORING_FIELDS)
        for row in cur.fetchall():
            person_id = row[0]
            if person_id not in persons:
                persons[person_id] = Person(**dict(zip(_SCORING_FIELDS, row[:width], strict=True)))
            normalized, *joined = row[width:]
            if normalized is None:
                continue  # a person without a name (found by a document number alone)
            words = len(normalized.split())
            udom83, lk82, latin_keys, phonetic = (
                j.split("|") if j else [""] * words for j in joined
            )
            names_of[person_id].append((normalized, udom83, lk82, latin_keys, phonetic))
    return persons, names_of


def _id_numbers(values: Iterable[str]) -> list[str]:
    result = []
    for value in values:
        number = normalize_thai_id(value or "").upper()
        if len(number) >= 4:
            result.append(number)
    return list(dict.fromkeys(result))


def _province_names(person_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """The province of a case of each person (the earliest case), as (code, name)."""
    result: dict[uuid.UUID, tuple[str, str]] = {}
    if not person_ids:
        return result
    english = (get_language() or "th").startswith("en")
    links = (
        CaseParty.objects.filter(person_id__in=list(person_ids))
        .order_by("case__created_at")
        .values_list(
            "person_id", "case__province__code", "case__province__name_th",
            "case__province__name_en",
        )
    )  # fmt: skip
    for person_id, code, name_th, name_en in links:
        result.setdefault(person_id, (code, name_en if english and name_en else name_th))
    return result


@transaction.atomic
def find_candidates(
    *,
    actor,
    names: Sequence[str],
    birth_date: dt.date | None = None,
    id_numbers: Sequence[str] = (),
    sex: str = "",
    nationality: str = "",
    age: int | None = None,
    limit: int = 10,
    path: str = "",
) -> Candidates:
    """Existing persons who may be the one being typed, best first (at most ``limit``).

    ``age`` (years, about) stands for the date of birth when none is known: it weighs, and
    blocks, as the years it allows. Only an actor who may open cases may run the check.
    Visible candidates carry the person
    (and are logged as read under the scope "duplicate check"); the others carry only the
    band, the province of their case and a token for ``access_request_create``.
    """
    access.require(actor, "cases.add_case")
    # One letter typed so far matches nothing worth showing.
    keys = [k for k in (name_keys(n) for n in names if n and n.strip()) if len(k.normalized) >= 2]
    numbers = _id_numbers(id_numbers)
    if not keys and not numbers:
        return Candidates()
    word_shares: dict[str, float | None] = {}
    years = age_years(age, timezone.localdate()) if birth_date is None else None
    found, id_matches, too_broad = _generate(
        keys, numbers, POOL, birth_date, word_shares, years=years
    )
    shares = tuple(sorted((p, v) for p, v in word_shares.items() if v is not None))
    if not found:
        return Candidates(too_broad=too_broad)
    # Scored on what scoring reads; the persons shown are read whole afterwards.
    persons, names_of = _persons_and_names(list(found))  # names_of: a defaultdict
    query_words = [tuple(k.words) for k in keys]
    scored = []
    for person_id, person in persons.items():
        score, codes = _score(
            query_words,
            names_of[person_id],
            person,
            birth_date,
            person_id in id_matches,
            shares=shares,
            sex=sex,
            nationality=nationality,
            years=years,
        )
        if score >= MIN_SCORE:
            scored.append((score, person_id, codes))
    scored.sort(key=lambda item: (-item[0], str(item[1])))
    top = scored[:limit]
    ids = [person_id for _s, person_id, _c in top]
    visible = set(access.visible_persons(actor).filter(pk__in=ids).values_list("pk", flat=True))
    if visible:
        persons.update(Person.objects.in_bulk(list(visible)))
    provinces = _province_names(set(ids) - visible)
    result = Candidates(too_broad=too_broad)
    for score, person_id, codes in top:
        band = band_of(score)
        if person_id in visible:
            result.append(
                Candidate(
                    score=round(score, 3),
                    band=band,
                    visible=True,
                    reasons=[reason_text(c) for c in codes],
                    reason_codes=codes,
                    person_id=person_id,
                    person=persons[person_id],
                )
            )
        else:
            code, name = provinces.get(person_id, ("", ""))
            result.append(
                Candidate(
                    score=BAND_FLOOR[band],
                    band=band,
                    visible=False,
                    province_code=code,
                    province_name=name,
                    token=candidate_token(person_id=person_id, actor=actor),
                )
            )
    log_reads(
        actor=actor,
        records=[c.person for c in result if c.visible],
        scope=SCOPE,
        purpose="intake",
        path=path,
    )
    return result
