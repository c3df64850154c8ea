"""Reads of the network app that reach into a case: only what a visit needs, always logged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from saphan.audit.services import log_read

from .models import Visit, VisitKind, VisitStatus
from .services.visits import _address, _victim

if TYPE_CHECKING:
    from saphan.orgs.models import User


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
    person = _victim(visit.case)
    current = _address(person)
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
