"""One search over law sections, checklist steps, lessons and good practices.

Three signals, blended:
- lexical: the query is segmented with pythainlp (the tokenizer that made the index) and
  matched in PostgreSQL full text (`simple` configuration, GIN) against the documents' tokens,
  scored by how much of the query a document covers, then ts_rank_cd;
- typos: a query word that is not in the index's vocabulary is looked up among the known words
  by pg_trgm similarity (GIN trigram index on SearchTerm), and its nearest words are searched
  too (a misspelt Thai word also splits into odd pieces: runs of such pieces are rejoined first);
- meaning: the query's multilingual-e5-small embedding against every document's embedding (an
  in-process numpy matrix, reloaded when the index changes), so an English query finds Thai
  practices and the reverse.

Bounded work per query, whatever the size of the index. The documents scored lexically are
those that contain the query's rarer words (the words that single documents out, rarest first,
up to CANDIDATE_BUDGET documents by PostgreSQL's own statistics of the tsvector column) and
the semantic candidates; a word found in a large share of the index (ผู้เสียหาย is in most
documents) still counts towards a document's coverage but does not bring in thousands of
documents to score. Round trips: the vocabulary (one), the typos' nearest words (one, only
when there are unknown words), the scoring (one), the rows shown (one).

Across languages the lexical side is silent: an English query shares no word with a document
written only in Thai. Such a document is ranked by meaning alone (its semantic score stands in
for the missing lexical one) rather than losing to every same-language document that shares a
common word with the query.

Results carry their matched words highlighted (escaped HTML with <mark>).

The embedding matrix is matrix.py's (MATRIX); snippets and highlighting are snippets.py's.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection

from saphan.core.thai import normalize_text, tokens

from .embeddings import centred_query
from .matrix import MATRIX, _embedding_pool
from .models import SearchDoc
from .snippets import _pattern, highlight, snippet

LEXICAL_CANDIDATES = 200
SEMANTIC_CANDIDATES = 60
CANDIDATE_BUDGET = 400  # documents a query's rarer words may bring in to be scored
TYPO_SIMILARITY = 0.3
STATS_TTL_SECONDS = 60.0

# Weights of the blend, tuned on the labelled queries of bench/knowledge.py.
W_LEXICAL = 0.55
W_SEMANTIC = 0.45


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


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | {
        "the", "a", "an", "of", "and", "or", "to", "in", "for", "on", "with", "is", "are",
    }  # fmt: skip


# --- the query's words ------------------------------------------------------------------------
_THAI = re.compile("[\u0e00-\u0e7f]")
_LATIN = re.compile("[a-z]", re.IGNORECASE)


def _known(words: list[str]) -> set[str]:
    """The words found in the vocabulary (and the trigram threshold set for _nearest, in the
    same round trip)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT set_limit(%s), ARRAY(SELECT term FROM knowledge_searchterm "
            "WHERE term = ANY(%s))",
            [TYPO_SIMILARITY, words],
        )
        return set(cur.fetchone()[1])


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


def query_terms(q: str) -> QueryTerms:
    words = list(dict.fromkeys(tokens(q)))
    stop = _stopwords()
    content = [w for w in words if w not in stop] or words
    known = _known(content) if content else set()
    # Rejoin runs of unknown or one-letter Thai pieces: a typo cuts a Thai word into fragments.
    chunks, run = [], []
    for w in content:
        if _THAI.search(w) and (w not in known or len(w) == 1):
            run.append(w)
            continue
        if run:
            chunks.append("".join(run))
            run = []
        if w not in known:
            chunks.append(w)
    if run:
        chunks.append("".join(run))
    corrected = [t for t in _nearest([c for c in chunks if len(c) >= 3]) if t not in known]
    own = [w for w in content if w in known and len(w) > 1]
    return QueryTerms(
        own=own,
        corrected=list(dict.fromkeys(corrected)),
        size=len(own) + len(chunks),
        thai=any(_THAI.search(w) for w in content),
        latin=any(_LATIN.search(w) for w in content),
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
            self.checked = now

    def documents_with(self, word: str) -> float:
        """Estimated number of documents holding ``word``."""
        return self.freq.get(word, self.floor) * self.documents

    def reset(self) -> None:
        self.checked = -STATS_TTL_SECONDS


TERM_STATS = _TermStats()


def candidate_words(words: list[str]) -> list[str]:
    """The words that bring documents in: rarest first, while the documents they hold stay
    within CANDIDATE_BUDGET."""
    TERM_STATS.ensure()
    chosen, total = [], 0.0
    for df, w in sorted((TERM_STATS.documents_with(w), w) for w in words):
        if total + df > CANDIDATE_BUDGET:
            break
        chosen.append(w)
        total += df
    return chosen


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


def _lexical_rows(
    terms: QueryTerms,
    filters: Filters,
    *,
    selective: list[str],
    ids: list[int],
    docs: dict[int, SearchDoc] | None = None,
) -> list[tuple[int, float, float]]:
    """(id, coverage, ts_rank_cd) of the documents holding any ``selective`` word and of the
    documents ``ids`` (the semantic candidates), for those that share a word with the query.
    Coverage: how much of the query a document holds (a typo's nearest word counts 0.7).
    With ``docs``, every row read is also added there for display (same round trip)."""
    words = terms.own + terms.corrected
    if not words or not (selective or ids):
        return []
    where, params = _filter_sql(filters)
    weights = [1.0] * len(terms.own) + [0.7] * len(terms.corrected)
    covered = " + ".join(
        f"(CASE WHEN tsv @@ to_tsquery('simple', %s) THEN {w} ELSE 0 END)" for w in weights
    )
    brought, brought_params = [], []
    if selective:
        brought.append("tsv @@ to_tsquery('simple', %s)")
        brought_params.append(_tsquery(selective))
    if ids:
        brought.append("id = ANY(%s)")
        brought_params.append(list(ids))
    display = f", {DISPLAY_COLUMNS}" if docs is not None else ""
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT id, {covered}, ts_rank_cd(tsv, to_tsquery('simple', %s), 1){display} "
            f"FROM knowledge_searchdoc WHERE ({' OR '.join(brought)}){where}",
            [*(_tsquery([w]) for w in words), _tsquery(words), *brought_params, *params],
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
    rows = _lexical_rows(terms, filters, selective=candidate_words(words) if words else [], ids=[])
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

    def comparable(i: int) -> bool:
        """Could this document share a word with the query (a script in common)?"""
        n = position.get(i)
        if n is None or not (terms.thai or terms.latin):
            return True
        return bool((terms.thai and thai[n]) or (terms.latin and latin[n]))

    def score(i: int) -> float:
        if i not in lexical and not comparable(i):
            return sem.get(i, 0.0)
        return W_LEXICAL * lexical.get(i, 0.0) + W_SEMANTIC * sem.get(i, 0.0)

    scored = sorted(
        ((score(i), i) for i in set(lexical) | set(cosines)), key=lambda r: (-r[0], r[1])
    )[:limit]
    _fetch_docs([i for _s, i in scored], docs)
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
