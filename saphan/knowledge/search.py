"""One search over law sections, checklist steps, lessons and good practices.

Three signals, blended:
- lexical: the query is segmented with pythainlp (the tokenizer that made the index) and
  matched in PostgreSQL full text (`simple` configuration, GIN) against the documents' tokens,
  scored by how much of the query a document covers (each word by its specificity: a word in
  most documents tells little), then ts_rank_cd;
- across languages: a query word that the domain glossary knows (glossary.py) is also looked
  for in the other language (an English query's "shelter" as บ้านพัก or สถานคุ้มครอง), and
  counts W_TRANSLATED of the word itself;
- typos: a query word that is not in the index's vocabulary is looked up among the known words
  by pg_trgm similarity (GIN trigram index on SearchTerm), and its nearest words are searched
  too (a misspelt Thai word also splits into odd pieces: runs of such pieces are rejoined first);
- meaning: the query's multilingual-e5-small embedding against every document's embedding (an
  in-process numpy matrix, reloaded when the index changes), so an English query finds Thai
  practices and the reverse.

Bounded work per query, whatever the size of the index. The documents scored lexically are
those that contain the query's rarer words (the words that single documents out, rarest first,
up to CANDIDATE_BUDGET documents by PostgreSQL's own statistics of the tsvector column, and
their glossary translations up to TRANSLATION_BUDGET) and the semantic candidates; a word found
in a large share of the index (ผู้เสียหาย is in most documents) still counts towards a
document's coverage but does not bring in thousands of documents to score. Round trips: the
vocabulary with the rarest words' documents (one), the typos' nearest words (one, only when
there are unknown words), the scoring (one, and one for the semantic candidates), the rows
shown (one).

Across languages a document shares no word with the query but through the glossary, and the
embedding is less sure across languages than within one: a document in another script than
the query is scored with a heavier lexical weight (W_LEXICAL_ACROSS). Lexical scores, like the
semantic ones, are relative to the best match. Ties are broken by document id: the same index
and query give the same ranking.

Results carry their matched words highlighted (escaped HTML with <mark>).

The embedding matrix is matrix.py's (MATRIX); snippets and highlighting are snippets.py's.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection

from saphan.core.thai import normalize_text, tokens

from . import glossary
from .embeddings import centred_query
from .matrix import MATRIX, _embedding_pool
from .models import SearchDoc
from .snippets import _pattern, highlight, snippet

LEXICAL_CANDIDATES = 200
SEMANTIC_CANDIDATES = 60
CANDIDATE_BUDGET = 400  # documents a query's rarer words may bring in to be scored
TRANSLATION_BUDGET = 1200  # and the glossary's words for them in the other language
TYPO_SIMILARITY = 0.3
STATS_TTL_SECONDS = 60.0

# Weights of the blend, tuned on the labelled queries of bench/knowledge.py (the cross-language
# ones on the tuning half only, see bench/knowledge.py held_out).
W_LEXICAL = 0.55
W_SEMANTIC = 0.45
W_LEXICAL_ACROSS = 0.65  # for a document in another script than the query
W_TRANSLATED = 0.8  # a query word found through the glossary, in the other language
LEXICAL_FLOOR = 0.2  # lexical scores are relative to the best, or to this when all are weak


@dataclass
class Filters:
    kind: str = ""
    phase: str = ""
    region_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass
class Hit:
    doc: SearchDoc
    score: float
    lexical: float
    semantic: float
    title_html: str = ""
    snippet_html: str = ""
    matched: list[str] = field(default_factory=list)


# English function words (the usual list of search engines); the Thai ones are pythainlp's.
_ENGLISH_STOPWORDS = """a about above after against all am an and any are as at be because
been before being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves s t""".split()


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | frozenset(_ENGLISH_STOPWORDS)


# --- the query's words ------------------------------------------------------------------------
_THAI = re.compile("[\u0e00-\u0e7f]")
_LATIN = re.compile("[a-z]", re.IGNORECASE)


COUNT_CAP = 50  # a rare word's documents are looked up up to this many


def _known(words: list[str], rare: list[str]) -> tuple[set[str], dict[str, list[int]]]:
    """The words found in the vocabulary (and the trigram threshold set for _nearest), and
    the documents matching each of the tsqueries ``rare`` for those matching fewer than
    COUNT_CAP, in one round trip."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT set_limit(%s), ARRAY(SELECT term FROM knowledge_searchterm "
            "WHERE term = ANY(%s)), ARRAY(SELECT array_to_string(ARRAY(SELECT id FROM "
            "knowledge_searchdoc WHERE tsv @@ to_tsquery('simple', r.q) LIMIT %s), ',') "
            "FROM unnest(%s::text[]) WITH ORDINALITY r(q, n) ORDER BY r.n)",
            [TYPO_SIMILARITY, words, COUNT_CAP, rare],
        )
        _limit, known, found = cur.fetchone()
    # (arrays of unequal lengths make no PostgreSQL array: each comes as text)
    ids = [[int(i) for i in f.split(",")] if f else [] for f in found]
    return set(known), {q: f for q, f in zip(rare, ids, strict=True) if len(f) < COUNT_CAP}


def _nearest(chunks: list[str]) -> list[str]:
    """The two known words nearest each chunk by trigram similarity, in one round trip."""
    if not chunks:
        return []
    with connection.cursor() as cur:
        cur.execute(
            "SELECT t.term FROM unnest(%s::text[]) WITH ORDINALITY c(chunk, n), "
            "LATERAL (SELECT term, similarity(term, c.chunk) AS sim FROM knowledge_searchterm "
            "WHERE term %% c.chunk ORDER BY sim DESC, term LIMIT 2) t ORDER BY c.n, t.sim DESC",
            [chunks],
        )
        return [row[0] for row in cur.fetchall()]


@dataclass
class QueryTerms:
    own: list[str]  # the query's words found in the vocabulary
    corrected: list[str]  # known words near the query's unknown ones (typos)
    size: int  # how many content words the query has (unknown ones count too)
    thai: bool = False  # the query has Thai words
    latin: bool = False  # the query has words in Latin letters
    # the query's words the glossary knows: their other language's words (glossary.py)
    translated: dict[str, list[glossary.Alternative]] = field(default_factory=dict)
    foreign: list[str] = field(default_factory=list)  # those words as written, to highlight
    slots: list | None = field(default=None, repr=False)  # _slots(self), once made
    # the documents of the rare words and translations (tsquery -> ids), see candidates
    rare: dict[str, list[int]] = field(default_factory=dict, repr=False)


def query_terms(q: str) -> QueryTerms:
    every = tokens(q)
    words = list(dict.fromkeys(every))
    stop = _stopwords()
    content = [w for w in words if w not in stop] or words
    found = glossary.translations(q, every)
    alternatives = {
        w: glossary.alternatives(w, found[w]) for w in content if w in found and len(w) > 1
    }
    known, rare = _known(content, _rare_units(content, alternatives)) if content else (set(), {})
    # Rejoin runs of unknown or one-letter Thai pieces: a typo cuts a Thai word into fragments.
    # A word in Latin letters that the index lacks but the glossary knows is no typo: it is
    # searched through its translation alone.
    chunks, run, foreign_only = [], [], []
    for w in content:
        if _THAI.search(w) and (w not in known or len(w) == 1):
            run.append(w)
            continue
        if run:
            chunks.append("".join(run))
            run = []
        if w not in known:
            (foreign_only if w in found else chunks).append(w)
    if run:
        chunks.append("".join(run))
    corrected = [t for t in _nearest([c for c in chunks if len(c) >= 3]) if t not in known]
    own = [w for w in content if w in known and len(w) > 1]
    foreign = [s for w in alternatives for s in glossary.surface(w, found[w])]
    return QueryTerms(
        own=own,
        corrected=list(dict.fromkeys(corrected)),
        size=len(own) + len(chunks) + len(foreign_only),
        thai=any(_THAI.search(w) for w in content),
        latin=any(_LATIN.search(w) for w in content),
        translated=alternatives,
        foreign=list(dict.fromkeys(foreign)),
        rare=rare,
    )


def _tsquery(words: list[str]) -> str:
    return " | ".join("'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words)


# --- how common each word is --------------------------------------------------------------------
class _TermStats:
    """PostgreSQL's statistics of the tsvector column (ANALYZE keeps them, autovacuum runs
    it): the share of documents holding each of the most common words, and the lowest such
    share; a word not listed is rarer than that. Enough to tell which words single documents
    out, without counting at query time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.checked = -STATS_TTL_SECONDS
        self.freq: dict[str, float] = {}
        self.floor = 0.0  # the share assumed for a word not listed
        self.documents = 0.0
        self.prefixes: dict[str, float] = {}  # the share of words starting with a prefix

    def ensure(self) -> None:
        now = time.monotonic()
        if now - self.checked < STATS_TTL_SECONDS:
            return
        with self.lock, connection.cursor() as cur:
            cur.execute(
                "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, "
                "c.reltuples FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = c.relname "
                "AND s.attname = 'tsv' AND s.schemaname = current_schema() "
                "WHERE c.relname = 'knowledge_searchdoc' AND c.relnamespace = "
                "current_schema()::regnamespace"
            )
            row = cur.fetchone()
            elems, freqs, documents = row if row else (None, None, 0)
            self.documents = max(float(documents or 0), 0.0)
            if elems and freqs:
                self.freq = dict(zip(elems, freqs, strict=False))
                self.floor = float(freqs[len(elems)]) / 2  # below the least common listed
            else:
                self.freq, self.floor = {}, 0.0
            self.prefixes = {}
            self.checked = now

    def documents_with(self, word: str) -> float:
        """Estimated number of documents holding ``word``."""
        return self.freq.get(word, self.floor) * self.documents

    def documents_with_prefix(self, prefix: str) -> float:
        """Estimated number of documents holding a word that starts with ``prefix`` (at most
        the sum over the listed words, and the floor for the unlisted ones)."""
        if (share := self.prefixes.get(prefix)) is None:
            share = self.floor + sum(f for w, f in self.freq.items() if w.startswith(prefix))
            self.prefixes[prefix] = share = min(share, 1.0)
        return share * self.documents

    def rare(self) -> float:
        """The estimate for a word the statistics do not list: "rarer than all of them"."""
        return self.floor * self.documents

    def specificity(self, documents: float) -> float:
        """How well a word held by ``documents`` documents singles them out: 1 for a word no
        more common than the unlisted ones, less for a common one (its inverse document
        frequency against theirs), 0 for a word in every document."""
        rare = self.floor * self.documents
        if not self.documents or rare <= 0 or documents <= rare:
            return 1.0
        return max(0.0, math.log(self.documents / documents) / math.log(self.documents / rare))

    def documents_with_all(self, alternative: glossary.Alternative) -> float:
        """Estimated number of documents holding every word of ``alternative``: at most the
        rarest word's (words of one phrase go together, so no product of shares)."""
        return min(
            (self.documents_with_prefix(w) if prefix else self.documents_with(w))
            for w, prefix in alternative
        )

    def reset(self) -> None:
        self.checked = -STATS_TTL_SECONDS


TERM_STATS = _TermStats()


def _within_budget(units: list[tuple[float, str]], budget: float) -> list[str]:
    """The units (estimated documents, key) that bring documents in: rarest first (ties by
    key), while the documents they hold stay within ``budget``."""
    chosen, total = [], 0.0
    for df, key in sorted(units):
        if total + df > budget:
            break
        chosen.append(key)
        total += df
    return chosen


def candidate_words(words: list[str]) -> list[str]:
    """The words that bring documents in: rarest first, while the documents they hold stay
    within CANDIDATE_BUDGET."""
    TERM_STATS.ensure()
    return _within_budget([(TERM_STATS.documents_with(w), w) for w in words], CANDIDATE_BUDGET)


def candidates(terms: QueryTerms) -> tuple[list[str], list[int]]:
    """What brings documents in to be scored: tsqueries of the query's own (and corrected)
    words and of the glossary's words for them in the other language, rarest first within
    each budget, and the documents of the rarest ones, already found.

    A word rarer than every word the statistics list may be in one document or in a few
    hundred (the statistics' floor): those were looked up in the index with the vocabulary
    (query_terms, each stopping at COUNT_CAP documents), so that every word that singles
    documents out brings them in, not the first few in alphabetical order of those estimated
    alike; what they hold is brought by id (PostgreSQL's planner, which also takes them for
    common, would read the whole table for an OR of twenty of them)."""
    TERM_STATS.ensure()
    own, translated = _units(terms.own + terms.corrected, terms.translated)
    found = terms.rare
    own, translated = (
        [(float(len(found[q])) if q in found else df, q) for df, q in units]
        for units in (own, translated)
    )
    chosen = _within_budget(own, CANDIDATE_BUDGET) + _within_budget(translated, TRANSLATION_BUDGET)
    ids = sorted({i for q in chosen if q in found for i in found[q]})
    return [q for q in chosen if q not in found], ids


def _units(
    words: list[str], translated: dict[str, list[glossary.Alternative]]
) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """(estimated documents, tsquery) of each word and of each glossary alternative."""
    own = [(TERM_STATS.documents_with(w), _tsquery([w])) for w in words]
    return own, list(
        dict.fromkeys(
            (TERM_STATS.documents_with_all(a), glossary.tsquery([a]))
            for alternatives in translated.values()
            for a in alternatives
        )
    )


def _rare_units(words: list[str], translated: dict[str, list[glossary.Alternative]]) -> list[str]:
    """The tsqueries of ``words`` and their translations that the statistics take for rarer
    than all they list: those whose documents are looked up."""
    TERM_STATS.ensure()
    rare = TERM_STATS.rare()
    own, alternatives = _units([w for w in words if len(w) > 1], translated)
    return list(dict.fromkeys(q for df, q in own + alternatives if 0 < df <= rare))


# --- the search ---------------------------------------------------------------------------------
# Each filter that is set adds its condition, in this order.
_FILTER_SQL = (
    ("kind", "kind = %s"),
    ("phase", "phases @> ARRAY[%s]::varchar[]"),
    ("region_id", "region_id = %s"),
    ("date_from", "date >= %s"),
    ("date_to", "date <= %s"),
)


def _filter_sql(filters: Filters) -> tuple[str, list]:
    sql, params = [], []
    for name, condition in _FILTER_SQL:
        if value := getattr(filters, name):
            sql.append(condition)
            params.append(value)
    return "".join(f" AND {s}" for s in sql), params


DISPLAY_COLUMNS = (
    "id, kind, ref, title, body, date, region_id, province_id, phases, exploitation_types, "
    "nationalities"
)


def _doc(row) -> SearchDoc:
    """A SearchDoc for display from the DISPLAY_COLUMNS of a row."""
    return SearchDoc(
        id=row[0], kind=row[1], ref=row[2], title=row[3], body=row[4], date=row[5],
        region_id=row[6], province_id=row[7], phases=row[8], exploitation_types=row[9],
        nationalities=row[10],
    )  # fmt: skip


def _fetch_docs(ids: list[int], docs: dict[int, SearchDoc]) -> None:
    """Add the documents ``ids`` (those not in ``docs`` yet) to ``docs``, for display."""
    ids = [i for i in ids if i not in docs]
    if not ids:
        return
    with connection.cursor() as cur:
        cur.execute(f"SELECT {DISPLAY_COLUMNS} FROM knowledge_searchdoc WHERE id = ANY(%s)", [ids])
        for row in cur.fetchall():
            docs[row[0]] = _doc(row)


def _slots(terms: QueryTerms) -> list[list[tuple[str, float]]]:
    """What a document's coverage of the query counts: for each query word, the tsqueries that
    find it and their weight, the first that matches counting (the word itself 1, its
    glossary translation W_TRANSLATED; each typo's nearest word 0.7), each weight times the
    word's specificity (a word in most documents tells little: ผู้เสียหาย, "victim")."""

    def translated(alternatives: list[glossary.Alternative]) -> list[tuple[str, float]]:
        # Alternatives of equal weight share one tsquery; the heaviest is tried first.
        by_weight: dict[float, list] = {}
        for a in alternatives:
            df = TERM_STATS.documents_with_all(a)
            by_weight.setdefault(round(W_TRANSLATED * TERM_STATS.specificity(df), 2), []).append(a)
        return [
            (glossary.tsquery(by_weight[w]), w) for w in sorted(by_weight, reverse=True) if w > 0
        ]

    def own(w: str, weight: float) -> tuple[str, float]:
        return (
            _tsquery([w]),
            round(weight * TERM_STATS.specificity(TERM_STATS.documents_with(w)), 2),
        )

    slots = []
    for w in terms.own:
        slot = [own(w, 1.0)]
        if w in terms.translated:
            slot += translated(terms.translated[w])
        slots.append(slot)
    for w, alternatives in terms.translated.items():
        if w not in terms.own:
            slots.append(translated(alternatives))
    slots += [[own(w, 0.7)] for w in terms.corrected]
    return [s for s in slots if s]


def _lexical_rows(
    terms: QueryTerms,
    filters: Filters,
    *,
    selective: list[str],
    ids: list[int],
    docs: dict[int, SearchDoc] | None = None,
) -> list[tuple[int, float, float]]:
    """(id, coverage, ts_rank_cd) of the documents matching any ``selective`` tsquery and of
    the documents ``ids`` (the semantic candidates), for those that share a word with the
    query (or hold the glossary's translation of one). Coverage: how much of the query a
    document holds (_slots). With ``docs``, every row read is also added there for display
    (same round trip)."""
    if terms.slots is None:
        terms.slots = _slots(terms)
    slots = terms.slots
    if not slots or not (selective or ids):
        return []
    where, params = _filter_sql(filters)
    covered = " + ".join(
        "(CASE "
        + " ".join(f"WHEN tsv @@ to_tsquery('simple', %s) THEN {w}" for _q, w in slot)
        + " ELSE 0 END)"
        for slot in slots
    )
    # ts_rank_cd, the tie-break among equal coverage, over the query's own words only: over
    # the glossary's translations too (an OR of dozens) it cost more than all the rest.
    own = terms.own + terms.corrected
    rank = "ts_rank_cd(tsv, to_tsquery('simple', %s), 1)" if own else "0"
    brought, brought_params = [], []
    if selective:
        brought.append("tsv @@ to_tsquery('simple', %s)")
        brought_params.append(" | ".join(f"({q})" for q in selective))
    if ids:
        brought.append("id = ANY(%s)")
        brought_params.append(list(ids))
    display = f", {DISPLAY_COLUMNS}" if docs is not None else ""
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT id, {covered}, {rank}{display} "
            f"FROM knowledge_searchdoc WHERE ({' OR '.join(brought)}){where}",
            [
                *(q for slot in slots for q, _w in slot),
                *([_tsquery(own)] if own else []),
                *brought_params,
                *params,
            ],
        )
        fetched = cur.fetchall()
    if docs is not None:
        for r in fetched:
            docs[r[0]] = _doc(r[3:])
    return [(r[0], float(r[1]), float(r[2])) for r in fetched if r[1]]


def _lexical_scores(
    rows: list[tuple[int, float, float]], terms: QueryTerms, keep: set[int]
) -> dict[int, float]:
    """The lexical score of the best LEXICAL_CANDIDATES rows and of those in ``keep``:
    coverage squared (one shared common word out of five is little evidence), and among
    equals ts_rank_cd."""
    if not rows:
        return {}
    rows = sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))
    top_rank = max(r[2] for r in rows) or 1.0
    size = max(terms.size, 1)
    return {
        i: min(coverage / size, 1.0) ** 2 * (0.8 + 0.2 * rank / top_rank)
        for n, (i, coverage, rank) in enumerate(rows)
        if n < LEXICAL_CANDIDATES or i in keep
    }


def _relative(cosines: dict[int, float]) -> dict[int, float]:
    # What tells is the distance to the best match (cosines of related texts lie within about
    # 0.1 of each other), damped when even the best match is weak.
    if not cosines:
        return {}
    best = max(cosines.values())
    strength = min(1.0, max(0.0, best / 0.3))
    return {i: max(0.0, 1.0 - (best - c) / 0.1) * strength for i, c in cosines.items()}


PREFETCH = 10  # the best lexical rows read for display while the query is embedded


def search(
    *, q: str, filters: Filters | None = None, limit: int = 20, semantic: bool = True
) -> list[Hit]:
    filters = filters or Filters()
    q = normalize_text(q or "")[:200]
    if not q:
        return []
    # The query's embedding (the longest step, 15 to 40 ms) runs beside the words' look-ups,
    # the lexical scoring and the reading of the best lexical rows for display; after it, the
    # semantic candidates are scored and read in one round trip, and only what is still
    # missing from the page is read.
    embedding = _embedding_pool().submit(centred_query, q) if semantic else None
    terms = query_terms(q)
    words = terms.own + terms.corrected
    selective, rare_ids = candidates(terms)
    rows = _lexical_rows(terms, filters, selective=selective, ids=rare_ids)
    docs: dict[int, SearchDoc] = {}
    leaders = sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))[: max(limit, PREFETCH)]
    _fetch_docs([r[0] for r in leaders], docs)
    cosines: dict[int, float] = {}
    vectors, position = MATRIX.vectors, {}
    if embedding is not None:
        qv = embedding.result()
        cosines = MATRIX.top(qv, filters, SEMANTIC_CANDIDATES)
        seen = {r[0] for r in rows}
        rows += _lexical_rows(
            terms, filters, selective=[], ids=[i for i in cosines if i not in seen], docs=docs
        )
        # One consistent view of the matrix (a reload replaces its arrays, never edits them).
        position, vectors, thai, latin = MATRIX._position, MATRIX.vectors, MATRIX.thai, MATRIX.latin
    lexical = _lexical_scores(rows, terms, set(cosines))
    if embedding is not None:
        for i in lexical:
            if i not in cosines and (n := position.get(i)) is not None:
                cosines[i] = float(vectors[n] @ qv)
    sem = _relative(cosines)
    # Like the semantic score, the lexical one tells by its distance to the best match: a
    # document holding every specific word of the query scores 1 even when some of them
    # could only be found through the glossary.
    if lexical:
        best = max(max(lexical.values()), LEXICAL_FLOOR)
        lexical = {i: v / best for i, v in lexical.items()}

    def comparable(i: int) -> bool:
        """Could this document share a word with the query (a script in common)?"""
        n = position.get(i)
        if n is None or not (terms.thai or terms.latin):
            return True
        return bool((terms.thai and thai[n]) or (terms.latin and latin[n]))

    def score(i: int) -> float:
        if comparable(i):
            return W_LEXICAL * lexical.get(i, 0.0) + W_SEMANTIC * sem.get(i, 0.0)
        # Another script: its words were found through the glossary, if at all, and the
        # embedding is less sure across languages than within one.
        return W_LEXICAL_ACROSS * lexical.get(i, 0.0) + (1 - W_LEXICAL_ACROSS) * sem.get(i, 0.0)

    scored = sorted(
        ((score(i), i) for i in set(lexical) | set(cosines)), key=lambda r: (-r[0], r[1])
    )[:limit]
    _fetch_docs([i for _s, i in scored], docs)
    words = words + terms.foreign
    pattern = _pattern(tuple(words))
    return [
        Hit(
            doc=docs[i],
            score=score,
            lexical=lexical.get(i, 0.0),
            semantic=sem.get(i, 0.0),
            title_html=highlight(docs[i].title, words, pattern=pattern),
            snippet_html=highlight(snippet(docs[i].body, words), words, pattern=pattern),
            matched=words,
        )
        for score, i in scored
        if i in docs
    ]
