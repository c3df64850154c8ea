"""factory_boy factories for the records most tests need.

Regions and provinces are real: a factory-made province has its DOPA code, names and region
from the bundled provinces file, and is fetched rather than duplicated when reference data is
already loaded. Provincial records default to one consistent province: a user's agency is in
the user's province, a case's agency in the case's province.
"""

from __future__ import annotations

from functools import cache

import factory
from django.utils import timezone

from saphan.cases.models import AccessReason, Case, CaseAccess
from saphan.core.thai import to_be_year
from saphan.geo.models import Province, Region
from saphan.geo.services import DEFAULT_PROVINCES_FILE, REGIONS, ProvinceRow, read_provinces_file
from saphan.orgs.demo import synthetic_thai_name
from saphan.orgs.models import Agency, AgencyKind, User
from saphan.orgs.roles import Jurisdiction, Role
from saphan.people.models import CaseParty, PartyRole, Person, PersonName

TEST_PASSWORD = "test-password-2569"
_REGIONS = {r.code: r for r in REGIONS}


@cache
def _provinces() -> dict[str, ProvinceRow]:
    return {p.code: p for p in read_provinces_file(path=DEFAULT_PROVINCES_FILE)}


class RegionFactory(factory.django.DjangoModelFactory):
    """One of the four real regions (``RegionFactory(code="south")``); cycles through them."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: REGIONS[n % len(REGIONS)].code)
    name_th = factory.LazyAttribute(lambda o: _REGIONS[o.code].name_th)
    name_en = factory.LazyAttribute(lambda o: _REGIONS[o.code].name_en)
    order = factory.LazyAttribute(lambda o: _REGIONS[o.code].order)


class ProvinceFactory(factory.django.DjangoModelFactory):
    """A real province (``ProvinceFactory(code="40")`` is Khon Kaen, in the northeast)."""

    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: sorted(_provinces())[n % len(_provinces())])
    name_th = factory.LazyAttribute(lambda o: _provinces()[o.code].name_th)
    name_en = factory.LazyAttribute(lambda o: _provinces()[o.code].name_en)
    region = factory.LazyAttribute(lambda o: RegionFactory(code=_provinces()[o.code].region_code))


class AgencyFactory(factory.django.DjangoModelFactory):
    """A provincial พมจ.-like agency by default; pass ``kind``, ``level``, ``province=None``…"""

    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"test-agency-{n}")
    kind = AgencyKind.PSDHS
    name_th = factory.Sequence(lambda n: f"หน่วยงานทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test agency {n}")
    level = Jurisdiction.PROVINCE
    province = factory.SubFactory(ProvinceFactory)
    region = factory.LazyAttribute(lambda o: o.province.region if o.province else None)


class UserFactory(factory.django.DjangoModelFactory):
    """A provincial case worker at an agency of their province, password ``TEST_PASSWORD``.

    For an account above the provinces: ``national_user`` and ``regional_user`` below.
    """

    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda o: synthetic_thai_name(seed=o.username)[0])
    last_name = factory.LazyAttribute(lambda o: synthetic_thai_name(seed=o.username)[1])
    password = factory.django.Password(TEST_PASSWORD)
    roles = factory.LazyFunction(lambda: [Role.CASE_WORKER])
    jurisdiction = Jurisdiction.PROVINCE
    province = factory.SubFactory(ProvinceFactory)
    region = factory.LazyAttribute(lambda o: o.province.region if o.province else None)
    agency = factory.SubFactory(AgencyFactory, province=factory.SelfAttribute("..province"))


class CaseFactory(factory.django.DjangoModelFactory):
    """A case owned by an agency of its province, coded like real ones (``40-2569-00001``)."""

    class Meta:
        model = Case

    province = factory.SubFactory(ProvinceFactory)
    agency = factory.SubFactory(AgencyFactory, province=factory.SelfAttribute("..province"))
    code = factory.LazyAttributeSequence(
        lambda o, n: f"{o.province.code}-{to_be_year(timezone.localdate().year)}-{n + 1:05d}"
    )


class PersonFactory(factory.django.DjangoModelFactory):
    """A person whose ``full_name`` is also their primary PersonName, with its matching keys.

    ``PersonFactory(names=["Somchai Jaidee"])`` adds other names; ``names=False`` makes a bare
    person row without any PersonName.
    """

    class Meta:
        model = Person
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: " ".join(synthetic_thai_name(seed=f"person-{n}")))

    @factory.post_generation
    def names(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        from saphan.people.keys import detect_script
        from saphan.people.services import name_keys_apply

        texts = [] if obj.names.exists() else [obj.full_name]
        texts += list(extracted or [])
        for i, text in enumerate(texts):
            name_keys_apply(
                PersonName(
                    person=obj,
                    full_name=text,
                    script=detect_script(text),
                    is_primary=(i == 0 and not obj.names.exists()),
                )
            ).save()


class CasePartyFactory(factory.django.DjangoModelFactory):
    """A person linked to a case, as a victim unless ``role`` says otherwise."""

    class Meta:
        model = CaseParty

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory)
    role = PartyRole.VICTIM


class CaseAccessFactory(factory.django.DjangoModelFactory):
    """An assignment of a case to an MDT member of the case's province, without identity."""

    class Meta:
        model = CaseAccess

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(
        UserFactory,
        roles=[Role.MDT_MEMBER],
        province=factory.SelfAttribute("..case.province"),
        agency__kind=AgencyKind.POLICE,
    )
    reason = AccessReason.ASSIGNED
    identity = False


# --- accounts by their place in the organisation ---------------------------------------------------
def staff(username: str, agency: Agency, *roles: str, **extra) -> User:
    """A member of ``agency``'s staff, in its province: a case worker unless ``roles`` say
    otherwise (Role.PROVINCIAL_SUPERVISOR, Role.MDT_MEMBER, …)."""
    return UserFactory(
        username=username,
        province=agency.province,
        agency=agency,
        roles=list(roles) or [Role.CASE_WORKER],
        **extra,
    )


def volunteer(username: str, province: Province, role: str = Role.VOLUNTEER) -> User:
    """A village volunteer (or, with ``role``, a youth-council member): no agency."""
    return UserFactory(username=username, province=province, agency=None, roles=[role])


def regional_user(username: str, region: Region, *roles: str, **extra) -> User:
    """An account of a regional office: the region, no province, no agency."""
    roles = roles or (Role.REGIONAL_OFFICER,)
    return _above_provinces(username, roles, Jurisdiction.REGION, region, **extra)


def national_user(username: str, *roles: str, **extra) -> User:
    """An account of the central level (Role.CENTRAL_OFFICER unless ``roles`` say otherwise): the
    whole country, no province, region or agency."""
    roles = roles or (Role.CENTRAL_OFFICER,)
    return _above_provinces(username, roles, Jurisdiction.NATION, None, **extra)


def _above_provinces(username, roles, jurisdiction, region, **extra) -> User:
    return UserFactory(
        username=username,
        roles=list(roles),
        jurisdiction=jurisdiction,
        province=None,
        region=region,
        agency=None,
        **extra,
    )
