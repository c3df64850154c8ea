"""Writes of the capacity app (keyword-only, atomic, permission-checked) and the one question
the rest of the system asks it: is this person qualified for this competency on this day?"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.orgs.access import require
from saphan.orgs.roles import Role

from .catalogue import SCREENING
from .models import (
    MAX_VALIDITY_MONTHS,
    Competency,
    CompetencyRequirement,
    Completion,
    CompletionSource,
    Course,
    TrainingSession,
)
from .rules import central
from .selectors import Qualification, qualification_for

if TYPE_CHECKING:
    from django.core.files.base import File

    from saphan.geo.models import Province, Region
    from saphan.orgs.models import Agency, User


# --- qualifications ---------------------------------------------------------------------------
# (Qualification and qualification_for are reads: selectors.py)


def screening_check_applies() -> bool:
    """The screening check is on when the competency table says some role needs it."""
    return Competency.objects.filter(code=SCREENING, requirements__isnull=False).exists()


def screening_unqualified(user: User, *, on: dt.date | None = None) -> Qualification | None:
    """The user's screening qualification when it does not count on ``on``; None when the user
    is qualified or the check is off (no role needs the screening competency)."""
    if not screening_check_applies():
        return None
    q = qualification_for(user, SCREENING, on=on)
    if q is None or q.is_valid:
        return None
    return q


def screening_qualification_check(*, actor: User, interviewed_at: dt.datetime, reason: str) -> str:
    """Called by the screening service: the reason to put on the timeline ("" when the
    interviewer was qualified on the day of the interview); refuses an unqualified interviewer
    who gave no reason."""
    day = (
        timezone.localtime(interviewed_at).date()
        if timezone.is_aware(interviewed_at)
        else (interviewed_at.date())
    )
    if screening_unqualified(actor, on=day) is None:
        return ""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "qualification_override_reason": _(
                    "You do not hold a valid screening-interview qualification on the day of "
                    "this interview. Give the reason why you conducted it (for example, no "
                    "trained interviewer could come in time), or ask a trained colleague to "
                    "record it."
                )
            }
        )
    return reason


# --- sessions and completions -----------------------------------------------------------------
@transaction.atomic
def session_create(
    *,
    actor: User,
    course: Course,
    starts_on: dt.date,
    ends_on: dt.date,
    province: Province | None = None,
    region: Region | None = None,
    organiser: Agency | None = None,
    place: str = "",
) -> TrainingSession:
    require(actor, "capacity.add_session", province)
    if province is None:
        # A session not held in one province is a regional or national one.
        if region is None:
            raise ValidationError({"province": _("Choose the province where the session is held.")})
        if not central.test(actor) and not (
            actor.has_role(Role.REGIONAL_OFFICER) and actor.region_id == region.pk
        ):
            raise PermissionDenied("capacity.add_session")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("A session cannot end before it starts.")})
    session = TrainingSession(
        course=course,
        starts_on=starts_on,
        ends_on=ends_on,
        province=province,
        region=region if province is None else province.region,
        organiser=organiser,
        place=place,
        created_by=actor,
    )
    session.save()
    return session


def _check_completion(
    *, user: User, course: Course, completed_on: dt.date, session: TrainingSession | None
) -> None:
    if completed_on > timezone.localdate():
        raise ValidationError(
            {"completed_on": _("This is in the future; a past event needs the date it happened.")}
        )
    if session is not None and completed_on < session.starts_on:
        raise ValidationError(
            {"completed_on": _("A course cannot be completed before its session starts.")}
        )
    if not user.is_active:
        raise ValidationError({"user": _("This account is not active.")})
    if Completion.objects.filter(user=user, course=course, completed_on=completed_on).exists():
        raise ValidationError(
            {"user": _("This completion is already recorded for this staff member.")}
        )


@transaction.atomic
def completion_record(
    *,
    actor: User,
    user: User,
    course: Course,
    completed_on: dt.date,
    session: TrainingSession | None = None,
    certificate_number: str = "",
    certificate_file: File | None = None,
    source: str = CompletionSource.RECORDED,
) -> Completion:
    """Record that ``user`` completed ``course``; by a supervisor of the user's province or a
    central officer."""
    require(actor, "capacity.record_completion", user)
    if session is not None and session.course_id != course.pk:
        raise ValidationError({"course": _("The session is of another course.")})
    _check_completion(user=user, course=course, completed_on=completed_on, session=session)
    completion = Completion(
        user=user,
        course=course,
        session=session,
        completed_on=completed_on,
        certificate_number=certificate_number.strip(),
        source=source,
        recorded_by=actor,
    )
    if certificate_file:
        completion.certificate_file = certificate_file
    try:
        with transaction.atomic():
            completion.save()
    except IntegrityError as e:
        raise ValidationError(
            {"user": _("This completion is already recorded for this staff member.")}
        ) from e
    return completion


# --- the competency table (central office) ----------------------------------------------------
# Which competencies exist, how long a course counts for each, which courses give it and which
# roles need it decide whose training every province's gap view counts and when the screening
# check warns, so only a central officer changes them (rules: capacity.manage_competencies).
# Every row written is kept by pghistory (requirements and course links with their deletions),
# with who did it in the history context even when called outside a request.
COMPETENCY_FIELDS = ("name_th", "name_en", "description_th", "description_en", "validity_months")


def _refuse(field: str | None, message: str) -> None:
    raise ValidationError({field: [message]} if field else message)


def _validity(months: int | str | None) -> int | None:
    """0 or nothing: a course never expires; otherwise 1 to MAX_VALIDITY_MONTHS months."""
    if months in (None, "", 0):
        return None
    if isinstance(months, bool) or not isinstance(months, int):
        _refuse("validity_months", _("Write the number of months as a whole number."))
    if not 0 < months <= MAX_VALIDITY_MONTHS:
        _refuse(
            "validity_months",
            _(
                "A course may count for at most %(max)d months (%(years)d years). Write 0 or "
                "leave it empty if it never expires."
            )
            % {"max": MAX_VALIDITY_MONTHS, "years": MAX_VALIDITY_MONTHS // 12},
        )
    return months


def _same_competency(comp: Competency, fields: dict, course_ids: set) -> bool:
    return all(
        getattr(comp, name) == fields[name] for name in COMPETENCY_FIELDS
    ) and course_ids == set(comp.courses.values_list("pk", flat=True))


@transaction.atomic
def competency_save(
    *,
    actor: User,
    competency: Competency | None = None,
    code: str = "",
    fields: Mapping,
    courses: Iterable[Course],
) -> Competency:
    """Create a competency (``code`` given, ``competency`` None) or change one: its names,
    descriptions, how long a course counts (``validity_months``: 0 or None, never expires) and
    which courses give it. The code never changes once made: the screening check and the import
    files name competencies by it. Submitting the same new competency twice saves it once."""
    require(actor, "capacity.manage_competencies")
    fields = {
        "name_th": (fields.get("name_th") or "").strip(),
        "name_en": (fields.get("name_en") or "").strip(),
        "description_th": (fields.get("description_th") or "").strip(),
        "description_en": (fields.get("description_en") or "").strip(),
        "validity_months": _validity(fields.get("validity_months")),
    }
    courses = list(courses)
    course_ids = {c.pk for c in courses}
    duplicate = _("A competency with this code already exists. Choose another code.")
    if competency is None:
        code = (code or "").strip().lower()
        existing = Competency.objects.filter(code=code).first()
        if existing is not None:
            if _same_competency(existing, fields, course_ids):
                return existing  # the same form sent twice (a double click): nothing to add
            _refuse("code", duplicate)
        competency = Competency(code=code)
    elif code and code != competency.code:
        _refuse("code", _("The code of a competency cannot be changed."))
    for name, value in fields.items():
        setattr(competency, name, value)
    competency.full_clean()
    with pghistory.context(user=str(actor.pk)):
        try:
            with transaction.atomic():
                competency.save()
        except IntegrityError as e:
            # The same code saved a moment ago by a request still running when this one
            # checked: the same form sent twice is saved once; anything else is a duplicate.
            existing = Competency.objects.filter(code=competency.code).first()
            if existing is not None and _same_competency(existing, fields, course_ids):
                return existing
            raise ValidationError({"code": [duplicate]}) from e
        competency.courses.set(courses)
    return competency


@transaction.atomic
def requirements_change(
    *, actor: User, changes: Mapping[tuple[Competency, str], bool]
) -> tuple[int, int]:
    """Tick (True) or untick (False) cells of the role x competency table. Only the cells given
    change, so two officers editing different cells do not undo each other, and a form sent
    twice changes nothing the second time. Returns (rows added, rows removed)."""
    require(actor, "capacity.manage_competencies")
    unknown = sorted({role for _comp, role in changes} - set(Role.values))
    if unknown:
        _refuse(None, _("Unknown role: %(roles)s") % {"roles": ", ".join(unknown)})
    added = removed = 0
    with pghistory.context(user=str(actor.pk)):
        for (competency, role), needed in changes.items():
            if needed:
                _row, made = CompetencyRequirement.objects.get_or_create(
                    competency=competency, role=role
                )
                added += made
            else:
                removed += CompetencyRequirement.objects.filter(
                    competency=competency, role=role
                ).delete()[0]
    return added, removed
