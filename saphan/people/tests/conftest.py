"""A small world for the people tests: two provinces, their workers and supervisors, and a
helper that records a person in a case the way intake will (services, then the link)."""

from __future__ import annotations

import datetime as dt

import pytest

from saphan.orgs.models import AgencyKind
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import (
    TEST_PASSWORD,
    AgencyFactory,
    CaseFactory,
    ProvinceFactory,
    national_user,
    staff,
    volunteer,
)
from saphan.people.models import CaseParty, PartyRole
from saphan.people.services import DocumentInput, NameInput, PersonInput, person_create


@pytest.fixture
def world(db):
    kk = ProvinceFactory(code="40")  # Khon Kaen
    tak = ProvinceFactory(code="63")  # Tak
    psdhs_kk = AgencyFactory(province=kk, code="psdhs-40")
    psdhs_tak = AgencyFactory(province=tak, code="psdhs-63")
    shelter_kk = AgencyFactory(province=kk, code="shelter-40", kind=AgencyKind.SHELTER)
    users = {
        "cw_kk": staff("cw_kk", psdhs_kk),
        "sup_kk": staff("sup_kk", psdhs_kk, Role.PROVINCIAL_SUPERVISOR),
        "cw_tak": staff("cw_tak", psdhs_tak),
        "sup_tak": staff("sup_tak", psdhs_tak, Role.PROVINCIAL_SUPERVISOR),
        "vol_kk": volunteer("vol_kk", kk),
        "police_kk": staff(
            "police_kk", AgencyFactory(province=kk, kind=AgencyKind.POLICE), Role.MDT_MEMBER
        ),
        "central": national_user("central", Role.CENTRAL_OFFICER),
    }
    return {
        "kk": kk,
        "tak": tak,
        "agencies": {"psdhs-40": psdhs_kk, "psdhs-63": psdhs_tak, "shelter-40": shelter_kk},
        "u": users,
    }


@pytest.fixture
def record(world):
    """``record("kk", ["สมชาย ใจดี"], birth_date=..., thai_id=...)``: a person in a new case of
    that province's พมจ., created through the services by the province's supervisor."""

    def make(
        province_key: str,
        names: list[str],
        *,
        birth_date: dt.date | None = None,
        precision: str | None = None,
        ages: tuple[int, int] | None = None,
        thai_id: str = "",
        passport: str = "",
        agency_key: str | None = None,
        sex: str = "NonSpecifiedUnknown",
    ):
        province = world[province_key]
        agency = world["agencies"][agency_key or f"psdhs-{province.code}"]
        actor = world["u"][f"sup_{province_key}"]
        documents = []
        if thai_id:
            documents.append(DocumentInput(kind="thai_id", number=thai_id))
        if passport:
            documents.append(DocumentInput(kind="passport", number=passport))
        if precision is None:
            precision = "exact" if birth_date else ("estimated" if ages else "unknown")
        person = person_create(
            actor=actor,
            data=PersonInput(
                names=[NameInput(full_name=n) for n in names],
                sex=sex,
                birth_date=birth_date,
                birth_date_precision=precision,
                age_estimate_min=ages[0] if ages else None,
                age_estimate_max=ages[1] if ages else None,
                documents=documents,
            ),
        )
        case = CaseFactory(province=province, agency=agency)
        CaseParty.objects.create(case=case, person=person, role=PartyRole.VICTIM)
        person.case = case
        return person

    return make


@pytest.fixture
def signed_in(client, world):
    """Sign in as one of the world's accounts, in Thai unless ``lang`` says otherwise."""

    def sign_in(username: str, lang: str = "th"):
        assert client.login(username=username, password=TEST_PASSWORD)
        client.cookies["saphan_language"] = lang
        return client

    return sign_in


@pytest.fixture
def english():
    """For tests that compare the English texts (the default language is Thai)."""
    from django.utils import translation

    with translation.override("en"):
        yield
