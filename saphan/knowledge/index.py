"""Keeps the search index (SearchDoc) in step with the knowledge it points to.

Each source becomes one document: its title, a body to show and highlight, its Thai-segmented
tokens (pythainlp newmm, the same tokenizer as the query) for PostgreSQL full text and
trigrams, its filters (stages, forms of exploitation, nationalities, region, province, date)
and its embedding. Only published practices are indexed: a draft is nobody's guidance yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from saphan.core.effects import after_commit
from saphan.core.thai import tokens

from .embeddings import document_vectors
from .models import (
    ChecklistItem,
    DocKind,
    GoodPractice,
    LawSection,
    Lesson,
    PracticeStatus,
    SearchDoc,
    SearchTerm,
)


@dataclass
class Doc:
    kind: str
    ref: object
    title: str
    body: str
    parts: list[str]  # what the embedding reads
    phases: list[str] = field(default_factory=list)
    exploitation_types: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    region_id: str | None = None
    province_id: str | None = None
    date: object = None


# The fields a search narrows by, indexed as the source gives them.
FILTERS = ("phases", "exploitation_types", "nationalities", "region_id", "province_id", "date")


def law_doc(s: LawSection) -> Doc:
    title = f"{s.get_law_display()} มาตรา {s.section} {s.title_th}"
    return Doc(
        kind=DocKind.LAW,
        ref=s.pk,
        title=title,
        body=f"{s.text_th}\n{s.title_en}. {s.text_en}",
        parts=[f"{s.title_th} {s.text_th}", f"{s.title_en}. {s.text_en}"],
        phases=list(s.phases),
    )


def checklist_doc(i: ChecklistItem) -> Doc:
    return Doc(
        kind=DocKind.CHECKLIST,
        ref=i.pk,
        title=i.text_th,
        body=f"{i.help_th}\n{i.text_en}. {i.help_en}",
        parts=[f"{i.text_th} {i.help_th}", f"{i.text_en}. {i.help_en}"],
        phases=[i.phase],
    )


def lesson_doc(lesson: Lesson) -> Doc:
    w = lesson.workshop
    body = "\n".join(
        t
        for t in (lesson.what_happened, lesson.what_worked, lesson.what_did_not, lesson.proposals)
        if t
    )
    return Doc(
        kind=DocKind.LESSON,
        ref=lesson.pk,
        title=f"{w.title} · {lesson.get_phase_display()}",
        body=body,
        parts=[lesson.what_happened, lesson.what_worked, lesson.what_did_not, lesson.proposals],
        phases=[lesson.phase],
        region_id=w.region_id,
        date=w.held_on,
    )


def practice_doc(p: GoodPractice) -> Doc:
    return Doc(
        kind=DocKind.PRACTICE,
        ref=p.lineage,  # one document per practice: its published version
        title=p.title,
        body="\n".join((p.problem, p.action, p.result, p.context, p.reuse_conditions)),
        parts=[p.title, p.problem, p.action, p.result],
        phases=list(p.phases),
        exploitation_types=list(p.exploitation_types),
        nationalities=list(p.nationalities),
        region_id=p.region_id,
        province_id=p.province_id,
        date=p.published_at.date() if p.published_at else None,
    )


def index_docs(docs: list[Doc]) -> int:
    """Write (or rewrite) the documents; embeddings computed in one batch."""
    if not docs:
        return 0
    vectors = document_vectors([d.parts for d in docs])
    rows = [
        SearchDoc(
            kind=d.kind,
            ref=d.ref,
            title=d.title[:400],
            body=d.body,
            tokens=" ".join(tokens(f"{d.title}\n{d.body}")),
            embedding=v,
            **{name: getattr(d, name) for name in FILTERS},
        )
        for d, v in zip(docs, vectors, strict=True)
    ]
    vocabulary = {t for row in rows for t in row.tokens.split() if 1 < len(t) <= 100}
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t) for t in sorted(vocabulary)], batch_size=2000, ignore_conflicts=True
    )
    SearchDoc.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["kind", "ref"],
        update_fields=[
            "title", "body", "tokens", "phases", "exploitation_types", "nationalities",
            "region", "province", "date", "embedding", "updated_at",
        ],
    )  # fmt: skip
    after_commit(_matrix_changed)
    return len(rows)


def reindex_all() -> int:
    """Every source indexed again (tokens, vectors), and PostgreSQL's statistics refreshed."""
    from django.db import connection

    docs = [law_doc(s) for s in LawSection.objects.all()]
    docs += [checklist_doc(i) for i in ChecklistItem.objects.all()]
    docs += [lesson_doc(lesson) for lesson in Lesson.objects.select_related("workshop")]
    docs += [practice_doc(p) for p in GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)]
    count = index_docs(docs)
    with connection.cursor() as cur:
        cur.execute("ANALYZE knowledge_searchdoc")
    return count


def _matrix_changed() -> None:
    from .search import MATRIX

    MATRIX.stale()  # this process sees the change at once; others within MATRIX_TTL_SECONDS


def unindex(*, kind: str, ref) -> None:
    SearchDoc.objects.filter(kind=kind, ref=ref).delete()
    after_commit(_matrix_changed)
