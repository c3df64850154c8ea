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
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from saphan.core.thai import normalize_text, tokens

from .embeddings import DIM, centred_query
from .models import SearchDoc

LEXICAL_CANDIDATES = 200
SEMANTIC_CANDIDATES = 60
CANDIDATE_BUDGET = 400  # documents a query's rarer words may bring in to be scored
TYPO_SIMILARITY = 0.3
MATRIX_TTL_SECONDS = 5.0
STATS_TTL_SECONDS = 60.0
SCRIPT_SHARE = 0.2  # a document "is written in" a script holding this share of its letters

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


# --- the embedding matrix ---------------------------------------------------------------------
@lru_cache(maxsize=1)
def _blas_threads_local():
    """OpenBLAS's per-thread thread-count setter (numpy's bundled OpenBLAS 0.3.27+), or None."""
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower()})
    except OSError:
        return None
    for path in paths:
        try:
            setter = ctypes.CDLL(path).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        setter.argtypes, setter.restype = [ctypes.c_int], ctypes.c_int
        return setter
    return None


@contextlib.contextmanager
def _one_blas_thread():
    """One query's product with the matrix is one pass over memory: a second OpenBLAS thread
    adds little, and it keeps spinning after the product, taking the core the query embedding
    and PostgreSQL need (measured: 80 ms of CPU for 64 ms of wall time per search). One thread,
    for this thread only."""
    setter = _blas_threads_local()
    previous = setter(1) if setter else None
    try:
        yield
    finally:
        if setter and previous is not None:
            setter(previous)


def _common_removed(vectors: np.ndarray) -> np.ndarray:
    """Documents without their common direction (the corpus mean's), normalised again.
    Averaged passage vectors crowd around what the whole corpus is about and become "hubs"
    near every query; removing that one direction (as Arora et al. do for sentence vectors,
    "A simple but tough-to-beat baseline", 2017) leaves what tells documents apart. The
    query needs no change: its part along that direction is the same for every document."""
    if not len(vectors):
        return vectors
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    if norm == 0:
        return vectors
    u = mean / norm
    rest = vectors - np.outer(vectors @ u, u)
    norms = np.linalg.norm(rest, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (rest / norms).astype(np.float32)


class _Matrix:
    """Every document's embedding in one float32 matrix, with the columns filters need and the
    scripts each document is written in."""

    def __init__(self):
        self.lock = threading.Lock()
        self.signature = None
        self.checked = 0.0
        self.ids = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, DIM), dtype=np.float32)
        self.kinds = np.zeros(0, dtype=object)
        self.regions = np.zeros(0, dtype=object)
        self.phases: list[frozenset] = []
        self.dates = np.zeros(0, dtype="datetime64[D]")
        self.thai = np.zeros(0, dtype=bool)
        self.latin = np.zeros(0, dtype=bool)
        self._position: dict[int, int] = {}

    def _current_signature(self):
        with connection.cursor() as cur:
            cur.execute("SELECT count(*), max(updated_at) FROM knowledge_searchdoc")
            return cur.fetchone()

    def ensure(self) -> None:
        now = time.monotonic()
        if self.signature is not None and now - self.checked < MATRIX_TTL_SECONDS:
            return
        with self.lock:
            signature = self._current_signature()
            self.checked = now
            if signature == self.signature:
                return
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT id, embedding, kind, region_id, phases, date, "
                    "length(regexp_replace(tokens, '[^\u0e01-\u0e4e]', '', 'g')), "
                    "length(regexp_replace(tokens, '[^a-zA-Z]', '', 'g')) "
                    "FROM knowledge_searchdoc WHERE embedding IS NOT NULL ORDER BY id"
                )
                rows = cur.fetchall()
            self.ids = np.array([r[0] for r in rows], dtype=np.int64)
            self.vectors = _common_removed(
                np.frombuffer(b"".join(bytes(r[1]) for r in rows), dtype=np.float32).reshape(
                    len(rows), DIM
                )
                if rows
                else np.zeros((0, DIM), dtype=np.float32)
            )
            self.kinds = np.array([r[2] for r in rows], dtype=object)
            self.regions = np.array([r[3] or "" for r in rows], dtype=object)
            self.phases = [frozenset(r[4] or ()) for r in rows]
            self.dates = np.array(
                [np.datetime64(r[5]) if r[5] else np.datetime64("NaT") for r in rows],
                dtype="datetime64[D]",
            )
            thai = np.array([r[6] for r in rows], dtype=np.float64)
            latin = np.array([r[7] for r in rows], dtype=np.float64)
            letters = np.maximum(thai + latin, 1.0)
            self.thai = thai / letters >= SCRIPT_SHARE
            self.latin = latin / letters >= SCRIPT_SHARE
            self._position = {int(v): n for n, v in enumerate(self.ids)}
            self.signature = signature

    def top(self, qv: np.ndarray, filters: Filters, k: int) -> dict[int, float]:
        self.ensure()
        if not len(self.ids):
            return {}
        with _one_blas_thread():
            scores = self.vectors @ qv
        mask = np.ones(len(self.ids), dtype=bool)
        if filters.kind:
            mask &= self.kinds == filters.kind
        if filters.region_id:
            mask &= self.regions == filters.region_id
        if filters.phase:
            mask &= np.fromiter((filters.phase in p for p in self.phases), bool, len(self.ids))
        if filters.date_from:
            mask &= self.dates >= np.datetime64(filters.date_from)
        if filters.date_to:
            mask &= self.dates <= np.datetime64(filters.date_to)
        scores = np.where(mask, scores, -1.0)
        k = min(k, int(mask.sum()))
        if k <= 0:
            return {}
        top = np.argpartition(-scores, k - 1)[:k]
        return {int(self.ids[i]): float(scores[i]) for i in top}

    def position(self) -> dict[int, int]:
        self.ensure()
        return self._position

    def reset(self) -> None:
        with self.lock:
            self.signature = None
        TERM_STATS.reset()


MATRIX = _Matrix()


# --- the search ---------------------------------------------------------------------------------
def _filter_sql(filters: Filters) -> tuple[str, list]:
    sql, params = [], []
    if filters.kind:
        sql.append("kind = %s")
        params.append(filters.kind)
    if filters.phase:
        sql.append("phases @> ARRAY[%s]::varchar[]")
        params.append(filters.phase)
    if filters.region_id:
        sql.append("region_id = %s")
        params.append(filters.region_id)
    if filters.date_from:
        sql.append("date >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        sql.append("date <= %s")
        params.append(filters.date_to)
    return "".join(f" AND {s}" for s in sql), params


def _lexical_rows(
    terms: QueryTerms, filters: Filters, *, selective: list[str], ids: list[int]
) -> list[tuple[int, float, float]]:
    """(id, coverage, ts_rank_cd) of the documents holding any ``selective`` word and of the
    documents ``ids`` (the semantic candidates), for those that share a word with the query.
    Coverage: how much of the query a document holds (a typo's nearest word counts 0.7)."""
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
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT id, {covered}, ts_rank_cd(tsv, to_tsquery('simple', %s), 1) "
            f"FROM knowledge_searchdoc WHERE ({' OR '.join(brought)}){where}",
            [*(_tsquery([w]) for w in words), _tsquery(words), *brought_params, *params],
        )
        return [(r[0], float(r[1]), float(r[2])) for r in cur.fetchall() if r[1]]


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


def _lexical(terms: QueryTerms, filters: Filters, also: list[int] = ()) -> dict[int, float]:
    """Lexical scores of the documents holding the query's rarer words and of ``also``."""
    words = terms.own + terms.corrected
    selective = candidate_words(words) if words else []
    rows = _lexical_rows(terms, filters, selective=selective, ids=list(also))
    return _lexical_scores(rows, terms, set(also))


_EMBEDDING: tuple[int, ThreadPoolExecutor] | None = None


def _embedding_pool() -> ThreadPoolExecutor:
    """Threads that embed queries while the request's thread talks to PostgreSQL (the engine
    releases the GIL). Made again in a forked process, where the parent's threads are gone."""
    global _EMBEDDING
    if _EMBEDDING is None or _EMBEDDING[0] != os.getpid():
        _EMBEDDING = (
            os.getpid(),
            ThreadPoolExecutor(max_workers=2, thread_name_prefix="knowledge-query"),
        )
    return _EMBEDDING[1]


def _relative(cosines: dict[int, float]) -> dict[int, float]:
    # What tells is the distance to the best match (cosines of related texts lie within about
    # 0.1 of each other), damped when even the best match is weak.
    if not cosines:
        return {}
    best = max(cosines.values())
    strength = min(1.0, max(0.0, best / 0.3))
    return {i: max(0.0, 1.0 - (best - c) / 0.1) * strength for i, c in cosines.items()}


def search(
    *, q: str, filters: Filters | None = None, limit: int = 20, semantic: bool = True
) -> list[Hit]:
    filters = filters or Filters()
    q = normalize_text(q or "")[:200]
    if not q:
        return []
    # The query's embedding (the longest step) runs beside its words' look-ups and lexical
    # scoring; the semantic candidates not scored yet are scored once it is there.
    embedding = _embedding_pool().submit(centred_query, q) if semantic else None
    terms = query_terms(q)
    words = terms.own + terms.corrected
    rows = _lexical_rows(terms, filters, selective=candidate_words(words) if words else [], ids=[])
    cosines: dict[int, float] = {}
    if embedding is not None:
        qv = embedding.result()
        cosines = MATRIX.top(qv, filters, SEMANTIC_CANDIDATES)
        seen = {r[0] for r in rows}
        rows += _lexical_rows(
            terms, filters, selective=[], ids=[i for i in cosines if i not in seen]
        )
    lexical = _lexical_scores(rows, terms, set(cosines))
    if semantic:
        position = MATRIX.position()
        for i in lexical:
            if i not in cosines and i in position:
                cosines[i] = float(MATRIX.vectors[position[i]] @ qv)
    sem = _relative(cosines)
    position = MATRIX.position() if semantic else {}

    def comparable(i: int) -> bool:
        """Could this document share a word with the query (a script in common)?"""
        n = position.get(i)
        if n is None or not (terms.thai or terms.latin):
            return True
        return bool((terms.thai and MATRIX.thai[n]) or (terms.latin and MATRIX.latin[n]))

    def score(i: int) -> float:
        if i not in lexical and not comparable(i):
            return sem.get(i, 0.0)
        return W_LEXICAL * lexical.get(i, 0.0) + W_SEMANTIC * sem.get(i, 0.0)

    scored = sorted(
        ((score(i), i) for i in set(lexical) | set(cosines)), key=lambda r: (-r[0], r[1])
    )[:limit]
    docs = SearchDoc.objects.defer("tokens", "embedding").in_bulk([i for _s, i in scored])
    return [
        Hit(
            doc=docs[i],
            score=score,
            lexical=lexical.get(i, 0.0),
            semantic=sem.get(i, 0.0),
            title_html=highlight(docs[i].title, words),
            snippet_html=highlight(snippet(docs[i].body, words), words),
            matched=words,
        )
        for score, i in scored
        if i in docs
    ]


def snippet(text: str, words: list[str], width: int = 220) -> str:
    """The part of ``text`` around the first matched word."""
    lower = text.casefold()
    positions = [p for w in words if (p := lower.find(w)) >= 0]
    start = max(min(positions) - 60, 0) if positions else 0
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def highlight(text: str, words: list[str]) -> str:
    """``text`` escaped, each occurrence of a matched word in <mark>."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
