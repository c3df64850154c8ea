"""The crime in the case file: places of recruitment, transit and exploitation, the alleged
perpetrators (one record each, linked to every case they are found in), and the members of
partner agencies a supervisor brings to the case's table (MDT members).

The timeline says what was recorded, never a perpetrator's name: every role that opens the case
reads it, and only access.visible_perpetrators decides who sees perpetrators.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.services import alerts_after_commit
from saphan.geo.models import District, Province
from saphan.orgs.access import visible_perpetrators
from saphan.people.codes import COUNTRY_BY_CODE, STATELESS, UNKNOWN_COUNTRY

from ..enums import PerpetratorRole, PlaceSetting, PlaceType, RelationshipToTrafficker
from ..models import (
    AccessReason,
    Case,
    CaseAccess,
    LegalProceeding,
    Perpetrator,
    PerpetratorLink,
    TraffickingPlace,
)
from ..selectors_crime import mdt_candidates, mdt_members
from .common import case_write, not_in_future, record_event

if TYPE_CHECKING:
    from saphan.orgs.models import User

CRIME = "cases.change_crime"


def _country(code: str, field: str) -> str:
    code = (code or "").strip().upper()
    if code not in COUNTRY_BY_CODE or code in {STATELESS}:
        raise ValidationError({field: _("Choose a country from the list.")})
    return code


@case_write()
def place_add(
    *, actor: User, case: Case, place_type: str, setting: str, country: str,
    province: Province | None = None, district: District | None = None, description: str = "",
    date_from: dt.date | None = None, date_to: dt.date | None = None,
    expected_version: int | None = None,
) -> TraffickingPlace:  # fmt: skip
    """Record where the person was recruited, moved through or exploited."""
    if place_type not in PlaceType.values:
        raise ValidationError({"place_type": _("Choose recruitment, transit or exploitation.")})
    if setting and setting not in PlaceSetting.values:
        raise ValidationError({"setting": _("Choose a kind of place from the list.")})
    country = _country(country, "country")
    if country != "TH" and (province or district):
        raise ValidationError(
            {"province": _("A province or district is given only for a place in Thailand.")}
        )
    if district is not None:
        if province is not None and district.province_id != province.pk:
            raise ValidationError({"district": _("This district is not in the chosen province.")})
        province = district.province
    not_in_future(date_from, "date_from")
    not_in_future(date_to, "date_to")
    if date_from and date_to and date_to < date_from:
        raise ValidationError({"date_to": _("The end comes before the start.")})
    if country == UNKNOWN_COUNTRY and not description.strip():
        raise ValidationError(
            {"description": _("When the country is not known, describe the place.")}
        )
    place = TraffickingPlace.objects.create(
        case=case, place_type=place_type, setting=setting, country=country, province=province,
        district=district, description=description.strip(), date=date_from, date_to=date_to,
        recorded_by=actor,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="place_recorded", place_type=place_type,
        setting=setting or PlaceSetting.OTHER, country=country,
        province=province.pk if province else "",
    )  # fmt: skip
    return place


def _roles(roles: list[str]) -> list[str]:
    roles = [r for r in dict.fromkeys(roles or [])]
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role in the process.")})
    if any(r not in PerpetratorRole.values for r in roles):
        raise ValidationError({"roles": _("Choose roles from the list.")})
    return roles


def _check_link(case: Case, relation_to_victim: str, proceeding: LegalProceeding | None) -> None:
    if relation_to_victim and relation_to_victim not in RelationshipToTrafficker.values:
        raise ValidationError({"relation_to_victim": _("Choose a relation from the list.")})
    if proceeding is not None and proceeding.case_id != case.pk:
        raise ValidationError({"proceeding": _("Choose legal proceedings of this case.")})


@case_write(CRIME)
def perpetrator_add(
    *, actor: User, case: Case, name: str, roles: list[str], aliases: str = "", sex: str = "",
    nationality: str = "", details: str = "", relation_to_victim: str = "",
    relation_details: str = "", proceeding: LegalProceeding | None = None,
    expected_version: int | None = None,
) -> Perpetrator:  # fmt: skip
    """A new alleged perpetrator, recorded in this case."""
    if not (name.strip() or aliases.strip()):
        raise ValidationError({"name": _("Give a name or an alias, even a nickname.")})
    roles = _roles(roles)
    if nationality:
        nationality = _country(nationality, "nationality")
    _check_link(case, relation_to_victim, proceeding)
    perpetrator = Perpetrator.objects.create(
        case=case, name=name.strip(), aliases=aliases.strip(), roles=roles, sex=sex,
        nationality=nationality, details=details.strip(), recorded_by=actor,
    )  # fmt: skip
    PerpetratorLink.objects.create(
        perpetrator=perpetrator, case=case, relation_to_victim=relation_to_victim,
        relation_details=relation_details.strip(), proceeding=proceeding, linked_by=actor,
    )  # fmt: skip
    record_event(case=case, actor=actor, kind="perpetrator_recorded", per_roles=roles)
    return perpetrator


@case_write(CRIME)
def perpetrator_link(
    *, actor: User, case: Case, perpetrator: Perpetrator, relation_to_victim: str = "",
    relation_details: str = "", proceeding: LegalProceeding | None = None,
    expected_version: int | None = None,
) -> PerpetratorLink:  # fmt: skip
    """The same perpetrator found in another case: one record, linked to both. Only a
    perpetrator the actor already sees in another case can be linked."""
    if not visible_perpetrators(actor).filter(pk=perpetrator.pk).exists():
        raise PermissionDenied("perpetrator not visible")
    if PerpetratorLink.objects.filter(perpetrator=perpetrator, case=case).exists():
        raise ValidationError(_("This perpetrator is already linked to this case."))
    _check_link(case, relation_to_victim, proceeding)
    link = PerpetratorLink.objects.create(
        perpetrator=perpetrator, case=case, relation_to_victim=relation_to_victim,
        relation_details=relation_details.strip(), proceeding=proceeding, linked_by=actor,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="perpetrator_linked", per_roles=list(perpetrator.roles)
    )
    return link


# --- every agency at the table ---------------------------------------------------------------


@case_write("cases.add_mdt_member")
def mdt_member_add(
    *, actor: User, case: Case, member: User, identity: bool, note: str = "",
    expected_version: int | None = None,
) -> CaseAccess:  # fmt: skip
    """The provincial supervisor brings a partner agency's member to the case, with or without
    the victim's identity. The member sees the case from now on, until removed."""
    if not mdt_candidates(case).filter(pk=member.pk).exists():
        raise ValidationError(
            {"member": _("Choose an active MDT member of a partner agency of this province.")}
        )
    if mdt_members(case).filter(user=member).exists():
        raise ValidationError({"member": _("This member is already on the case's team.")})
    if identity and not note.strip():
        raise ValidationError({"note": _("Say why this member needs to know who the person is.")})
    row = CaseAccess.objects.create(
        case=case, user=member, reason=AccessReason.ASSIGNED, identity=identity,
        note=note.strip(), granted_by=actor,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="mdt_member_added", member=member.display_name,
        agency=member.agency.code, identity_shown=identity,
    )  # fmt: skip
    alerts_after_commit(
        users=[member], key=f"mdt_member_added:{row.pk}", kind="mdt_member_added", level="info",
        message=lambda: f"{case.code}: "
        + str(_("You were added to the case's multidisciplinary team.")),
        link=reverse("cases:detail", args=[case.code]),
    )  # fmt: skip
    return row


@case_write("cases.add_mdt_member")
def mdt_member_remove(
    *, actor: User, case: Case, access: CaseAccess, reason: str, expected_version: int | None = None
) -> CaseAccess:
    """The member's access ends now; the row stays (nothing is deleted)."""
    if not mdt_members(case).filter(pk=access.pk).exists():
        raise ValidationError({"access": _("This member is not on the case's team.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the member leaves the case.")})
    access.revoked_at = timezone.now()
    access.note = (access.note + "\n" if access.note else "") + reason.strip()
    access.save(update_fields=["revoked_at", "note", "updated_at"])
    record_event(
        case=case, actor=actor, kind="mdt_member_removed", member=access.user.display_name,
        agency=access.user.agency.code if access.user.agency_id else "", note=reason.strip(),
    )  # fmt: skip
    return access
