"""The embedding matrix of the knowledge search: every document's embedding in one
in-process numpy matrix, kept current cheaply, and the product with a query's embedding
(on one BLAS thread; a large matrix shared by two threads)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from django.db import connection

from .embeddings import DIM

if TYPE_CHECKING:
    from .search import Filters


MATRIX_TTL_SECONDS = 5.0
SCRIPT_SHARE = 0.2  # a document "is written in" a script holding this share of its letters


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
        return _best(ids, scores, k)

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
        from .search import TERM_STATS  # the search's word statistics go with the index

        TERM_STATS.reset()


def _best(ids: np.ndarray, scores: np.ndarray, k: int) -> dict[int, float]:
    """The ``k`` best scores by id, best first; among equal scores the lower id (documents made
    of the same passages have the same vector: which of them is kept must not depend on how
    the partition happened to fall)."""
    kth = np.partition(scores, len(scores) - k)[len(scores) - k]
    at = np.flatnonzero(scores >= kth)  # every document tied with the k-th too
    order = np.lexsort((ids[at], -scores[at]))[:k]
    return {int(ids[i]): float(scores[i]) for i in at[order]}


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
