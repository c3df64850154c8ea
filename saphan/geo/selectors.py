"""Reads of the administrative areas shared by every form that picks a place: the districts of a
province, the subdistricts of a district, the village numbers of a subdistrict, and whether the
codes a form or a partner system sent fit inside each other. Public reference data: no actor."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import District, Province, Subdistrict, Village

VILLAGE_NUMBERS = range(1, 31)  # หมู่ 1-30: the village list is not loaded everywhere


def districts_of(province_id: str | None) -> QuerySet[District]:
    """The districts of the province; none when no province is chosen."""
    return (
        District.objects.filter(province_id=province_id) if province_id else District.objects.none()
    )


def subdistricts_of(district_id: str | None) -> QuerySet[Subdistrict]:
    """The subdistricts of the district; none when no district is chosen."""
    if not district_id:
        return Subdistrict.objects.none()
    return Subdistrict.objects.filter(district_id=district_id)


def village_choices(subdistrict_code: str) -> list[tuple[str, str]]:
    """Village numbers (หมู่) 1-30 of a subdistrict, with the name where the village is loaded;
    "Not known" first, and alone when the subdistrict code is not one."""
    choices = [("", _("Not known"))]
    if not (len(subdistrict_code) == 6 and subdistrict_code.isdigit()):
        return choices
    known = {v.code: v.name for v in Village.objects.filter(subdistrict_id=subdistrict_code)}
    for n in VILLAGE_NUMBERS:
        code = f"{subdistrict_code}{n:02d}"
        label = _("Village no. %(n)s") % {"n": n}
        choices.append((code, f"{label} {known[code]}" if code in known else label))
    return choices


def area_errors(
    *, province_id: str | None, district_id: str | None, subdistrict_id: str | None
) -> dict[str, str]:
    """What does not fit among the codes of a place, in that order: a province given that does
    not exist, a district outside the province, a subdistrict outside the district. Keyed
    "province", "district", "subdistrict"; empty when the codes fit (or none is given)."""
    errors = {}
    if province_id and not Province.objects.filter(pk=province_id).exists():
        errors["province"] = _("Choose the province.")
    if (
        district_id
        and not District.objects.filter(pk=district_id, province_id=province_id).exists()
    ):
        errors["district"] = _("The district is not in the chosen province.")
    if (
        subdistrict_id
        and not Subdistrict.objects.filter(pk=subdistrict_id, district_id=district_id).exists()
    ):
        errors["subdistrict"] = _("The subdistrict is not in the chosen district.")
    return errors
