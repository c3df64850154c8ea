"""The public agencies every province has, and the One Home and MDT teams they form.

These are seeded with the geography because cases, accounts and referrals need them on day
one; NGOs differ from province to province and are added by administrators. Each agency has a
stable ``code`` (``datip``, ``region-northeast``, ``psdhs-40``) so that a rerun updates the same
rows and other code can find an agency without matching on names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pghistory
from django.db import models, transaction

from saphan.geo.models import Province, Region
from saphan.geo.services import (
    DEFAULT_PROVINCES_FILE,
    SyncCounts,
    load_geography,
    read_provinces_file,
    sync_rows,
)

from .models import Agency, AgencyKind, Team, TeamKind, TeamMembership
from .roles import Jurisdiction

BANGKOK = "10"

DATIP_CODE = "datip"


@dataclass(frozen=True)
class _ProvincialAgency:
    """Name patterns of one kind of provincial agency.

    ``{area_th}`` is "จังหวัดขอนแก่น" (or "กรุงเทพมหานคร", which is not a จังหวัด),
    ``{name_th}`` the bare Thai name, ``{area_en}`` "Khon Kaen Provincial" (or "Bangkok").
    Bangkok's own offices, where they differ from the pattern, are spelled out.
    """

    kind: AgencyKind
    name_th: str
    name_en: str
    bangkok: tuple[str, str] | None = None


PROVINCIAL_AGENCIES = (
    _ProvincialAgency(
        AgencyKind.PSDHS,
        "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์{area_th} (พมจ.{name_th})",
        "{area_en} Office of Social Development and Human Security",
    ),
    _ProvincialAgency(
        AgencyKind.SHELTER,
        "บ้านพักเด็กและครอบครัว{area_th}",
        "{name_en} Children and Family Shelter",
    ),
    _ProvincialAgency(
        AgencyKind.POLICE,
        "ตำรวจภูธร{area_th}",
        "{area_en} Police",
        bangkok=("กองบัญชาการตำรวจนครบาล", "Metropolitan Police Bureau"),
    ),
    _ProvincialAgency(
        AgencyKind.LABOUR_PROTECTION,
        "สำนักงานสวัสดิการและคุ้มครองแรงงาน{area_th}",
        "{area_en} Labour Protection and Welfare Office",
    ),
    _ProvincialAgency(
        AgencyKind.EMPLOYMENT,
        "สำนักงานจัดหางาน{area_th}",
        "{area_en} Employment Office",
    ),
    _ProvincialAgency(
        AgencyKind.PUBLIC_HEALTH,
        "สำนักงานสาธารณสุข{area_th}",
        "{area_en} Public Health Office",
        bangkok=("สำนักอนามัย กรุงเทพมหานคร", "BMA Health Department"),
    ),
    _ProvincialAgency(
        AgencyKind.IMMIGRATION,
        "ตรวจคนเข้าเมือง{area_th}",
        "{area_en} Immigration Office",
        bangkok=("สำนักงานตรวจคนเข้าเมือง", "Immigration Bureau"),
    ),
)

# The ministry's own units in a province form the One Home team; the MDT adds the partners
# that screening and identification need (DOMAIN.md).
TEAM_MEMBERS = {
    TeamKind.ONE_HOME: (AgencyKind.PSDHS, AgencyKind.SHELTER),
    TeamKind.MDT: tuple(a.kind for a in PROVINCIAL_AGENCIES),
}
TEAM_NAMES = {
    TeamKind.ONE_HOME: ("ทีม One Home พม. {area_th}", "One Home Team, {name_en}"),
    TeamKind.MDT: ("ทีมสหวิชาชีพ{area_th}", "Multidisciplinary Team, {name_en}"),
}


def regional_office_code(*, region_code: str) -> str:
    """``region-northeast``: the stable code of a seeded regional office."""
    return f"region-{region_code}"


def provincial_agency_code(*, kind: str, province_code: str) -> str:
    """``psdhs-40``, ``labour-protection-10``: the stable code of a seeded provincial agency."""
    return f"{kind.replace('_', '-')}-{province_code}"


def _name_parts(province: Province) -> dict[str, str]:
    bangkok = province.code == BANGKOK
    return {
        "area_th": province.name_th if bangkok else f"จังหวัด{province.name_th}",
        "name_th": province.name_th,
        "area_en": province.name_en if bangkok else f"{province.name_en} Provincial",
        "name_en": province.name_en,
    }


def _agency_rows(*, regions: list[Region], provinces: list[Province]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {
            "code": DATIP_CODE,
            "kind": AgencyKind.DATIP,
            "name_th": "กองต่อต้านการค้ามนุษย์ (กตม.)",
            "name_en": "Division of Anti-Trafficking in Persons (DATIP)",
            "level": Jurisdiction.NATION,
            "region_id": None,
            "province_id": None,
        }
    ]
    rows += [
        {
            "code": regional_office_code(region_code=region.code),
            "kind": AgencyKind.REGIONAL_OFFICE,
            "name_th": f"สำนักงานส่งเสริมและสนับสนุนวิชาการ {region.name_th}",
            "name_en": f"Regional Technical Office, {region.name_en}",
            "level": Jurisdiction.REGION,
            "region_id": region.code,
            "province_id": None,
        }
        for region in regions
    ]
    for province in provinces:
        parts = _name_parts(province)
        for spec in PROVINCIAL_AGENCIES:
            if province.code == BANGKOK and spec.bangkok:
                name_th, name_en = spec.bangkok
            else:
                name_th, name_en = spec.name_th.format(**parts), spec.name_en.format(**parts)
            rows.append(
                {
                    "code": provincial_agency_code(kind=spec.kind, province_code=province.code),
                    "kind": spec.kind,
                    "name_th": name_th,
                    "name_en": name_en,
                    "level": Jurisdiction.PROVINCE,
                    "region_id": province.region_id,
                    "province_id": province.code,
                }
            )
    return rows


def seed_agencies_and_teams() -> dict[type[models.Model], SyncCounts]:
    """Create the missing national, regional and provincial agencies, then each province's One
    Home team and MDT with their member agencies. Needs the regions and provinces loaded.

    Seeded agencies and teams are created once and then belong to the administrators: a name
    they correct is not reverted by the next `make run`.

    Memberships are only added: an NGO an administrator put on an MDT stays on it.
    """
    regions = list(Region.objects.order_by("order"))
    provinces = list(Province.objects.order_by("code"))
    counts: dict[type[models.Model], SyncCounts] = {
        Agency: sync_rows(
            model=Agency,
            key=("code",),
            rows=_agency_rows(regions=regions, provinces=provinces),
            create_only=True,
        )
    }
    counts[Team] = sync_rows(
        model=Team,
        key=("kind", "province_id"),
        create_only=True,
        rows=[
            {
                "kind": kind,
                "province_id": province.code,
                "name_th": name_th.format(**_name_parts(province)),
                "name_en": name_en.format(**_name_parts(province)),
            }
            for province in provinces
            for kind, (name_th, name_en) in TEAM_NAMES.items()
        ],
    )
    agency_ids = dict(Agency.objects.values_list("code", "id"))
    counts[TeamMembership] = sync_rows(
        model=TeamMembership,
        key=("team_id", "agency_id"),
        rows=[
            {
                "team_id": team_id,
                "agency_id": agency_ids[
                    provincial_agency_code(kind=member, province_code=province_code)
                ],
            }
            for team_id, kind, province_code in Team.objects.values_list(
                "id", "kind", "province_id"
            )
            for member in TEAM_MEMBERS[kind]
        ],
    )
    return counts


@dataclass(frozen=True)
class ReferenceSummary:
    """What ``load_reference`` did, table by table, in load order."""

    counts: dict[type[models.Model], SyncCounts]

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())


def load_reference(*, provinces_file: Path = DEFAULT_PROVINCES_FILE) -> ReferenceSummary:
    """Load or refresh all reference data: geography, agencies and teams.

    The file is checked completely before the first write and everything is written in one
    transaction, so a bad file or a failure half-way leaves the database as it was.
    """
    provinces = read_provinces_file(path=provinces_file)
    with transaction.atomic(), pghistory.context(command="load_reference"):
        counts = load_geography(provinces=provinces)
        counts.update(seed_agencies_and_teams())
    return ReferenceSummary(counts)
