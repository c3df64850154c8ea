"""Two records of one thing made one, and undone: the steps every merge shares.

A merge keeps one record (``survivor``) and marks the other (``absorbed``) ``merged_into`` it;
the merge row (``survivor``, ``absorbed``, ``undone_at``, ``undone_by``, ``undo_reason``) lists
what moved so that its undo puts back exactly what there was. What moves, and how the kept
record is completed, is the merging app's own (people/merging.py for persons,
cases/services/perpetrators.py for perpetrators); the checks, the locks and the marks are here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet


def merge_refusal(
    actor: Any,
    records: list[Model],
    *,
    may_merge: Callable[[Any], bool],
    visible: Callable[[Any], QuerySet],
    noun: str,
) -> str:
    """Why ``actor`` may not merge (or undo a merge of) ``records``, or "" when they may: they
    must be signed in and active, ``may_merge`` them, and see every record (``visible``)."""
    if not (actor and actor.is_authenticated and actor.is_active):
        return "not signed in"
    if not may_merge(actor):
        return "not a provincial supervisor"
    seen = set(visible(actor).filter(pk__in=[r.pk for r in records]).values_list("pk", flat=True))
    if any(r.pk not in seen for r in records):
        return f"a {noun} is not visible to the supervisor"
    return ""


def merge_reason(reason: str, message: str) -> str:
    """The reason on one line; ValidationError(``message``) on the reason when there is none."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def _lock_pair(model: type[Model], survivor_pk: Any, absorbed_pk: Any) -> tuple[Any, Any]:
    """Both records, locked for update in the order of their keys (no deadlock between two
    merges that lock the same two)."""
    locked = {
        r.pk: r
        for r in model.objects.select_for_update()
        .filter(pk__in=[survivor_pk, absorbed_pk])
        .order_by("pk")
    }
    return locked[survivor_pk], locked[absorbed_pk]


def merge_begin(
    model: type[Model],
    *,
    survivor: Model,
    absorbed: Model,
    reason: str,
    no_reason: str,
    same: str,
    already: str,
) -> tuple[str, Any, Any]:
    """Check and lock the two records of a merge: (reason, survivor, absorbed) as locked.
    ValidationError with ``no_reason`` without a reason, ``same`` for one record twice,
    ``already`` when either is already merged. Inside the merge's transaction."""
    reason = merge_reason(reason, no_reason)
    if survivor.pk == absorbed.pk:
        raise ValidationError(same)
    survivor, absorbed = _lock_pair(model, survivor.pk, absorbed.pk)
    if survivor.merged_into_id or absorbed.merged_into_id:
        raise ValidationError(already)
    return reason, survivor, absorbed


def undo_begin(model: type[Model], *, merge: Model, reason: str) -> tuple[str, Any, Any, Any]:
    """Check and lock a merge to undo and its two records: (reason, merge, survivor, absorbed)
    as locked. Inside the undo's transaction."""
    reason = merge_reason(reason, _("Say why the merge is undone."))
    merge = type(merge).objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    survivor, absorbed = _lock_pair(model, merge.survivor_id, merge.absorbed_id)
    return reason, merge, survivor, absorbed


def mark_merged(survivor: Any, absorbed: Any, *, into: Any) -> None:
    """Save the kept record (a new version) and mark the absorbed one merged ``into`` (the kept
    record on a merge, None on its undo)."""
    survivor.version += 1
    survivor.save()
    absorbed.merged_into = into
    absorbed.version += 1
    absorbed.save(update_fields=["merged_into", "version", "updated_at"])


def mark_undone(merge: Any, *, actor: Any, reason: str) -> None:
    """Mark the merge undone: when, by whom, why."""
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.undo_reason = reason
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason", "updated_at"])
