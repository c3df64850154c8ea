"""Reads of persons: only with identity rights for one of the person's cases, always logged."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from saphan.audit.services import log_read
from saphan.orgs import access

from .models import Person


def person_list(*, actor) -> QuerySet[Person]:
    return access.visible_persons(actor)


def person_get(*, actor, person_id, path: str = "", purpose: str = "") -> Person:
    person = person_list(actor=actor).filter(pk=person_id).first()
    if person is None:
        raise PermissionDenied("person not visible")
    case = access.identity_cases(actor).filter(parties__person=person).first()
    log_read(
        actor=actor, record=person, scope=f"identity via {case.code}", purpose=purpose, path=path
    )
    return person
