"""case_victim_origins: the victims' citizenships and home provinces that other apps (knowledge)
match a case against, read only through the actor's scope."""

import pytest

from saphan.cases.selectors import case_victim_origins
from saphan.orgs.tests.factories import (
    AgencyFactory,
    CaseFactory,
    CasePartyFactory,
    PersonFactory,
    ProvinceFactory,
    UserFactory,
)
from saphan.people.models import PartyRole


@pytest.mark.django_db
def test_victims_only_and_only_for_those_who_see_the_case():
    tak, kk = ProvinceFactory(code="63"), ProvinceFactory(code="40")
    psdhs_tak = AgencyFactory(province=tak, code="psdhs-63")
    case = CaseFactory(province=tak, agency=psdhs_tak)
    CasePartyFactory(case=case, person=PersonFactory(citizenships=["MM"], home_province=kk))
    CasePartyFactory(case=case, person=PersonFactory(citizenships=["TH", "LA"]))
    CasePartyFactory(
        case=case, role=PartyRole.FAMILY, person=PersonFactory(citizenships=["KH"])
    )  # not a victim: not counted
    owner = UserFactory(province=tak, agency=psdhs_tak)
    assert case_victim_origins(actor=owner, case=case) == ({"MM", "TH", "LA"}, {"40"})
    stranger = UserFactory(province=kk)  # a case worker of another province and agency
    assert case_victim_origins(actor=stranger, case=case) == (set(), set())
