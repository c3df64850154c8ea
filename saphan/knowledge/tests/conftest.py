"""A small world for the knowledge tests: Khon Kaen and Tak, their staff, a knowledge manager,
the law and checklists loaded, and a Tak case in screening."""

from __future__ import annotations

import pytest

from saphan.cases.process import Phase
from saphan.orgs.models import AgencyKind
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import (
    AgencyFactory,
    CaseFactory,
    CasePartyFactory,
    PersonFactory,
    ProvinceFactory,
    national_user,
    regional_user,
    staff,
    volunteer,
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Law sections and checklists (with their embeddings) once for the whole session."""
    from saphan.knowledge.content import ensure_law_and_checklists

    with django_db_blocker.unblock():
        ensure_law_and_checklists()


@pytest.fixture(autouse=True)
def fresh_matrix():
    """The in-process embedding matrix outlives a test's rolled-back rows: start each clean."""
    from saphan.knowledge.search import MATRIX

    MATRIX.reset()
    yield
    MATRIX.reset()


@pytest.fixture
def world(db):
    kk = ProvinceFactory(code="40")
    tak = ProvinceFactory(code="63")
    psdhs_kk = AgencyFactory(province=kk, code="psdhs-40")
    psdhs_tak = AgencyFactory(province=tak, code="psdhs-63")
    police_tak = AgencyFactory(province=tak, code="police-63", kind=AgencyKind.POLICE)
    w = {
        "kk": kk,
        "tak": tak,
        "cw_kk": staff("cw_kk", psdhs_kk),
        "sup_kk": staff("sup_kk", psdhs_kk, Role.PROVINCIAL_SUPERVISOR),
        "cw_tak": staff("cw_tak", psdhs_tak),
        "sup_tak": staff("sup_tak", psdhs_tak, Role.PROVINCIAL_SUPERVISOR),
        "police_tak": staff("pol_tak", police_tak, Role.MDT_MEMBER),
        "vol": volunteer("vol", kk),
        "km": national_user("km", Role.KNOWLEDGE_MANAGER),
        "region_ne": regional_user("region_ne", kk.region),
    }
    case = CaseFactory(
        province=tak,
        agency=psdhs_tak,
        phase=Phase.SCREENING,
        exploitation_types=["ForcedCriminality"],
    )
    CasePartyFactory(case=case, person=PersonFactory(citizenships=["TH"]))
    w["case"] = case
    return w
