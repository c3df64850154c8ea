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


def _common_direction(vectors: np.ndarray):
    """The corpus's common direction (its mean's, as a unit vector), or None. Averaged passage
    vectors crowd around what the whole corpus is about and become "hubs" near every query;
    removing that one direction (as Arora et al. do for sentence vectors, "A simple but
    tough-to-beat baseline", 2017) leaves what tells documents apart. The query needs no
    change: its part along that direction is the same for every document. Fixed at a full
    load; documents indexed later are moved by the same direction."""
    if not len(vectors):
        return None
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return None if norm == 0 else (mean / norm).astype(np.float32)


def _without(vectors: np.ndarray, u) -> np.ndarray:
    """``vectors`` without their part along ``u``, normalised again."""
    if u is None or not len(vectors):
        return np.ascontiguousarray(vectors, dtype=np.float32)
    rest = vectors - np.outer(vectors @ u, u)
    norms = np.linalg.norm(rest, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(rest / norms, dtype=np.float32)


class _Matrix:
    """Every document's embedding in one float32 matrix, with the columns filters need and the
    scripts each document is written in.

    Kept current cheaply: every MATRIX_TTL_SECONDS a search reads the index's version row
    (bumped by triggers on every write, see migration knowledge 0003). Inserts and updates
    since the last load are read alone (by updated_at, with a margin for transactions that
    committed late); a delete, or a large change, loads everything again."""

    INCREMENTAL_MARGIN = "10 minutes"
    INCREMENTAL_LIMIT = 5000  # more changed rows than this: a full load is as cheap

    def __init__(self):
        self.lock = threading.Lock()
        self.signature = None
        self.checked = 0.0
        self._empty()

    def _empty(self) -> None:
        self.ids = np.zeros(0, dtype=np.int64)
        self.raw = np.zeros((0, DIM), dtype=np.float32)  # as stored
        self.vectors = np.zeros((0, DIM), dtype=np.float32)  # common direction removed
        self.common = None  # the direction removed (unit vector), fixed at the full load
        self.kinds = np.zeros(0, dtype=object)
        self.regions = np.zeros(0, dtype=object)
        self.phases: list[frozenset] = []
        self.dates = np.zeros(0, dtype="datetime64[D]")
        self.thai = np.zeros(0, dtype=bool)
        self.latin = np.zeros(0, dtype=bool)
        self.loaded_at = None  # the database's clock at the last load
        self._position: dict[int, int] = {}

    _COLUMNS = "id, embedding, kind, region_id, phases, date, thai_letters, latin_letters, now()"

    def _current_signature(self):
        with connection.cursor() as cur:
            cur.execute("SELECT version, deletions FROM knowledge_searchindexversion WHERE id = 1")
            return cur.fetchone()

    def ensure(self) -> None:
        now = time.monotonic()
        if self.signature is not None and now - self.checked < MATRIX_TTL_SECONDS:
            return
        with self.lock:
            if self.signature is not None and now - self.checked < MATRIX_TTL_SECONDS:
                return  # another thread has just checked
            signature = self._current_signature()
            self.checked = now
            if signature is not None and signature == self.signature:
                return
            same_deletions = (
                signature is not None
                and self.signature is not None
                and signature[1] == self.signature[1]
            )
            if not (same_deletions and self._load_changed()):
                self._load_all()
            self.signature = signature

    def _load_all(self) -> None:
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT {self._COLUMNS} FROM knowledge_searchdoc "
                "WHERE embedding IS NOT NULL ORDER BY id"
            )
            rows = cur.fetchall()
        self._empty()
        if rows:
            self.loaded_at = rows[0][8]
        raw = self._raw(rows)
        self.common = _common_direction(raw)
        self._set(rows, raw)

    def _load_changed(self) -> bool:
        """Read the documents written since the last load into the matrix; False when a full
        load is needed instead."""
        if self.loaded_at is None or self.common is None:
            return False
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT {self._COLUMNS} FROM knowledge_searchdoc WHERE embedding IS NOT NULL "
                f"AND updated_at >= %s - interval '{self.INCREMENTAL_MARGIN}' ORDER BY id "
                f"LIMIT {self.INCREMENTAL_LIMIT + 1}",
                [self.loaded_at],
            )
            rows = cur.fetchall()
            if not rows:
                cur.execute("SELECT now()")
                self.loaded_at = cur.fetchone()[0]
                return True
        if len(rows) > self.INCREMENTAL_LIMIT:
            return False
        self.loaded_at = rows[0][8]
        fresh = [r for r in rows if int(r[0]) not in self._position]
        known = [r for r in rows if int(r[0]) in self._position]
        if known:  # updated documents: their rows replaced, in copies (searches may be reading)
            at = np.array([self._position[int(r[0])] for r in known], dtype=np.int64)
            raw, vectors = self.raw.copy(), self.vectors.copy()
            raw[at] = self._raw(known)
            vectors[at] = _without(raw[at], self.common)
            kinds, regions, dates = self.kinds.copy(), self.regions.copy(), self.dates.copy()
            thai, latin, phases = self.thai.copy(), self.latin.copy(), list(self.phases)
            for n, r in zip(at, known, strict=True):
                kinds[n], regions[n], dates[n] = r[2], r[3] or "", _day(r[5])
                thai[n], latin[n] = _shares(r[6], r[7])
                phases[n] = frozenset(r[4] or ())
            self.raw, self.vectors, self.kinds, self.regions, self.dates = (
                raw, vectors, kinds, regions, dates
            )  # fmt: skip
            self.thai, self.latin, self.phases = thai, latin, phases
        if fresh:
            self._set(fresh, self._raw(fresh), append=True)
        return True

    @staticmethod
    def _raw(rows) -> np.ndarray:
        if not rows:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.frombuffer(b"".join(bytes(r[1]) for r in rows), dtype=np.float32).reshape(
            len(rows), DIM
        )

    def _set(self, rows, raw: np.ndarray, *, append: bool = False) -> None:
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        vectors = _without(raw, self.common)
        kinds = np.array([r[2] for r in rows], dtype=object)
        regions = np.array([r[3] or "" for r in rows], dtype=object)
        phases = [frozenset(r[4] or ()) for r in rows]
        dates = np.array([_day(r[5]) for r in rows], dtype="datetime64[D]")
        shares = [_shares(r[6], r[7]) for r in rows]
        thai = np.array([t for t, _l in shares], dtype=bool)
        latin = np.array([la for _t, la in shares], dtype=bool)
        if append:
            first = len(self.ids)
            ids = np.concatenate([self.ids, ids])
            raw = np.concatenate([self.raw, raw])
            vectors = np.concatenate([self.vectors, vectors])
            kinds = np.concatenate([self.kinds, kinds])
            regions = np.concatenate([self.regions, regions])
            phases = self.phases + phases
            dates = np.concatenate([self.dates, dates])
            thai = np.concatenate([self.thai, thai])
            latin = np.concatenate([self.latin, latin])
            position = dict(self._position)
            position.update({int(v): first + n for n, v in enumerate(ids[first:])})
        else:
            position = {int(v): n for n, v in enumerate(ids)}
        # The position map goes last: a search reading it finds rows that exist.
        self.ids, self.raw, self.vectors, self.kinds, self.regions = (
            ids, raw, vectors, kinds, regions
        )  # fmt: skip
        self.phases, self.dates, self.thai, self.latin = phases, dates, thai, latin
        self._position = position

    def top(self, qv: np.ndarray, filters: Filters, k: int) -> dict[int, float]:
        self.ensure()
        ids, vectors = self.ids, self.vectors
        if not len(ids):
            return {}
        scores = _product(vectors, qv)
        mask = np.ones(len(ids), dtype=bool)
        if filters.kind:
            mask &= self.kinds == filters.kind
        if filters.region_id:
            mask &= self.regions == filters.region_id
        if filters.phase:
            mask &= np.fromiter((filters.phase in p for p in self.phases), bool, len(ids))
        if filters.date_from:
            mask &= self.dates >= np.datetime64(filters.date_from)
        if filters.date_to:
            mask &= self.dates <= np.datetime64(filters.date_to)
        if not mask.all():
            scores = np.where(mask, scores, np.float32(-1.0))
        k = min(k, int(mask.sum()))
        if k <= 0:
            return {}
        top = np.argpartition(-scores, k - 1)[:k]
        return {int(ids[i]): float(scores[i]) for i in top}

    def position(self) -> dict[int, int]:
        self.ensure()
        return self._position

    def stale(self) -> None:
        """The next search checks the version row at once (this process wrote the index)."""
        self.checked = -MATRIX_TTL_SECONDS

    def reset(self) -> None:
        """Forget everything: the next search loads the whole matrix."""
        with self.lock:
            self.signature = None
            self._empty()
        TERM_STATS.reset()


def _day(value):
    return np.datetime64(value) if value else np.datetime64("NaT")


def _shares(thai_letters, latin_letters) -> tuple[bool, bool]:
    """Is the document written in Thai, in Latin letters (each script's share of its letters)?"""
    thai, latin = float(thai_letters or 0), float(latin_letters or 0)
    letters = max(thai + latin, 1.0)
    return thai / letters >= SCRIPT_SHARE, latin / letters >= SCRIPT_SHARE


SPLIT_ROWS = 20_000  # a product over more rows than this is shared by two threads


def _product(vectors: np.ndarray, qv: np.ndarray) -> np.ndarray:
    """``vectors @ qv``. Reading the matrix is what costs (77 MB at 50,000 documents, about
    7 ms for one core): a large matrix is read half by this thread and half by a thread of
    the embedding pool (idle by now: the query is embedded), each with one OpenBLAS thread,
    which does not spin once done as OpenBLAS's own threads do."""
    n = len(vectors)
    if n < SPLIT_ROWS:
        with _one_blas_thread():
            return vectors @ qv
    scores = np.empty(n, dtype=np.float32)
    half = n // 2

    def lower() -> None:
        with _one_blas_thread():
            np.dot(vectors[half:], qv, out=scores[half:])

    other = _embedding_pool().submit(lower)
    with _one_blas_thread():
        np.dot(vectors[:half], qv, out=scores[:half])
    other.result()
    return scores


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


# Thai signs that belong to the letter before them (vowels above and below, tone marks, sara
# a, aa, am, lakkhangyao) and the vowels written before the letter they follow in speech.
_THAI_TRAILING = frozenset("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45"
                           "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")  # fmt: skip
_THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


def _cut(text: str, at: int, *, reach: int) -> int:
    """A place near ``at`` where ``text`` may be cut without splitting a Thai syllable's
    letters from their signs: a space within ``reach`` characters before it, else the start
    of the letter cluster ``at`` falls in (the vowel or tone mark goes with its letter, a
    leading vowel with the letter after it)."""
    if at <= 0 or at >= len(text):
        return max(0, min(at, len(text)))
    space = text.rfind(" ", at - reach, at + 1)
    if space >= 0:
        return space + 1
    while at > 0 and text[at] in _THAI_TRAILING:
        at -= 1
    while at > 0 and text[at - 1] in _THAI_LEADING:
        at -= 1
    return at


def snippet(text: str, words: list[str], width: int = 220) -> str:
    """The part of ``text`` around the first matched word, cut where a word or at least a Thai
    letter cluster begins (never between a letter and its vowel or tone mark)."""
    lower = text.casefold()
    positions = [p for w in words if (p := lower.find(w)) >= 0]
    start = _cut(text, max(min(positions) - 60, 0), reach=30) if positions else 0
    end = _cut(text, start + width, reach=30)
    if end <= start:
        end = min(start + width, len(text))
    piece = text[start:end].strip()
    return ("…" if start else "") + piece + ("…" if end < len(text) else "")


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]):
    """One regular expression for the words, longest first; None for no words."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


def highlight(text: str, words: list[str], *, pattern=None) -> str:
    """``text`` escaped, each occurrence of a matched word in <mark>."""
    pattern = pattern or _pattern(tuple(words))
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
