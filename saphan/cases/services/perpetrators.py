"""An alleged perpetrator's own record: corrected by those who work one of its open cases, and
two records of one perpetrator made one (and undone) by a provincial supervisor.

Every change is kept by pghistory and goes on the timeline of every case the perpetrator is
linked to; the timeline line says which parts changed, never what they say (every role that
opens a case reads its timeline; only access.visible_perpetrators decides who sees
perpetrators). A refused attempt is written to the read-access log.

A merge moves every case link of the absorbed record to the kept one. Where both were already
linked to the same case, the absorbed record's link stays where it is (one link per perpetrator
and case; nothing is deleted) and the kept link takes from it what it lacked. The absorbed
record gives its name and aliases to the kept record's aliases (so a search by either finds it),
is marked ``merged_into`` and is no longer shown or exported. ``moved`` lists what moved and
what the kept record said before, so the undo puts back exactly what there was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from saphan.audit.services import refuse_logged
from saphan.core.errors import ConflictError
from saphan.core.merging import mark_merged, mark_undone, merge_begin, merge_refusal, undo_begin
from saphan.orgs import access

from ..models import Case, Perpetrator, PerpetratorLink, PerpetratorMerge
from .common import record_event
from .crime import _country, _roles

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from saphan.orgs.models import User

MERGE_PERM = "cases.merge_perpetrators"
# The parts of the record an edit may change, as the timeline names them (enums in timeline.py).
PARTS = ("name", "aliases", "roles", "sex", "nationality", "details")
_ALIASES_MAX = Perpetrator._meta.get_field("aliases").max_length
_LINK_FIELDS = ("relation_to_victim", "relation_details", "proceeding_id")


def _cases_of(perpetrators: list[Perpetrator]):
    return Case.objects.filter(perpetrator_links__perpetrator__in=perpetrators).distinct()


def _aliases(*parts: str) -> str:
    """Comma-separated names, each once (case-insensitive), in the order given."""
    seen: dict[str, str] = {}
    for part in parts:
        for alias in (part or "").split(","):
            alias = " ".join(alias.split())
            if alias and alias.casefold() not in seen:
                seen[alias.casefold()] = alias
    return ", ".join(seen.values())


def may_change(actor: User, perpetrator: Perpetrator) -> bool:
    return access.changeable_perpetrators(actor).filter(pk=perpetrator.pk).exists()


def perpetrator_update(
    *, actor: User, perpetrator: Perpetrator, name: str, aliases: str, roles: list[str], sex: str = "",
    nationality: str = "", details: str = "", expected_version: int, path: str = "",
) -> Perpetrator:  # fmt: skip
    """Correct the record. Refused (and logged) unless the perpetrator is linked to an open case
    the actor may change; ConflictError when someone saved the record after ``expected_version``."""
    if not may_change(actor, perpetrator):
        refuse_logged(actor, [perpetrator], "perpetrator not changeable",
                      what="perpetrator edit", path=path)  # fmt: skip
    return _update(
        actor=actor, perpetrator=perpetrator, name=name, aliases=aliases, roles=roles, sex=sex,
        nationality=nationality, details=details, expected_version=expected_version,
    )  # fmt: skip


@transaction.atomic
def _update(
    *, actor: User, perpetrator: Perpetrator, name: str, aliases: str, roles: list[str],
    sex: str, nationality: str, details: str, expected_version: int,
) -> Perpetrator:  # fmt: skip
    from saphan.people.models import Sex

    name, aliases, details = " ".join((name or "").split()), _aliases(aliases), details.strip()
    if not (name or aliases):
        raise ValidationError({"name": _("Give a name or an alias, even a nickname.")})
    if len(aliases) > _ALIASES_MAX:
        raise ValidationError({"aliases": _("Too many aliases: keep the ones in use.")})
    roles = _roles(roles)
    if sex and sex not in Sex.values:
        raise ValidationError({"sex": _("Choose from the list.")})
    if nationality:
        nationality = _country(nationality, "nationality")
    current = Perpetrator.objects.select_for_update().get(pk=perpetrator.pk)
    if current.version != expected_version or current.merged_into_id:
        raise ConflictError()
    after = {
        "name": name, "aliases": aliases, "roles": roles, "sex": sex,
        "nationality": nationality, "details": details,
    }  # fmt: skip
    changed = [part for part in PARTS if getattr(current, part) != after[part]]
    if not changed:
        return current
    for part in changed:
        setattr(current, part, after[part])
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    for case in _cases_of([current]):
        record_event(case=case, actor=actor, kind="perpetrator_updated", per_parts=changed)
    return current


# --- two records of one perpetrator ---------------------------------------------------------------


def _merge_refusal(actor: User, records: list[Perpetrator]) -> str:
    return merge_refusal(
        actor, records, may_merge=lambda a: a.has_perm(MERGE_PERM),
        visible=access.visible_perpetrators, noun="perpetrator",
    )  # fmt: skip


def perpetrator_merge(
    *, actor: User, survivor: Perpetrator, absorbed: Perpetrator, reason: str, path: str = ""
) -> PerpetratorMerge:
    """Merge ``absorbed`` into ``survivor``. Refused (and logged) unless the actor is a
    provincial supervisor who sees both records."""
    if why := _merge_refusal(actor, [survivor, absorbed]):
        refuse_logged(actor, [survivor, absorbed], why, what="perpetrator merge refused",
                      path=path)  # fmt: skip
    return _merge(actor=actor, survivor=survivor, absorbed=absorbed, reason=reason)


def _link_values(link: PerpetratorLink) -> dict:
    return {f: (str(getattr(link, f)) if getattr(link, f) else "") for f in _LINK_FIELDS}


@transaction.atomic
def _merge(
    *, actor: User, survivor: Perpetrator, absorbed: Perpetrator, reason: str
) -> PerpetratorMerge:
    reason, survivor, absorbed = merge_begin(
        Perpetrator, survivor=survivor, absorbed=absorbed, reason=reason,
        no_reason=_("Say why these records are the same perpetrator."),
        same=_("Choose two different records."),
        already=_("One of these records has already been merged into another."),
    )  # fmt: skip

    kept_links = {link.case_id: link for link in survivor.links.all()}
    moved_links, stayed_links, completed = [], [], {}
    for link in absorbed.links.all():
        kept = kept_links.get(link.case_id)
        if kept is None:
            moved_links.append(str(link.pk))
            continue
        stayed_links.append(str(link.pk))
        before, gaps = _link_values(kept), {}
        for f in _LINK_FIELDS:
            if not getattr(kept, f) and getattr(link, f):
                gaps[f] = getattr(link, f)
        if gaps:
            PerpetratorLink.objects.filter(pk=kept.pk).update(**gaps)
            kept.refresh_from_db()
            completed[str(kept.pk)] = {"before": before, "after": _link_values(kept)}
    PerpetratorLink.objects.filter(pk__in=moved_links).update(perpetrator=survivor)

    fields = ("aliases", "roles", "sex", "nationality", "details")
    before = {f: getattr(survivor, f) for f in fields}
    survivor.aliases = _aliases(survivor.aliases, absorbed.name, absorbed.aliases)[:_ALIASES_MAX]
    survivor.roles = list(dict.fromkeys([*survivor.roles, *absorbed.roles]))
    survivor.sex = survivor.sex or absorbed.sex
    survivor.nationality = survivor.nationality or absorbed.nationality
    if absorbed.details and absorbed.details not in survivor.details:
        survivor.details = "\n\n".join(x for x in (survivor.details, absorbed.details) if x)
    after = {f: getattr(survivor, f) for f in fields}
    mark_merged(survivor, absorbed, into=survivor)

    merge = PerpetratorMerge.objects.create(
        survivor=survivor, absorbed=absorbed, reason=reason, merged_by=actor,
        moved={
            "links": moved_links, "stayed_links": stayed_links, "completed_links": completed,
            "survivor_before": before, "survivor_after": after,
        },
    )  # fmt: skip
    for case in _cases_of([survivor, absorbed]):
        record_event(case=case, actor=actor, kind="perpetrators_merged", merge=str(merge.pk)[:8])
    return merge


def perpetrator_merge_undo(
    *, actor: User, merge: PerpetratorMerge, reason: str, path: str = ""
) -> PerpetratorMerge:
    """Put back exactly the links there were before ``merge``. By a provincial supervisor who
    sees the kept record; refused and logged otherwise."""
    if why := _merge_refusal(actor, [merge.survivor]):
        refuse_logged(actor, [merge.survivor, merge.absorbed], why,
                      what="perpetrator merge undo refused", path=path)  # fmt: skip
    return _undo(actor=actor, merge=merge, reason=reason)


@transaction.atomic
def _undo(*, actor: User, merge: PerpetratorMerge, reason: str) -> PerpetratorMerge:
    reason, merge, survivor, absorbed = undo_begin(Perpetrator, merge=merge, reason=reason)
    moved = merge.moved
    PerpetratorLink.objects.filter(pk__in=moved["links"], perpetrator=survivor).update(
        perpetrator=absorbed
    )
    # What the kept record and its links said comes back where nobody changed it since.
    for pk, change in moved.get("completed_links", {}).items():
        link = PerpetratorLink.objects.filter(pk=pk).first()
        if link is not None and _link_values(link) == change["after"]:
            PerpetratorLink.objects.filter(pk=pk).update(
                **{
                    f: (v or None) if f == "proceeding_id" else v
                    for f, v in change["before"].items()
                }  # fmt: skip
            )
    for f, value in moved.get("survivor_before", {}).items():
        if getattr(survivor, f) == moved["survivor_after"].get(f):
            setattr(survivor, f, value)
    mark_merged(survivor, absorbed, into=None)
    mark_undone(merge, actor=actor, reason=reason)
    for case in _cases_of([survivor, absorbed]):
        record_event(
            case=case, actor=actor, kind="perpetrators_merge_undone", merge=str(merge.pk)[:8]
        )
    return merge


def merges_visible(actor: User) -> QuerySet[PerpetratorMerge]:
    """Merges whose kept record this actor may merge (and so undo)."""
    if not actor.has_perm(MERGE_PERM):
        return PerpetratorMerge.objects.none()
    return PerpetratorMerge.objects.filter(
        survivor__in=access.visible_perpetrators(actor)
    ).select_related("survivor", "absorbed", "merged_by", "undone_by")
