"""Reads of the network app: members, volunteers for a case, and what a visit needs of a case
(its address read is always logged)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from saphan.audit.services import log_read
from saphan.people.models import PartyRole

from .models import MemberKind, NetworkMember, Visit, VisitKind, VisitStatus

if TYPE_CHECKING:
    from collections.abc import Iterable

    from saphan.cases.models import Case
    from saphan.orgs.models import User
    from saphan.people.models import Person


def visit_address(*, actor: User, visit: Visit, path: str = "") -> str:
    """The address a volunteer sees on a visit assigned to them. For a follow-up visit still to
    be made: the person's home address as the case worker keeps it now (house and street,
    village, subdistrict, district, province: a correction made after the visit was assigned
    reaches the volunteer), and the read is logged. Nothing else of the person or the case is
    read. A household visit: its village, by number and area names. Otherwise the address
    copied when the visit was assigned."""
    if visit.kind == VisitKind.HOUSEHOLD:
        return _village_text(visit.visit_address) or visit.visit_address
    if (
        visit.kind != VisitKind.FOLLOW_UP
        or visit.status != VisitStatus.ASSIGNED
        or visit.assigned_to_id != getattr(actor, "pk", None)
        or not visit.case_id
    ):
        return visit.visit_address
    person = case_victim(visit.case)
    current = person_address(person)
    if person is None or not current:
        return visit.visit_address
    log_read(
        actor=actor,
        record=person,
        scope=f"visit:{visit.pk}",
        purpose="follow-up visit address",
        path=path,
    )
    return current


def _village_text(code: str) -> str:
    """หมู่ 5 ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น for the DOPA village code 40010105."""
    from saphan.geo.models import Subdistrict

    code = (code or "").strip()
    if not (len(code) == 8 and code.isdigit()):
        return ""
    sub = Subdistrict.objects.select_related("district__province").filter(code=code[:6]).first()
    if sub is None:
        return ""
    return " ".join(
        [
            f"หมู่ {int(code[6:])}",
            f"ต.{sub.name_th}",
            f"อ.{sub.district.name_th}",
            f"จ.{sub.district.province.name_th}",
        ]
    )


def member_of(user: User) -> NetworkMember | None:
    return NetworkMember.objects.filter(user=user, is_active=True).first()


def volunteers_for_case(case: Case) -> tuple[Iterable[NetworkMember], Person | None]:
    """The home province's volunteers, those of the person's village and subdistrict first."""
    plan = getattr(case, "reintegration_plan", None)
    if plan is None:
        return NetworkMember.objects.none(), None
    person = case_victim(case)
    qs = NetworkMember.objects.select_related("user", "subdistrict", "district").filter(
        province_id=plan.home_province_id, kind=MemberKind.VOLUNTEER, is_active=True
    )
    members = list(qs)
    village = getattr(person, "home_village_code", "") if person else ""
    sub = getattr(person, "home_subdistrict_id", None) if person else None
    district = (
        getattr(person, "home_district_id", None) if person else None
    ) or plan.home_district_id

    def rank(m: NetworkMember):
        return (
            0 if village and m.village_code == village else 1,
            0 if sub and m.subdistrict_id == sub else 1,
            0 if district and m.district_id == district else 1,
            m.village_code,
        )

    members.sort(key=rank)
    return members, person


def case_victim(case: Case) -> Person | None:
    party = (
        case.parties.select_related(
            "person", "person__home_province", "person__home_district", "person__home_subdistrict"
        )
        .filter(role=PartyRole.VICTIM)
        .order_by("created_at")
        .first()
    )
    return party.person if party else None


def person_address(person: Person | None) -> str:
    """The home address a volunteer needs to find the person: the house and street as typed,
    then the village number and the DOPA areas (in Thai, as a Thai address is written)."""
    if person is None:
        return ""
    parts = [person.address.strip()] if person.address.strip() else []
    if person.home_village_code:
        parts.append(f"หมู่ {int(person.home_village_code[6:])}")
    for area, prefix in (
        (person.home_subdistrict, "ต."),
        (person.home_district, "อ."),
        (person.home_province, "จ."),
    ):
        if area is not None:
            parts.append(f"{prefix}{area.name_th}")
    return " ".join(parts)
