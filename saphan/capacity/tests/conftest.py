"""A small world: Khon Kaen and Tak (two regions), their staff, the default catalogue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from saphan.capacity.catalogue import ensure_defaults
from saphan.capacity.models import Completion, Course
from saphan.orgs.models import AgencyKind
from saphan.orgs.roles import Jurisdiction, Role
from saphan.orgs.tests.factories import AgencyFactory, ProvinceFactory, RegionFactory, UserFactory

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
        "cw": UserFactory(username="cw.kk", province=kk, agency=kk_psdhs),
        "police": UserFactory(
            username="police.kk", province=kk, agency=kk_police, roles=[Role.MDT_MEMBER]
        ),
        "sup": UserFactory(
            username="sup.kk", province=kk, agency=kk_psdhs, roles=[Role.PROVINCIAL_SUPERVISOR]
        ),
        "cw_tak": UserFactory(username="cw.tak", province=tak, agency=tak_psdhs),
        "sup_tak": UserFactory(
            username="sup.tak", province=tak, agency=tak_psdhs, roles=[Role.PROVINCIAL_SUPERVISOR]
        ),
        "central": UserFactory(
            username="central",
            roles=[Role.CENTRAL_OFFICER],
            jurisdiction=Jurisdiction.NATION,
            province=None,
            agency=None,
        ),  # fmt: skip
        "region_ne": UserFactory(
            username="region.ne",
            roles=[Role.REGIONAL_OFFICER],
            jurisdiction=Jurisdiction.REGION,
            province=None,
            region=RegionFactory(code="northeast"),
            agency=None,
        ),  # fmt: skip
        "vol": UserFactory(username="vol", province=kk, agency=None, roles=[Role.VOLUNTEER]),
    }


def complete(user, code: str, on: dt.date) -> Completion:
    return Completion.objects.create(
        user=user, course=Course.objects.get(code=code), completed_on=on
    )
