"""Writes of the knowledge base (DESIGN.md rule 2): keyword-only, atomic, permission first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.cases.models import Case
from saphan.cases.process import Phase
from saphan.cases.services.common import record_event
from saphan.orgs import access

from . import index
from .models import (
    ChecklistItem,
    ChecklistTick,
    DocKind,
    GoodPractice,
    Lesson,
    PracticeReview,
    PracticeStatus,
    PracticeUse,
    ReviewKind,
    Workshop,
)

if TYPE_CHECKING:
    import datetime as dt

    from django.core.files.base import File

    from saphan.orgs.models import User


# --- checklists ------------------------------------------------------------------------------
def _checklist_event(actor: User, case: Case, item: ChecklistItem, kind: str) -> None:
    """A line of the case timeline naming the checklist step, in both languages."""
    record_event(
        case=case, actor=actor, kind=kind, item=item.code, step=item.text_th, step_en=item.text_en
    )


@transaction.atomic
def checklist_tick(
    *, actor: User, case: Case, item: ChecklistItem, note: str = ""
) -> ChecklistTick:
    """Tick one step of the manual in a case: a timeline event. Only steps of the stage the case
    is in; ticking twice changes nothing."""
    access.require(actor, "cases.change_case", case)
    if item.phase != case.phase:
        raise ValidationError(_("This step belongs to another stage of the process."))
    tick, created = ChecklistTick.objects.get_or_create(
        case=case,
        item=item,
        defaults={"ticked_by": actor, "ticked_at": timezone.now(), "note": note[:300]},
    )
    if created:
        _checklist_event(actor, case, item, "checklist_ticked")
    return tick


@transaction.atomic
def checklist_untick(*, actor: User, case: Case, item: ChecklistItem) -> None:
    access.require(actor, "cases.change_case", case)
    deleted, _rows = ChecklistTick.objects.filter(case=case, item=item).delete()
    if deleted:
        _checklist_event(actor, case, item, "checklist_unticked")


# --- good practices ----------------------------------------------------------------------------
@dataclass
class PracticeInput:
    title: str
    context: str
    problem: str
    action: str
    result: str
    reuse_conditions: str
    phases: list[str] = field(default_factory=list)
    exploitation_types: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    region_id: str | None = None
    province_id: str | None = None
    agencies: str = ""
    contact: str = ""


def _validate(data: PracticeInput) -> None:
    errors = {}
    for name in ("title", "context", "problem", "action", "result", "reuse_conditions"):
        if not (getattr(data, name) or "").strip():
            errors[name] = _("This field is required.")
    if not data.phases:
        errors["phases"] = _("Choose at least one stage the practice concerns.")
    bad = [p for p in data.phases if p not in Phase.values]
    if bad:
        errors["phases"] = _("Unknown stage.")
    if errors:
        raise ValidationError(errors)


def _apply(practice: GoodPractice, data: PracticeInput) -> None:
    for name, value in vars(data).items():
        setattr(practice, name, value.strip() if isinstance(value, str) else value)
    if practice.province_id and not practice.region_id:
        from saphan.geo.models import Province

        practice.region_id = Province.objects.get(pk=practice.province_id).region_id


@transaction.atomic
def practice_draft(
    *, actor: User, data: PracticeInput, attachment: File | None = None
) -> GoodPractice:
    access.require(actor, "knowledge.draft_practice")
    return _write(GoodPractice(author=actor), data, attachment)


@transaction.atomic
def practice_update(
    *, actor: User, practice: GoodPractice, data: PracticeInput, attachment: File | None = None
) -> GoodPractice:
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    access.require(actor, "knowledge.change_practice", practice)
    return _write(practice, data, attachment)


def _write(practice: GoodPractice, data: PracticeInput, attachment: File | None) -> GoodPractice:
    """Check ``data``, then save it (and the attachment, when one is given) on ``practice``."""
    _validate(data)
    _apply(practice, data)
    if attachment is not None:
        practice.attachment = attachment
    practice.save()
    return practice


@transaction.atomic
def practice_submit(*, actor: User, practice: GoodPractice, note: str = "") -> GoodPractice:
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    access.require(actor, "knowledge.change_practice", practice)
    practice.status = PracticeStatus.IN_REVIEW
    practice.submitted_at = timezone.now()
    practice.save(update_fields=["status", "submitted_at", "updated_at"])
    PracticeReview.objects.create(
        practice=practice, author=actor, kind=ReviewKind.SUBMITTED, text=note
    )
    return practice


def _reviewable(actor: User, practice: GoodPractice) -> GoodPractice:
    access.require(actor, "knowledge.review_practice", practice)
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != PracticeStatus.IN_REVIEW:
        raise ValidationError(_("Only a practice sent for review can be reviewed."))
    return practice


@transaction.atomic
def practice_comment(*, actor: User, practice: GoodPractice, text: str) -> PracticeReview:
    """A comment on any version, by its reviewer or its author."""
    if not (
        actor.has_perm("knowledge.review_practice", practice)
        or (actor.is_authenticated and practice.author_id == actor.pk)
    ):
        raise PermissionDenied("knowledge.comment_practice")
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    return PracticeReview.objects.create(
        practice=practice, author=actor, kind=ReviewKind.COMMENT, text=text.strip()
    )


@transaction.atomic
def practice_request_changes(*, actor: User, practice: GoodPractice, text: str) -> GoodPractice:
    practice = _reviewable(actor, practice)
    if not text.strip():
        raise ValidationError({"text": _("Say what should change.")})
    practice.status = PracticeStatus.CHANGES_REQUESTED
    practice.reviewed_by = actor
    practice.save(update_fields=["status", "reviewed_by", "updated_at"])
    PracticeReview.objects.create(
        practice=practice, author=actor, kind=ReviewKind.CHANGES, text=text.strip()
    )
    return practice


@transaction.atomic
def practice_publish(*, actor: User, practice: GoodPractice, text: str = "") -> GoodPractice:
    """Publish a version: the version published before it becomes history (still readable)."""
    access.require(actor, "knowledge.publish")
    practice = _reviewable(actor, practice)
    GoodPractice.objects.filter(lineage=practice.lineage, status=PracticeStatus.PUBLISHED).update(
        status=PracticeStatus.SUPERSEDED, updated_at=timezone.now()
    )
    practice.status = PracticeStatus.PUBLISHED
    practice.reviewed_by = actor
    practice.published_at = timezone.now()
    practice.save(update_fields=["status", "reviewed_by", "published_at", "updated_at"])
    PracticeReview.objects.create(
        practice=practice, author=actor, kind=ReviewKind.PUBLISHED, text=text.strip()
    )
    index.index_docs([index.practice_doc(practice)])
    return practice


@transaction.atomic
def practice_revise(*, actor: User, practice: GoodPractice) -> GoodPractice:
    """Start a new version of a published practice, as a draft copy; the published version
    stays what readers see until the new one is published."""
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if not (practice.author_id == actor.pk or actor.has_perm("knowledge.review_practice")):
        raise PermissionDenied("knowledge.revise_practice")
    access.require(actor, "knowledge.draft_practice")
    if practice.status != PracticeStatus.PUBLISHED:
        raise ValidationError(_("Only the published version can be revised."))
    open_draft = GoodPractice.objects.filter(
        lineage=practice.lineage,
        status__in=[
            PracticeStatus.DRAFT,
            PracticeStatus.IN_REVIEW,
            PracticeStatus.CHANGES_REQUESTED,
        ],
    ).first()
    if open_draft is not None:
        return open_draft
    latest = GoodPractice.objects.filter(lineage=practice.lineage).order_by("-version").first()
    copy = GoodPractice.objects.get(pk=practice.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.version = latest.version + 1
    copy.status = PracticeStatus.DRAFT
    copy.author = actor
    copy.submitted_at = None
    copy.reviewed_by = None
    copy.published_at = None
    copy.save()
    return copy


@transaction.atomic
def practice_mark_used(*, actor: User, practice: GoodPractice, outcome: str) -> PracticeUse:
    access.require(actor, "knowledge.mark_practice_used", practice)
    if practice.status != PracticeStatus.PUBLISHED:
        raise ValidationError(_("Only a published practice can be marked as used."))
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say in a sentence what came of it.")})
    if not actor.province_id:
        raise ValidationError(_("Your account has no province."))
    use, created = PracticeUse.objects.update_or_create(
        lineage=practice.lineage,
        user=actor,
        defaults={
            "practice": practice,
            "province_id": actor.province_id,
            "outcome": outcome.strip()[:500],
        },
    )
    return use


# --- lessons learned ---------------------------------------------------------------------------
@dataclass
class LessonInput:
    phase: str
    what_happened: str
    what_worked: str = ""
    what_did_not: str = ""
    proposals: str = ""


@transaction.atomic
def workshop_record(
    *,
    actor: User,
    title: str,
    region_id: str,
    province_ids: list[str],
    held_on: dt.date,
    participants: str,
    participant_count: int,
    lessons: list[LessonInput],
) -> Workshop:
    access.require(actor, "knowledge.add_workshop")
    errors = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if not participants.strip():
        errors["participants"] = _("This field is required.")
    if held_on and held_on > timezone.localdate():
        errors["held_on"] = _("This is in the future; a past event needs the date it happened.")
    for lesson in lessons:
        if lesson.phase not in Phase.values:
            errors["lessons"] = _("Unknown stage.")
        if not lesson.what_happened.strip():
            errors["lessons"] = _("Each lesson needs what happened.")
    if not lessons:
        errors["lessons"] = _("Record at least one lesson.")
    if errors:
        raise ValidationError(errors)
    workshop = Workshop.objects.create(
        title=title.strip(),
        region_id=region_id,
        held_on=held_on,
        participants=participants.strip(),
        participant_count=participant_count,
        organiser=actor,
    )
    workshop.provinces.set(province_ids)
    rows = Lesson.objects.bulk_create(
        [Lesson(workshop=workshop, **vars(lesson)) for lesson in lessons]
    )
    for row in rows:
        row.workshop = workshop
    index.index_docs([index.lesson_doc(row) for row in rows])
    return workshop


__all__ = [
    "DocKind",
    "LessonInput",
    "PracticeInput",
    "checklist_tick",
    "checklist_untick",
    "practice_comment",
    "practice_draft",
    "practice_mark_used",
    "practice_publish",
    "practice_request_changes",
    "practice_revise",
    "practice_submit",
    "practice_update",
    "workshop_record",
]
