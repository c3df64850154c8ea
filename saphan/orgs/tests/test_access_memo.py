"""Access answers are remembered for one GET request (a case page asks the same question a
dozen times), and never across requests, outside requests, or in a request that may write."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from saphan.cases.models import AccessReason, CaseAccess
from saphan.core.request_memo import remembered_for_request
from saphan.orgs import access
from saphan.orgs.middleware import AccessMemoMiddleware

from .test_access import world  # noqa: F401 - the shared fixture


def _queries(fn) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return result, len(captured)


def test_within_a_request_the_same_question_is_asked_of_the_database_once(world):  # noqa: F811
    police, case = world["u"]["police_kk"], world["c"]["kk1"]
    with remembered_for_request():
        first, asked = _queries(lambda: access.can_view_case(police, case))
        again, asked_again = _queries(lambda: access.can_view_case(police, case))
        seen, _n = _queries(lambda: access.can_see_identity(police, case))
    assert first is True and again is True and seen is False
    assert asked >= 1 and asked_again == 0


def test_outside_a_request_every_call_reads_the_grants_again(world):  # noqa: F811
    """A service that grants access and then checks it sees the grant at once."""
    police, case = world["u"]["police_kk"], world["c"]["tak1"]
    assert access.can_view_case(police, case) is False
    grant = CaseAccess.objects.create(case=case, reason=AccessReason.ASSIGNED, user=police)
    assert access.can_view_case(police, case) is True
    grant.revoked_at = timezone.now()
    grant.save()
    assert access.can_view_case(police, case) is False


@pytest.mark.parametrize("method,remembered", [("get", True), ("head", True), ("post", False)])
def test_only_read_only_requests_remember(world, rf, method, remembered):  # noqa: F811
    police, case = world["u"]["police_kk"], world["c"]["kk1"]
    counts = []

    def view(request):
        for _ in range(2):
            counts.append(_queries(lambda: access.can_view_case(police, case))[1])
        return HttpResponse("ok")

    request = getattr(rf, method)("/cases/")
    AccessMemoMiddleware(view)(request)
    assert (counts[1] == 0) is remembered
    # Nothing is kept once the request has ended.
    assert _queries(lambda: access.can_view_case(police, case))[1] >= 1


def test_in_a_request_the_case_in_hand_is_judged_as_the_database_would(world):  # noqa: F811
    """Within a page, "may this actor see this case (and its people)?" is answered from the
    case already read and the actor's grants, with the same answers as the queries give
    outside one, for every account and case of the shared world."""
    from saphan.cases.models import Case

    cases = list(Case.objects.all())
    for user in world["u"].values():
        for case in cases:
            outside = (access.can_view_case(user, case), access.can_see_identity(user, case))
            with remembered_for_request():
                inside = (access.can_view_case(user, case), access.can_see_identity(user, case))
            assert inside == outside, (user.username, case.code)


def test_a_grant_inside_the_actors_own_scope_adds_nothing_to_the_condition(world):  # noqa: F811
    """The lists' index is walked in order only without an OR: a grant to a case of the
    supervisor's own province is left out of the condition (the province covers it); a grant
    elsewhere goes in."""
    sup, own, elsewhere = world["u"]["sup_kk"], world["c"]["kk1"], world["c"]["tak1"]

    def condition() -> str:  # as a page asks it (once per read-only request)
        with remembered_for_request():
            return str(access.visible_cases(sup).query)

    before = condition()
    CaseAccess.objects.create(case=own, reason=AccessReason.ASSIGNED, user=sup)
    assert condition() == before
    # A service keeps the grant in the condition (no query to leave it out), same cases.
    assert str(own.pk) in str(access.visible_cases(sup).query)
    CaseAccess.objects.create(case=elsewhere, reason=AccessReason.ASSIGNED, user=sup)
    after = condition()
    assert str(elsewhere.pk) in after and str(own.pk) not in after
    assert set(access.visible_cases(sup).values_list("pk", flat=True)) >= {own.pk, elsewhere.pk}
