"""One search over law sections, checklist steps, lessons and good practices.

Three signals, blended:
- lexical: the query is segmented with pythainlp (the tokenizer that made the index) and
  matched in PostgreSQL full text (`simple` configuration, GIN) against the documents' tokens,
  ranked with ts_rank_cd;
- typos: a query word that is not in the index's vocabulary is looked up among the known words
  by pg_trgm similarity (GIN trigram index on SearchTerm), and its nearest words are searched
  too (a misspelt Thai word also splits into odd pieces: runs of such pieces are rejoined first);
- meaning: the query's multilingual-e5-small embedding against every document's embedding (an
  in-process numpy matrix, reloaded when the index changes), so an English query finds Thai
  practices and the reverse.

Results carry their matched words highlighted (escaped HTML with <mark>).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from saphan.core.thai import normalize_text, tokens

from .embeddings import DIM, query_vector
from .models import SearchDoc

LEXICAL_CANDIDATES = 200
SEMANTIC_CANDIDATES = 60
TYPO_SIMILARITY = 0.3
MATRIX_TTL_SECONDS = 5.0

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
def _known(words: list[str]) -> set[str]:
    if not words:
        return set()
    with connection.cursor() as cur:
        cur.execute("SELECT term FROM knowledge_searchterm WHERE term = ANY(%s)", [words])
        return {row[0] for row in cur.fetchall()}


def _nearest(chunk: str) -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT set_limit(%s)", [TYPO_SIMILARITY])
        cur.execute(
            "SELECT term FROM knowledge_searchterm WHERE term %% %s "
            "ORDER BY similarity(term, %s) DESC, term LIMIT 2",
            [chunk, chunk],
        )
        return [row[0] for row in cur.fetchall()]


_THAI = re.compile("[\u0e00-\u0e7f]")


@dataclass
class QueryTerms:
    own: list[str]  # the query's words found in the vocabulary
    corrected: list[str]  # known words near the query's unknown ones (typos)
    size: int  # how many content words the query has (unknown ones count too)


def query_terms(q: str) -> QueryTerms:
    words = list(dict.fromkeys(tokens(q)))
    stop = _stopwords()
    content = [w for w in words if w not in stop] or words
    known = _known(content)
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
    corrected: list[str] = []
    for chunk in chunks:
        if len(chunk) >= 3:
            corrected += [t for t in _nearest(chunk) if t not in known]
    own = [w for w in content if w in known and len(w) > 1]
    return QueryTerms(
        own=own, corrected=list(dict.fromkeys(corrected)), size=len(own) + len(chunks)
    )


def _tsquery(words: list[str]) -> str:
    return " | ".join("'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words)


# --- the embedding matrix ---------------------------------------------------------------------
def _centred(vectors: np.ndarray) -> np.ndarray:
    """Documents minus their mean, normalised again. Averaged passage vectors crowd around the
    corpus centre and become "hubs" near every query; centring removes that shared part (on
    the bench it lifted cross-language recall@5 of the vectors alone from 0.18 to 0.68)."""
    if not len(vectors):
        return vectors
    centred = vectors - vectors.mean(axis=0)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (centred / norms).astype(np.float32)


@lru_cache(maxsize=1)
def _query_mean() -> np.ndarray:
    """The mean query vector of neutral domain queries (the checklist steps in Thai and
    English, data/query_mean.npy): what every query shares, taken out before comparing."""
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "query_mean.npy"
    return np.load(path).astype(np.float32) if path.exists() else np.zeros(DIM, np.float32)


def centred_query(qv: np.ndarray) -> np.ndarray:
    q = qv - _query_mean()
    return (q / (np.linalg.norm(q) or 1.0)).astype(np.float32)


class _Matrix:
    """Every document's embedding in one float32 matrix, with the columns filters need."""

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
            rows = list(
                SearchDoc.objects.exclude(embedding=None)
                .order_by("id")
                .values_list("id", "embedding", "kind", "region_id", "phases", "date")
            )
            self.ids = np.array([r[0] for r in rows], dtype=np.int64)
            self.vectors = (
                np.frombuffer(b"".join(bytes(r[1]) for r in rows), dtype=np.float32).reshape(
                    len(rows), DIM
                )
                if rows
                else np.zeros((0, DIM), dtype=np.float32)
            )
            self.vectors = _centred(self.vectors)
            self.kinds = np.array([r[2] for r in rows], dtype=object)
            self.regions = np.array([r[3] or "" for r in rows], dtype=object)
            self.phases = [frozenset(r[4] or ()) for r in rows]
            self.dates = np.array(
                [np.datetime64(r[5]) if r[5] else np.datetime64("NaT") for r in rows],
                dtype="datetime64[D]",
            )
            self.signature = signature

    def top(self, qv: np.ndarray, filters: Filters, k: int) -> dict[int, float]:
        self.ensure()
        if not len(self.ids):
            return {}
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
        if getattr(self, "_position_of", None) is not self.ids:
            self._position = {int(v): n for n, v in enumerate(self.ids)}
            self._position_of = self.ids
        return self._position

    def reset(self) -> None:
        with self.lock:
            self.signature = None


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


def _lexical(terms: QueryTerms, filters: Filters) -> dict[int, float]:
    """Candidates by full text, scored by how much of the query they cover (a typo's nearest
    word counts 0.7) and, among equals, by ts_rank_cd."""
    words = terms.own + terms.corrected
    if not words:
        return {}
    where, params = _filter_sql(filters)
    weights = [1.0] * len(terms.own) + [0.7] * len(terms.corrected)
    covered = " + ".join(
        f"(CASE WHEN tsv @@ to_tsquery('simple', %s) THEN {w} ELSE 0 END)" for w in weights
    )
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT id, {covered}, ts_rank_cd(tsv, query, 1) FROM knowledge_searchdoc, "
            f"to_tsquery('simple', %s) query WHERE tsv @@ query{where} "
            "ORDER BY 2 DESC, 3 DESC, id LIMIT %s",
            [*(_tsquery([w]) for w in words), _tsquery(words), *params, LEXICAL_CANDIDATES],
        )
        rows = cur.fetchall()
    if not rows:
        return {}
    top_rank = max(r[2] for r in rows) or 1.0
    size = max(terms.size, 1)
    # Coverage squared: one shared common word out of five is little evidence.
    return {
        r[0]: min(float(r[1]) / size, 1.0) ** 2 * (0.8 + 0.2 * float(r[2]) / top_rank) for r in rows
    }


def _relative(cosines: dict[int, float]) -> dict[int, float]:
    # What tells is the distance to the best match (centred cosines of related texts lie
    # within about 0.1 of each other), damped when even the best match is weak.
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
    terms = query_terms(q)
    words = terms.own + terms.corrected
    lexical = _lexical(terms, filters)
    cosines: dict[int, float] = {}
    if semantic:
        qv = centred_query(query_vector(q))
        cosines = MATRIX.top(qv, filters, SEMANTIC_CANDIDATES)
        missing = [i for i in lexical if i not in cosines]
        if missing:
            position = MATRIX.position()
            for i in missing:
                if i in position:
                    cosines[i] = float(MATRIX.vectors[position[i]] @ qv)
    sem = _relative(cosines)
    scored = sorted(
        (
            (W_LEXICAL * lexical.get(i, 0.0) + W_SEMANTIC * sem.get(i, 0.0), i)
            for i in set(lexical) | set(cosines)
        ),
        key=lambda r: (-r[0], r[1]),
    )[:limit]
    docs = SearchDoc.objects.in_bulk([i for _s, i in scored])
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
