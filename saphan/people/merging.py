"""Two records of one person made one, and undone (issue 13 item 2).

A provincial supervisor who sees both persons merges them with a reason: the kept person
(``survivor``) receives every case link, name, document, contact and access request of the
other (``absorbed``), nothing is deleted, and the absorbed row stays, marked ``merged_into``
and hidden (it has no case link left, so access.visible_persons never returns it, and no name
left, so the duplicate check and the batch linkage never find it). The merge lists the ids of
what moved, so that its undo puts back exactly the links there were. Both are on the timeline
of every case concerned, and pghistory keeps every row's change; a refused attempt is written
to the read-access log (who tried, on which records, why it was refused).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.audit.services import refuse_logged
from saphan.core.merging import mark_merged, mark_undone, merge_begin, merge_refusal, undo_begin
from saphan.orgs import access
from saphan.orgs.roles import Role

from .models import (
    AccessRequest,
    BirthDatePrecision,
    CaseParty,
    Contact,
    IdentityDocument,
    LinkPair,
    LinkPairStatus,
    Person,
    PersonMerge,
    PersonName,
    Sex,
)
from .services import _primary_sync

MERGE_PERM = "people.merge_persons"

# Parts of the record the survivor takes from the absorbed person when its own are empty:
# each group moves whole (a birth date with its precision, a home with its district).
_BIRTH = (
    "birth_date",
    "birth_date_precision",
    "age_estimate_min",
    "age_estimate_max",
    "age_estimated_on",
)
_HOME = ("home_province_id", "home_district_id", "home_subdistrict_id", "home_village_code")


def mergeable_persons(actor) -> QuerySet[Person]:
    """The persons this actor may merge: a supervisor's visible persons, none for others."""
    if not actor.has_perm(MERGE_PERM):
        return Person.objects.none()
    return access.visible_persons(actor).filter(merged_into__isnull=True)


def _may_merge(actor) -> bool:
    return actor.has_perm(MERGE_PERM) and actor.has_role(Role.PROVINCIAL_SUPERVISOR)


def _refusal(actor, persons: list[Person]) -> str:
    """Why ``actor`` may not merge these persons, or "" when they may."""
    return merge_refusal(
        actor, persons, may_merge=_may_merge, visible=access.visible_persons, noun="person"
    )


def _value(person: Person, attname: str):
    value = getattr(person, attname)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if attname == "photo":
        return value.name or ""
    return list(value) if isinstance(value, list) else value


def _set(person: Person, attname: str, value) -> None:
    if attname == "photo":
        person.photo = value or ""
    elif attname.endswith("_id") or value is None or isinstance(value, list):
        setattr(person, attname, value)
    else:
        setattr(person, attname, person._meta.get_field(attname).to_python(value))


def _completed(survivor: Person, absorbed: Person) -> dict[str, object]:
    """What of the absorbed person fills a gap in the survivor's record: {attname: value}."""
    changes: dict[str, object] = {}
    if survivor.sex == Sex.NON_SPECIFIED_UNKNOWN and absorbed.sex != Sex.NON_SPECIFIED_UNKNOWN:
        changes["sex"] = absorbed.sex
    if (
        survivor.birth_date_precision == BirthDatePrecision.UNKNOWN
        and absorbed.birth_date_precision != BirthDatePrecision.UNKNOWN
    ):
        changes.update({f: _value(absorbed, f) for f in _BIRTH})
    for f in ("citizenships", "languages"):
        union = list(dict.fromkeys([*getattr(survivor, f), *getattr(absorbed, f)]))
        if union != list(getattr(survivor, f)):
            changes[f] = union
    if absorbed.interpreter_needed and not survivor.interpreter_needed:
        changes["interpreter_needed"] = True
    if not survivor.home_province_id and absorbed.home_province_id:
        changes.update({f: _value(absorbed, f) for f in _HOME})
    if not survivor.address and absorbed.address:
        changes["address"] = absorbed.address
    if not survivor.photo and absorbed.photo:
        changes["photo"] = absorbed.photo.name
    return changes


def _timeline(*, actor, persons: list[Person], kind: str, merge: PersonMerge) -> None:
    """One line on the timeline of every case of these persons. The line names no one: the
    timeline is read by roles that may not see identity; the merge page (supervisors) does."""
    from .services import write_on_persons_cases

    write_on_persons_cases(actor=actor, persons=persons, kind=kind, merge=str(merge.pk)[:8])


def person_merge(
    *,
    actor,
    survivor: Person,
    absorbed: Person,
    reason: str,
    pair: LinkPair | None = None,
    path: str = "",
) -> PersonMerge:
    """Merge ``absorbed`` into ``survivor``. Refused (and logged) unless the actor is a
    provincial supervisor who sees both persons."""
    why = _refusal(actor, [survivor, absorbed])
    if why:
        refuse_logged(actor, [survivor, absorbed], why, what="person merge refused", path=path)
    return _merge(actor=actor, survivor=survivor, absorbed=absorbed, reason=reason, pair=pair)


@transaction.atomic
def _merge(*, actor, survivor: Person, absorbed: Person, reason: str, pair) -> PersonMerge:
    reason, survivor, absorbed = merge_begin(
        Person,
        survivor=survivor,
        absorbed=absorbed,
        reason=reason,
        no_reason=_("Say why these records are the same person."),
        same=_("Choose two different persons."),
        already=_("One of these persons has already been merged into another."),
    )
    kept_roles = set(survivor.case_links.values_list("case_id", "role"))
    clash = [
        link.case.code
        for link in absorbed.case_links.select_related("case")
        if (link.case_id, link.role) in kept_roles
    ]
    if clash:
        raise ValidationError(
            _(
                "Both persons are in case %(codes)s in the same role: correct the case's "
                "persons first."
            )
            % {"codes": ", ".join(sorted(clash))}
        )

    moved = {
        "case_parties": [str(pk) for pk in absorbed.case_links.values_list("pk", flat=True)],
        "names": [str(pk) for pk in absorbed.names.values_list("pk", flat=True)],
        "primary_name": str(
            absorbed.names.filter(is_primary=True).values_list("pk", flat=True).first() or ""
        ),
        "documents": [str(pk) for pk in absorbed.documents.values_list("pk", flat=True)],
        "contacts": [str(pk) for pk in absorbed.contacts.values_list("pk", flat=True)],
        "access_requests": [
            str(pk) for pk in absorbed.access_requests.values_list("pk", flat=True)
        ],
    }
    changes = _completed(survivor, absorbed)
    moved["survivor_before"] = {f: _value(survivor, f) for f in changes}
    moved["survivor_after"] = changes

    CaseParty.objects.filter(pk__in=moved["case_parties"]).update(person=survivor)
    PersonName.objects.filter(pk__in=moved["names"]).update(person=survivor, is_primary=False)
    IdentityDocument.objects.filter(pk__in=moved["documents"]).update(person=survivor)
    Contact.objects.filter(pk__in=moved["contacts"]).update(person=survivor)
    AccessRequest.objects.filter(pk__in=moved["access_requests"]).update(person=survivor)

    for attname, value in changes.items():
        _set(survivor, attname, value)
    mark_merged(survivor, absorbed, into=survivor)

    merge = PersonMerge.objects.create(
        survivor=survivor, absorbed=absorbed, reason=reason, merged_by=actor, moved=moved
    )
    if pair is not None:
        LinkPair.objects.filter(pk=pair.pk).update(
            status=LinkPairStatus.MERGED,
            decided_by=actor,
            decided_at=timezone.now(),
            decision_note=reason,
            merge=merge,
        )
    _timeline(actor=actor, persons=[survivor], kind="persons_merged", merge=merge)
    return merge


def person_merge_undo(*, actor, merge: PersonMerge, reason: str, path: str = "") -> PersonMerge:
    """Put back exactly the links there were before ``merge``. By a provincial supervisor
    who sees the kept person; refused and logged otherwise."""
    why = _refusal(actor, [merge.survivor])
    if why:
        refuse_logged(
            actor,
            [merge.survivor, merge.absorbed],
            why,
            what="person merge undo refused",
            path=path,
        )
    return _undo(actor=actor, merge=merge, reason=reason)


@transaction.atomic
def _undo(*, actor, merge: PersonMerge, reason: str) -> PersonMerge:
    reason, merge, survivor, absorbed = undo_begin(Person, merge=merge, reason=reason)
    moved = merge.moved
    CaseParty.objects.filter(pk__in=moved["case_parties"], person=survivor).update(person=absorbed)
    names = PersonName.objects.filter(pk__in=moved["names"], person=survivor)
    names.update(person=absorbed, is_primary=False)
    if moved.get("primary_name"):
        PersonName.objects.filter(pk=moved["primary_name"], person=absorbed).update(is_primary=True)
    IdentityDocument.objects.filter(pk__in=moved["documents"], person=survivor).update(
        person=absorbed
    )
    Contact.objects.filter(pk__in=moved["contacts"], person=survivor).update(person=absorbed)
    AccessRequest.objects.filter(pk__in=moved["access_requests"], person=survivor).update(
        person=absorbed
    )
    # The survivor's own details come back where nobody changed them since the merge.
    for attname, before in moved.get("survivor_before", {}).items():
        if _value(survivor, attname) == moved["survivor_after"].get(attname):
            _set(survivor, attname, before)
    mark_merged(survivor, absorbed, into=None)
    _primary_sync(survivor)
    _primary_sync(absorbed)

    mark_undone(merge, actor=actor, reason=reason)
    # A pair decided by this merge is open again: the decision it recorded was withdrawn.
    LinkPair.objects.filter(merge=merge).update(
        status=LinkPairStatus.PENDING, merge=None, decided_by=None, decided_at=None
    )
    _timeline(actor=actor, persons=[survivor, absorbed], kind="persons_merge_undone", merge=merge)
    return merge


def merges_visible(actor) -> QuerySet[PersonMerge]:
    """Merges whose kept person this actor may merge (and so undo)."""
    if not actor.has_perm(MERGE_PERM):
        return PersonMerge.objects.none()
    return PersonMerge.objects.filter(survivor__in=access.visible_persons(actor)).select_related(
        "survivor", "absorbed", "merged_by", "undone_by"
    )


# --- decisions on the linkage review queue (people/linkage.py) --------------------------------
REVIEW_PERM = "people.review_links"


def reviewable_pairs(actor, *, q: str = "") -> QuerySet[LinkPair]:
    """Pending pairs whose two persons this supervisor both sees (access.visible_persons):
    a pair with a person of another province stays with that province's supervisor. ``q``
    keeps the pairs where a name of either person contains it."""
    if not actor.has_perm(REVIEW_PERM):
        return LinkPair.objects.none()
    visible = access.visible_persons(actor).filter(merged_into__isnull=True)
    q = " ".join((q or "").split())
    if q:
        named = PersonName.objects.filter(full_name__icontains=q).values("person_id")
        visible = visible.filter(pk__in=named)
        other = access.visible_persons(actor).filter(merged_into__isnull=True)
        return (
            LinkPair.objects.filter(status=LinkPairStatus.PENDING)
            .filter(
                Q(person_a__in=visible.values("pk"), person_b__in=other.values("pk"))
                | Q(person_b__in=visible.values("pk"), person_a__in=other.values("pk"))
            )
            .select_related("person_a", "person_b", "run")
            .order_by("-match_probability", "pk")
        )
    return (
        LinkPair.objects.filter(
            status=LinkPairStatus.PENDING,
            person_a__in=visible.values("pk"),
            person_b__in=visible.values("pk"),
        )
        .select_related("person_a", "person_b", "run")
        .order_by("-match_probability", "pk")
    )


def link_pair_merge(
    *, actor, pair: LinkPair, keep: Person, reason: str, path: str = ""
) -> PersonMerge:
    """ "Same person": merge the pair, keeping ``keep`` (one of the two)."""
    if keep.pk not in (pair.person_a_id, pair.person_b_id):
        raise ValidationError(_("Choose which of the two records to keep."))
    if pair.status != LinkPairStatus.PENDING:
        raise ValidationError(_("This pair has already been decided."))
    other = pair.person_b if keep.pk == pair.person_a_id else pair.person_a
    return person_merge(
        actor=actor, survivor=keep, absorbed=other, reason=reason, pair=pair, path=path
    )


def link_pair_dismiss(*, actor, pair: LinkPair, note: str = "", path: str = "") -> LinkPair:
    """ "Not the same person": the pair leaves the queue and is never proposed again; the
    decision (who, when, why) stays on the pair and in its history."""
    why = _refusal(actor, [pair.person_a, pair.person_b])
    if why:
        refuse_logged(
            actor, [pair.person_a, pair.person_b], why, what="link pair dismiss refused", path=path
        )
    return _dismiss(actor=actor, pair=pair, note=note)


@transaction.atomic
def _dismiss(*, actor, pair: LinkPair, note: str) -> LinkPair:
    current = LinkPair.objects.select_for_update().get(pk=pair.pk)
    if current.status != LinkPairStatus.PENDING:
        raise ValidationError(_("This pair has already been decided."))
    current.status = LinkPairStatus.DISMISSED
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.decision_note = " ".join((note or "").split())
    current.save()
    return current
