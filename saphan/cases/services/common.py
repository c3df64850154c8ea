from __future__ import annotations

import datetime as dt
import functools
import inspect
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, ParamSpec, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ConflictError
from saphan.core.thai import to_be_year
from saphan.orgs.access import require

from ..models import Case, CaseCodeCounter, SubmissionKey, TimelineEvent

if TYPE_CHECKING:
    from saphan.geo.models import Province
    from saphan.orgs.models import User
    from saphan.people.models import Person


def record_event(
    *, case: Case, actor: User, kind: str, at: dt.datetime | None = None, **data: object
) -> TimelineEvent:
    """One line of the case timeline, written in the caller's transaction."""
    clean = {k: (str(v) if isinstance(v, uuid.UUID | dt.date) else v) for k, v in data.items()}
    return TimelineEvent.objects.create(
        case=case, actor=actor, kind=kind, at=at or timezone.now(), data=clean
    )


def case_touch(*, case: Case, expected_version: int | None) -> None:
    """Bump the case's version; refuse when it moved since the form was opened."""
    qs = Case.objects.filter(pk=case.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if qs.update(version=F("version") + 1, updated_at=timezone.now()) == 0:
        raise ConflictError()
    case.version = (expected_version or case.version) + 1


def case_write_guard(
    *, actor: User, case: Case, expected_version: int | None, perm: str | None = None
) -> None:
    """Before any change to a case, in the service's transaction: the track's own permission
    (``perm``) when it has one, the right to change the case, an open case, and the version the
    form was opened at (bumped here)."""
    if perm is not None:
        require(actor, perm, case)
    require(actor, "cases.change_case", case)
    from .. import process

    if (closed := process.closed_unmet(case)) is not None:
        raise ValidationError(closed)
    case_touch(case=case, expected_version=expected_version)


P = ParamSpec("P")
R = TypeVar("R")


def case_write(perm: str | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A write to one case, in its own transaction: ``@case_write(PERM)`` on a service taking
    keyword-only ``actor``, ``case`` and ``expected_version`` opens the transaction and runs
    case_write_guard with them (and ``perm``) before the service's body."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(service)
        for name in ("actor", "case", "expected_version"):
            param = signature.parameters.get(name)
            if param is None or param.kind is not inspect.Parameter.KEYWORD_ONLY:
                raise TypeError(f"{service.__qualname__} needs a keyword-only {name}")
        if signature.parameters["expected_version"].default is not None:
            raise TypeError(f"{service.__qualname__}: expected_version defaults to None")

        @functools.wraps(service)
        def write(*args: P.args, **kwargs: P.kwargs) -> R:
            call = signature.bind(*args, **kwargs).arguments
            with transaction.atomic():
                case_write_guard(
                    actor=call["actor"], case=call["case"],
                    expected_version=call.get("expected_version"), perm=perm,
                )  # fmt: skip
                return service(*args, **kwargs)

        return write

    return decorate


def return_tracks_guard(case: Case) -> None:
    """Return, reintegration and follow-up wait for the phase process.py allows them in."""
    from .. import process

    if (unmet := process.return_tracks_unmet(case)) is not None:
        raise ValidationError(unmet)


def submission_once(*, key: uuid.UUID | None, user: User) -> SubmissionKey | None:
    """Claim a form's one-time key; None when it was already used (a double submit)."""
    if key is None:
        return SubmissionKey(key=uuid.uuid4(), user=user)  # no key: nothing to protect against
    try:
        with transaction.atomic():
            return SubmissionKey.objects.create(key=key, user=user)
    except IntegrityError:
        return None


T = TypeVar("T")


@dataclass(frozen=True)
class Submitted(Generic[T]):
    """What a form's submit did: ``done`` with the write's ``value``, or not done because its
    one-time key was already used (a double submit), with what the first submit ``recorded``."""

    done: bool
    value: T | None = None
    recorded: str = ""


@transaction.atomic(durable=True)
def submit_once(
    *,
    actor: User,
    key: uuid.UUID | None,
    write: Callable[[], T],
    record: Callable[[T], str] | None = None,
) -> Submitted[T]:
    """A form's write and the claim of its one-time key in one transaction, the outermost: both
    or neither, so a refused write leaves the key free for the corrected form. A key already
    used writes nothing. ``record`` names what the write made (a case code) for the double
    submit to find; its side effects run after this commit."""
    claim = submission_once(key=key, user=actor)
    if claim is None:
        recorded = (
            SubmissionKey.objects.filter(key=key, user=actor)
            .values_list("result", flat=True)
            .first()
        )
        return Submitted(done=False, recorded=recorded or "")
    value = write()
    if record is not None and not claim._state.adding:
        claim.result = record(value)
        claim.save(update_fields=["result"])
    return Submitted(done=True, value=value)


def next_case_code(*, province: Province, at: dt.datetime) -> str:
    """`<DOPA province code>-<B.E. year>-<5-digit number>`, numbered per province and year."""
    year = to_be_year(timezone.localtime(at).year)
    counter, _created = CaseCodeCounter.objects.select_for_update().get_or_create(
        province=province, be_year=year
    )
    CaseCodeCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return f"{province.code}-{year}-{counter.last_number:05d}"


def not_in_future(value: dt.datetime | dt.date | None, field: str) -> None:
    if value is None:
        return
    now = timezone.now() if isinstance(value, dt.datetime) else timezone.localdate()
    if value > now + (
        dt.timedelta(minutes=5) if isinstance(value, dt.datetime) else dt.timedelta(0)
    ):
        raise ValidationError(
            {field: _("This is in the future; a past event needs the date it happened.")}
        )


def person_changed_on_cases(*, actor: User, person: Person, parts: list[str]) -> None:
    """One timeline line on each case of a person whose record changed, in the caller's
    transaction. It says which parts changed, never what they say: the timeline is read by roles
    that may not see who the person is. Registered with people (cases/apps.py)."""
    for case in Case.objects.filter(parties__person=person).distinct():
        record_event(case=case, actor=actor, kind="person_profile_changed", parts=parts)


def line_on_persons_cases(*, actor: User, persons: list, kind: str, **data: object) -> None:
    """One timeline line on every case of these persons (registered with people: a merge of two
    person records and its undo)."""
    for case in Case.objects.filter(parties__person__in=persons).distinct():
        record_event(case=case, actor=actor, kind=kind, **data)
