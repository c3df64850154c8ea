"""Reads of persons: only with identity rights for one of the person's cases, always logged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from saphan.audit.services import log_read, log_reads
from saphan.orgs import access
from saphan.orgs.roles import Role

from .models import AccessRequest, AccessRequestStatus, Person

if TYPE_CHECKING:
    from uuid import UUID

    from django.db.models import Model

    from saphan.orgs.models import User


def person_list(*, actor: User) -> QuerySet[Person]:
    return access.visible_persons(actor)


def person_get(*, actor: User, person_id: UUID | str, path: str = "", purpose: str = "") -> Person:
    person = person_list(actor=actor).filter(pk=person_id).first()
    if person is None:
        raise PermissionDenied("person not visible")
    case = access.identity_cases(actor).filter(parties__person=person).first()
    log_read(
        actor=actor, record=person, scope=f"identity via {case.code}", purpose=purpose, path=path
    )
    return person


def access_requests_to_decide(*, actor: User) -> QuerySet[AccessRequest]:
    """Waiting requests to see a person, on cases of the province the actor supervises.
    They show the case code and who asks why, not the person."""
    if not actor.is_authenticated or not actor.has_role(Role.PROVINCIAL_SUPERVISOR):
        return AccessRequest.objects.none()
    return (
        AccessRequest.objects.filter(
            status=AccessRequestStatus.PENDING,
            case__in=access.visible_cases(actor).filter(province_id=actor.province_id),
        )
        .select_related("case", "requester", "requester__agency", "requester__province")
        .order_by("created_at")
    )


def access_request_get_for_decision(*, actor: User, request_id: UUID | str) -> AccessRequest:
    found = access_requests_to_decide(actor=actor).filter(pk=request_id).first()
    if found is None:
        raise PermissionDenied("request not open to this actor")
    return found


def access_requests_mine(*, actor: User) -> QuerySet[AccessRequest]:
    return AccessRequest.objects.filter(requester=actor).select_related("case__province")


# --- the person profile ---------------------------------------------------------------------------
def person_profile(
    *, actor: User, person_id: UUID | str, path: str = "", purpose: str = ""
) -> Person:
    """One person with everything their profile shows: refused (PermissionDenied) unless the
    actor may see the person's identity in one of their cases; the read is logged."""
    person_get(actor=actor, person_id=person_id, path=path, purpose=purpose or "profile")
    return (
        person_list(actor=actor)
        .select_related("home_province", "home_district", "home_subdistrict")
        .prefetch_related("names", "documents", "contacts")
        .get(pk=person_id)
    )


def person_cases(*, actor: User, person: Person) -> QuerySet:
    """The cases of the person this actor may see them in (with identity)."""
    return (
        access.identity_cases(actor)
        .filter(parties__person=person)
        .select_related("province")
        .distinct()
        .order_by("-opened_at")
    )


def person_child_item(*, person: Person, kind: str, item_id: UUID | str) -> Model:
    """A name, document or contact of ``person`` (already opened through person_profile)."""
    manager = {"names": person.names, "documents": person.documents, "contacts": person.contacts}
    found = manager[kind].filter(pk=item_id).first()
    if found is None:
        raise PermissionDenied("not this person's")
    return found


# --- same person: the side-by-side sheet of merge and review pages ---------------------------
def person_sheet(*, actor: User, person_id: UUID | str, path: str = "", purpose: str = "") -> dict:
    """What a supervisor compares before merging: names, details, documents, contacts and
    cases of one person they may see (the read is logged by person_get)."""
    person = person_get(actor=actor, person_id=person_id, path=path, purpose=purpose)
    cases = list(
        access.visible_cases(actor)
        .filter(parties__person=person)
        .select_related("province")
        .distinct()
        .order_by("code")
    )
    hidden_cases = person.case_links.exclude(case__in=cases).count()
    return {
        "person": person,
        "names": list(person.names.all()),
        "documents": list(person.documents.all()),
        "contacts": list(person.contacts.all()),
        "cases": cases,
        "hidden_cases": hidden_cases,
    }


def merge_search(*, actor: User, q: str, limit: int = 30) -> list[Person]:
    """Persons a supervisor may merge whose name contains ``q`` (any of their names, as
    written or normalised) or who are in the case coded ``q``."""
    from django.db.models import Q

    from .keys import name_keys
    from .merging import mergeable_persons

    q = " ".join((q or "").split())
    if not q:
        return []
    normalized = name_keys(q).normalized
    found = (
        mergeable_persons(actor)
        .filter(
            Q(names__full_name__icontains=q)
            | Q(names__normalized__contains=normalized)
            | Q(case_links__case__code=q)
        )
        .distinct()
        .order_by("full_name", "pk")[:limit]
    )
    persons = list(found)
    if persons:
        log_reads(actor=actor, records=persons, scope="merge search", purpose="same person")
    return persons
