import pytest

from saphan.geo.models import District, Subdistrict
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import (
    AgencyFactory,
    ProvinceFactory,
    national_user,
    staff,
    volunteer,
)


@pytest.fixture
def net(db):
    """Khon Kaen with two subdistricts, its staff, a volunteer and a youth-council member; Tak
    with a case worker (another province)."""
    from saphan.network.models import MemberKind, NetworkMember

    kk = ProvinceFactory(code="40")
    tak = ProvinceFactory(code="63")
    d = District.objects.create(
        code="4001", name_th="เมืองขอนแก่น", name_en="Mueang Khon Kaen", province=kk
    )
    s1 = Subdistrict.objects.create(
        code="400101", name_th="ในเมือง", name_en="Nai Mueang", district=d
    )
    s2 = Subdistrict.objects.create(code="400102", name_th="สำราญ", name_en="Samran", district=d)
    dt_ = District.objects.create(
        code="6301", name_th="เมืองตาก", name_en="Mueang Tak", province=tak
    )
    psdhs = AgencyFactory(code="psdhs-40", province=kk)
    w = {
        "kk": kk, "tak": tak, "district": d, "s1": s1, "s2": s2, "tak_district": dt_, "psdhs": psdhs,
        "cw": staff("n_cw", psdhs),
        "sup": staff("n_sup", psdhs, Role.PROVINCIAL_SUPERVISOR),
        "cw_tak": staff("n_cw_tak", AgencyFactory(code="psdhs-63", province=tak)),
        "vol": volunteer("n_vol", kk),
        "youth": volunteer("n_youth", kk, Role.YOUTH_COUNCIL),
        "central": national_user("n_central", Role.CENTRAL_OFFICER),
    }  # fmt: skip
    NetworkMember.objects.create(
        user=w["vol"], kind=MemberKind.VOLUNTEER, province=kk, district=d, subdistrict=s1,
        village_code="40010103", coordinator=w["cw"],
    )  # fmt: skip
    NetworkMember.objects.create(
        user=w["youth"], kind=MemberKind.YOUTH_COUNCIL, province=kk, district=d, subdistrict=s2,
        village_code="40010201",
    )  # fmt: skip
    return w
