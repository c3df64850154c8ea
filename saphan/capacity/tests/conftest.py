"""A small world: Khon Kaen and Tak (two regions), their staff, the default catalogue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from saphan.capacity.catalogue import ensure_defaults
from saphan.capacity.models import Completion, Course
from saphan.orgs.models import AgencyKind
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import (
    AgencyFactory,
    ProvinceFactory,
    RegionFactory,
    national_user,
    regional_user,
    staff,
    volunteer,
)

TODAY = timezone.localdate()


def years_ago(n: float) -> dt.date:
    return TODAY - dt.timedelta(days=round(365.25 * n))


@pytest.fixture
def world(db):
    ensure_defaults()
    kk = ProvinceFactory(code="40")
    tak = ProvinceFactory(code="63")
    kk_psdhs = AgencyFactory(code="psdhs-40", province=kk)
    kk_police = AgencyFactory(code="police-40", kind=AgencyKind.POLICE, province=kk)
    tak_psdhs = AgencyFactory(code="psdhs-63", province=tak)
    return {
        "kk": kk,
        "tak": tak,
        "kk_psdhs": kk_psdhs,
        "cw": staff("cw.kk", kk_psdhs),
        "police": staff("police.kk", kk_police, Role.MDT_MEMBER),
        "sup": staff("sup.kk", kk_psdhs, Role.PROVINCIAL_SUPERVISOR),
        "cw_tak": staff("cw.tak", tak_psdhs),
        "sup_tak": staff("sup.tak", tak_psdhs, Role.PROVINCIAL_SUPERVISOR),
        "central": national_user("central"),
        "region_ne": regional_user("region.ne", RegionFactory(code="northeast")),
        "vol": volunteer("vol", kk),
    }


def complete(user, code: str, on: dt.date) -> Completion:
    return Completion.objects.create(
        user=user, course=Course.objects.get(code=code), completed_on=on
    )
