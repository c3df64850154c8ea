"""The Khon Kaen office most case tests work in: its พมจ., shelter and police, two case workers,
their supervisor, a police MDT member, a volunteer, and a case worker of Tak."""

import pytest

from saphan.orgs.models import AgencyKind
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import (
    AgencyFactory,
    ProvinceFactory,
    UserFactory,
    staff,
    volunteer,
)


@pytest.fixture
def kk(db):
    province = ProvinceFactory(code="40")
    psdhs = AgencyFactory(code="psdhs-40", province=province)
    shelter = AgencyFactory(code="shelter-40", kind=AgencyKind.SHELTER, province=province)
    police = AgencyFactory(code="police-40", kind=AgencyKind.POLICE, province=province)
    return {
        "province": province,
        "psdhs": psdhs,
        "shelter": shelter,
        "police": police,
        "cw": staff("cw", psdhs),
        "cw2": staff("cw2", psdhs),
        "sup": staff("sup", psdhs, Role.PROVINCIAL_SUPERVISOR),
        "police_user": staff("pol", police, Role.MDT_MEMBER),
        "cw_tak": UserFactory(username="cw_tak", province=ProvinceFactory(code="63")),
        "vol": volunteer("vol", province),
    }
