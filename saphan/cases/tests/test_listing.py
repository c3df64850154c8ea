"""The case list's pages walk each part of what the actor may see in order and merge them:
the same cases, in the same order, as the one query of ``case_list`` gives."""

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from saphan.cases.models import AccessReason, CaseAccess
from saphan.cases.selectors import CaseFilters, CaseListing, case_list
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import CaseFactory, ProvinceFactory, UserFactory


@pytest.mark.django_db
def test_the_listing_pages_are_the_queries_pages():
    home, other = ProvinceFactory(), ProvinceFactory()
    sup = UserFactory(province=home, roles=[Role.PROVINCIAL_SUPERVISOR])
    now = timezone.now()
    mine = [
        CaseFactory(province=home, opened_at=None if i % 5 == 0 else now - dt.timedelta(days=i))
        for i in range(23)
    ]
    # Two opened the same moment (the creation order decides), and closed cases (not listed).
    twins = [CaseFactory(province=home, opened_at=now - dt.timedelta(days=3)) for _ in range(2)]
    CaseFactory(province=home, phase="closed", opened_at=now)
    # Granted cases elsewhere interleave by date; a grant inside the province adds nothing.
    elsewhere = [
        CaseFactory(province=other, opened_at=now - dt.timedelta(days=i, hours=12))
        for i in (0, 4, 30)
    ]
    CaseFactory(province=other, opened_at=now)  # not granted: never listed
    for case in [*elsewhere, mine[1]]:
        CaseAccess.objects.create(case=case, reason=AccessReason.ASSIGNED, user=sup)

    filters = CaseFilters(scope="all")
    expected = list(case_list(actor=sup, filters=filters))
    listing = CaseListing(actor=sup, filters=filters)
    assert len(listing.parts) == 2
    assert listing.count() == len(expected) == 23 + 2 + 3
    got = []
    paginator = Paginator(listing, 10)
    for number in paginator.page_range:
        got += list(paginator.page(number).object_list)
    # Same cases in the same order, up to the twins' tie (the database may order those either way).
    assert [c.pk for c in got if c not in twins] == [c.pk for c in expected if c not in twins]
    assert {c.pk for c in got} == {c.pk for c in expected}
    assert got[-1].opened_at is None and got[0].opened_at is not None
    assert got[0].province.code and got[0].agency_id  # the rows come whole (province, agency)


@pytest.mark.django_db
def test_the_listing_keeps_the_filters_and_sees_nothing_it_may_not():
    home, other = ProvinceFactory(), ProvinceFactory()
    worker = UserFactory(province=home)
    stranger = UserFactory(province=other)
    own = CaseFactory(province=home, agency=worker.agency, phase="protection")
    CaseFactory(province=home, agency=worker.agency, phase="intake")
    CaseFactory(province=other)
    listing = CaseListing(actor=worker, filters=CaseFilters(scope="all", phase="protection"))
    assert listing.count() == 1 and [c.pk for c in listing[0:25]] == [own.pk]
    assert own.pk not in {
        c.pk for c in CaseListing(actor=stranger, filters=CaseFilters(scope="all"))[0:25]
    }
