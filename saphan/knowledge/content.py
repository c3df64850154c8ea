"""Loads the law sections and the stage checklists of law_data.py (idempotent) and indexes them."""

from __future__ import annotations

from django.db import transaction

from . import index
from .embeddings import load_shipped
from .law_data import CHECKLIST, LAW_SECTIONS
from .models import ChecklistItem, LawSection


@transaction.atomic
def ensure_law_and_checklists() -> int:
    """Create what is missing, update what changed; returns how many rows were created."""
    load_shipped()  # the passages' embeddings, precomputed
    created = 0
    sections = {}
    for law, section, sort, title_th, title_en, text_th, text_en, phases in LAW_SECTIONS:
        obj, made = LawSection.objects.update_or_create(
            law=law,
            section=section,
            defaults={
                "sort_key": sort,
                "title_th": title_th,
                "title_en": title_en,
                "text_th": text_th,
                "text_en": text_en,
                "is_summary": True,
                "phases": [str(p) for p in phases],
            },
        )
        created += made
        sections[(law, section)] = obj
    items = []
    for code, phase, order, mandatory, text_th, text_en, help_th, help_en, refs in CHECKLIST:
        item, made = ChecklistItem.objects.update_or_create(
            code=code,
            defaults={
                "phase": str(phase),
                "order": order,
                "mandatory": mandatory,
                "text_th": text_th,
                "text_en": text_en,
                "help_th": help_th,
                "help_en": help_en,
            },
        )
        item.law_sections.set([sections[r] for r in refs])
        created += made
        items.append(item)
    index.index_docs(
        [index.law_doc(s) for s in sections.values()] + [index.checklist_doc(i) for i in items]
    )
    return created
