"""Visibility of every role over sample cases of several provinces (DOMAIN.md "Who does what").

The matrix below is the specification: for each actor, exactly which cases they may open and
for which they may see the person's identity. Any change to access.py that widens or narrows
it fails here.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from saphan.audit.models import ReadAccess
from saphan.cases.models import AccessReason, Case, CaseAccess
from saphan.cases.selectors import case_get
from saphan.geo.models import Province, Region
from saphan.orgs import access
from saphan.orgs.models import Agency, AgencyKind, User
from saphan.orgs.roles import Jurisdiction, Role
from saphan.people.models import CaseParty, Person
from saphan.people.selectors import person_get


@pytest.fixture
def world(db):
    ne = Region.objects.create(
        code="northeast", name_th="ภาคตะวันออกเฉียงเหนือ", name_en="Northeast", order=3
    )
    north = Region.objects.create(code="north", name_th="ภาคเหนือ", name_en="North", order=2)
    south = Region.objects.create(code="south", name_th="ภาคใต้", name_en="South", order=4)
    kk = Province.objects.create(code="40", name_th="ขอนแก่น", name_en="Khon Kaen", region=ne)
    ud = Province.objects.create(code="41", name_th="อุดรธานี", name_en="Udon Thani", region=ne)
    tak = Province.objects.create(code="63", name_th="ตาก", name_en="Tak", region=north)
    sk = Province.objects.create(code="90", name_th="สงขลา", name_en="Songkhla", region=south)

    def agency(code, kind, province=None, level=Jurisdiction.PROVINCE, region=None):
        return Agency.objects.create(
            code=code, kind=kind, name_th=code, name_en=code, level=level, province=province,
            region=province.region if province else region,
        )  # fmt: skip

    ag = {
        "psdhs-40": agency("psdhs-40", AgencyKind.PSDHS, kk),
        "shelter-40": agency("shelter-40", AgencyKind.SHELTER, kk),
        "police-40": agency("police-40", AgencyKind.POLICE, kk),
        "labour-40": agency("labour-40", AgencyKind.LABOUR_PROTECTION, kk),
        "psdhs-41": agency("psdhs-41", AgencyKind.PSDHS, ud),
        "psdhs-63": agency("psdhs-63", AgencyKind.PSDHS, tak),
        "police-63": agency("police-63", AgencyKind.POLICE, tak),
        "psdhs-90": agency("psdhs-90", AgencyKind.PSDHS, sk),
        "datip": agency("datip", AgencyKind.DATIP, level=Jurisdiction.NATION),
        "region-northeast": agency(
            "region-northeast", AgencyKind.REGIONAL_OFFICE, level=Jurisdiction.REGION, region=ne
        ),
    }

    def user(
        username,
        roles,
        agency_code=None,
        province=None,
        jurisdiction=Jurisdiction.PROVINCE,
        region=None,
        **kw,
    ):
        return User.objects.create_user(
            username=username, password="x-Strong-Pass-1", roles=roles, agency=ag.get(agency_code),
            province=province, region=province.region if province else region, jurisdiction=jurisdiction, **kw,
        )  # fmt: skip

    u = {
        "cw_kk": user("cw_kk", [Role.CASE_WORKER], "psdhs-40", kk),
        "sup_kk": user("sup_kk", [Role.PROVINCIAL_SUPERVISOR], "psdhs-40", kk),
        "police_kk": user("police_kk", [Role.MDT_MEMBER], "police-40", kk),
        "labour_kk": user("labour_kk", [Role.MDT_MEMBER], "labour-40", kk),
        "shelter_kk": user("shelter_kk", [Role.SHELTER_STAFF], "shelter-40", kk),
        "cw_ud": user("cw_ud", [Role.CASE_WORKER], "psdhs-41", ud),
        "cw_tak": user("cw_tak", [Role.CASE_WORKER], "psdhs-63", tak),
        "sup_tak": user("sup_tak", [Role.PROVINCIAL_SUPERVISOR], "psdhs-63", tak),
        "police_tak": user("police_tak", [Role.MDT_MEMBER], "police-63", tak),
        "region_ne": user(
            "region_ne", [Role.REGIONAL_OFFICER], "region-northeast", None, Jurisdiction.REGION, ne
        ),
        "central": user("central", [Role.CENTRAL_OFFICER], "datip", None, Jurisdiction.NATION),
        "central2": user("central2", [Role.CENTRAL_OFFICER], "datip", None, Jurisdiction.NATION),
        "km": user("km", [Role.KNOWLEDGE_MANAGER], "datip", None, Jurisdiction.NATION),
        "vol_kk": user("vol_kk", [Role.VOLUNTEER], None, kk),
        "youth_kk": user("youth_kk", [Role.YOUTH_COUNCIL], None, kk),
        "admin": user("admin", [Role.SYSTEM_ADMIN], None, None, Jurisdiction.NATION, is_staff=True),
        "auditor": user("auditor", [Role.AUDITOR], None, None, Jurisdiction.NATION),
        "cw_kk_inactive": user(
            "cw_kk_inactive", [Role.CASE_WORKER], "psdhs-40", kk, is_active=False
        ),
    }

    def case(code, province, agency_code, worker=None):
        c = Case.objects.create(
            code=code, province=province, agency=ag[agency_code], case_worker=worker
        )
        p = Person.objects.create(full_name=f"person of {code}")
        CaseParty.objects.create(case=c, person=p, role="victim")
        return c

    c = {
        "kk1": case("40-2569-00001", kk, "psdhs-40", u["cw_kk"]),
        "kk2": case("40-2569-00002", kk, "psdhs-40"),
        "kk_shelter": case("40-2569-00003", kk, "shelter-40"),
        "ud1": case("41-2569-00001", ud, "psdhs-41"),
        "tak1": case("63-2569-00001", tak, "psdhs-63"),
        "tak2": case("63-2569-00002", tak, "psdhs-63"),
        "sk1": case("90-2569-00001", sk, "psdhs-90"),
    }
    now = timezone.now()

    def grant(case_key, reason, *, user_key=None, agency_code=None, identity=False, **kw):
        CaseAccess.objects.create(
            case=c[case_key],
            reason=reason,
            user=u.get(user_key),
            agency=ag.get(agency_code),
            identity=identity,
            **kw,
        )

    grant("kk1", AccessReason.ASSIGNED, user_key="police_kk")  # MDT: case without identity
    grant("kk2", AccessReason.ASSIGNED, user_key="police_kk", identity=True)  # ...and one with
    grant("kk_shelter", AccessReason.SHELTER_RESIDENT, agency_code="shelter-40")
    grant(
        "tak1", AccessReason.REFERRAL, agency_code="psdhs-40", identity=True
    )  # referred to KK's office with the person's consent, accepted
    grant(
        "tak2",
        AccessReason.NEED_TO_KNOW,
        user_key="central",
        identity=True,
        note="national investigation",
    )
    grant(
        "sk1", AccessReason.NEED_TO_KNOW, user_key="central", expires_at=now - timedelta(days=1)
    )  # expired
    grant("ud1", AccessReason.ASSIGNED, user_key="police_tak", revoked_at=now)  # revoked
    grant(
        "sk1", AccessReason.NEED_TO_KNOW, agency_code="datip"
    )  # to the division, not a person: no effect
    grant("ud1", AccessReason.ASSIGNED, user_key="km")  # a role with no case access: no effect
    return {"u": u, "c": c, "ag": ag}


# actor → (cases visible, cases with identity)
MATRIX = {
    "cw_kk": ({"kk1", "kk2", "tak1"}, {"kk1", "kk2", "tak1"}),
    "sup_kk": ({"kk1", "kk2", "kk_shelter", "tak1"}, {"kk1", "kk2", "kk_shelter", "tak1"}),
    "police_kk": ({"kk1", "kk2"}, {"kk2"}),
    "labour_kk": (set(), set()),
    "shelter_kk": ({"kk_shelter"}, {"kk_shelter"}),
    "cw_ud": ({"ud1"}, {"ud1"}),
    "cw_tak": ({"tak1", "tak2"}, {"tak1", "tak2"}),
    "sup_tak": ({"tak1", "tak2"}, {"tak1", "tak2"}),
    "police_tak": (set(), set()),
    "region_ne": (set(), set()),
    "central": ({"tak2"}, {"tak2"}),
    "central2": (set(), set()),
    "km": (set(), set()),
    "vol_kk": (set(), set()),
    "youth_kk": (set(), set()),
    "admin": (set(), set()),
    "auditor": (set(), set()),
    "cw_kk_inactive": (set(), set()),
}


def _keys(world, qs):
    by_id = {case.pk: key for key, case in world["c"].items()}
    return {by_id[pk] for pk in qs.values_list("pk", flat=True)}


@pytest.mark.parametrize("actor", sorted(MATRIX))
def test_visibility_matrix(world, actor):
    user = world["u"][actor]
    visible, identity = MATRIX[actor]
    assert _keys(world, access.visible_cases(user)) == visible
    assert _keys(world, access.identity_cases(user)) == identity
    persons = set(access.visible_persons(user).values_list("full_name", flat=True))
    assert persons == {f"person of {world['c'][k].code}" for k in identity}
    for key, case in world["c"].items():
        assert access.can_view_case(user, case) is (key in visible)
        assert user.has_perm("cases.view_case", case) is (key in visible)
        assert user.has_perm("cases.view_identity", case) is (key in identity)


def test_anonymous_sees_nothing(world):
    anon = AnonymousUser()
    assert not access.visible_cases(anon).exists()
    assert not access.visible_persons(anon).exists()
    assert access.aggregate_scope(anon).is_empty


def test_identity_never_wider_than_visibility(world):
    for user in world["u"].values():
        assert _keys(world, access.identity_cases(user)) <= _keys(world, access.visible_cases(user))


def test_opening_a_case_is_logged_with_its_scope(world, rf):
    u, c = world["u"], world["c"]
    case_get(actor=u["sup_kk"], code=c["kk1"].code, path="/cases/x")
    case_get(actor=u["cw_kk"], code=c["tak1"].code)
    case_get(actor=u["central"], code=c["tak2"].code)
    rows = list(ReadAccess.objects.order_by("id").values_list("username", "record_label", "scope"))
    assert rows[0] == ("sup_kk", c["kk1"].code, "province:40")
    assert rows[1][0:2] == ("cw_kk", c["tak1"].code) and rows[1][2].startswith("referral:")
    assert rows[2][0:2] == ("central", c["tak2"].code) and rows[2][2].startswith("need_to_know:")


@pytest.mark.parametrize(
    "actor,case_key",
    [
        ("cw_tak", "kk1"),
        ("central", "sk1"),
        ("police_tak", "ud1"),
        ("admin", "kk1"),
        ("vol_kk", "kk1"),
        ("region_ne", "kk1"),
    ],
)
def test_opening_an_invisible_case_is_refused_and_not_logged(world, actor, case_key):
    with pytest.raises(PermissionDenied):
        case_get(actor=world["u"][actor], code=world["c"][case_key].code)
    assert not ReadAccess.objects.exists()


def test_person_without_identity_right_is_refused(world):
    u, c = world["u"], world["c"]
    person_kk1 = c["kk1"].parties.get().person
    person_kk2 = c["kk2"].parties.get().person
    with pytest.raises(PermissionDenied):  # police sees case kk1 but not who the person is
        person_get(actor=u["police_kk"], person_id=person_kk1.pk)
    assert person_get(actor=u["police_kk"], person_id=person_kk2.pk) == person_kk2
    assert ReadAccess.objects.get().scope == f"identity via {c['kk2'].code}"


def test_aggregate_scopes(world):
    u = world["u"]
    assert access.aggregate_scope(u["central"]).province_codes is None
    assert access.aggregate_scope(u["region_ne"]).province_codes == frozenset({"40", "41"})
    assert access.aggregate_scope(u["region_ne"]).suppress_small_cells
    sup = access.aggregate_scope(u["sup_kk"])
    assert sup.province_codes == frozenset({"40"}) and not sup.suppress_small_cells
    for name in ("km", "vol_kk", "youth_kk", "admin", "auditor", "police_kk"):
        assert access.aggregate_scope(u[name]).is_empty, name


@pytest.mark.parametrize(
    "perm,allowed",
    [
        ("audit.view_logs", {"auditor"}),
        ("orgs.manage_users", {"admin"}),
        ("geo.manage_reference", {"admin"}),
        ("knowledge.publish", {"km"}),
        ("network.report_concern", {"vol_kk", "youth_kk"}),
        ("cases.add_case", {"cw_kk", "sup_kk", "cw_ud", "cw_tak", "sup_tak"}),
        (
            "insight.view_aggregates",
            {"central", "central2", "region_ne", "cw_kk", "sup_kk", "cw_ud", "cw_tak", "sup_tak"},
        ),
    ],
)
def test_role_permissions(world, perm, allowed):
    for name, user in world["u"].items():
        expected = name in allowed
        assert user.has_perm(perm) is expected, (perm, name)
        if not expected:
            with pytest.raises(PermissionDenied):
                access.require(user, perm)


def test_supervisor_actions_only_in_own_province(world):
    u, c = world["u"], world["c"]
    for perm in ("cases.assign_case", "cases.approve_closure", "cases.grant_need_to_know"):
        assert u["sup_kk"].has_perm(perm, c["kk1"])
        assert not u["sup_kk"].has_perm(perm, c["tak1"])
        assert not u["cw_kk"].has_perm(perm, c["kk1"])
        assert not u["central"].has_perm(perm, c["tak2"])


def test_system_admin_cannot_reach_case_content_in_admin(world):
    from django.contrib import admin

    registered = {m._meta.label for m in admin.site._registry}
    assert "cases.Case" not in registered and "people.Person" not in registered
    assert "orgs.User" in registered and "geo.Province" in registered
