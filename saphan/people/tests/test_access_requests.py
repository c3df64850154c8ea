"""A hidden duplicate: request → the supervisor of the case's province decides → the
requester sees the person (through a need-to-know grant that access.py reads)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from saphan.cases.models import AccessReason, CaseAccess
from saphan.orgs import access
from saphan.people.matching import find_candidates
from saphan.people.models import AccessRequest
from saphan.people.selectors import access_requests_to_decide
from saphan.people.services import access_request_create, access_request_decide


@pytest.fixture
def hidden(world, record):
    person = record("tak", ["สมชาย ใจดี"])
    [candidate] = find_candidates(actor=world["u"]["cw_kk"], names=["สมชาย ใจดี"])
    assert not candidate.visible
    return person, candidate.token


def test_request_goes_to_the_supervisor_of_the_case_province(world, hidden):
    person, token = hidden
    [req] = access_request_create(
        actor=world["u"]["cw_kk"], token=token, reason="same woman, now in Khon Kaen shelter"
    )
    assert (req.person, req.case, req.status) == (person, person.case, "pending")
    assert list(access_requests_to_decide(actor=world["u"]["sup_tak"])) == [req]
    for who in ("sup_kk", "cw_tak", "cw_kk"):
        assert not access_requests_to_decide(actor=world["u"][who]).exists()


def test_asking_twice_adds_nothing(world, hidden):
    _person, token = hidden
    first = access_request_create(actor=world["u"]["cw_kk"], token=token, reason="a")
    second = access_request_create(actor=world["u"]["cw_kk"], token=token, reason="a again")
    assert first == second and AccessRequest.objects.count() == 1


def test_reason_is_required(world, hidden):
    with pytest.raises(ValidationError):
        access_request_create(actor=world["u"]["cw_kk"], token=hidden[1], reason="  ")


def test_token_of_someone_else_is_refused(world, hidden):
    with pytest.raises(PermissionDenied):
        access_request_create(actor=world["u"]["cw_tak"], token=hidden[1], reason="x")
    with pytest.raises(PermissionDenied):
        access_request_create(actor=world["u"]["cw_kk"], token="forged:token", reason="x")


def test_grant_creates_a_need_to_know_access_with_identity(world, hidden):
    person, token = hidden
    requester, supervisor = world["u"]["cw_kk"], world["u"]["sup_tak"]
    [req] = access_request_create(actor=requester, token=token, reason="possible duplicate")
    access_request_decide(actor=supervisor, request=req, grant=True, note="ok")
    assert req.status == "granted" and req.decided_by == supervisor and req.decided_at
    grant = CaseAccess.objects.get(pk=req.grant_id)
    assert (grant.case, grant.user, grant.reason, grant.identity, grant.granted_by) == (
        person.case,
        requester,
        AccessReason.NEED_TO_KNOW,
        True,
        supervisor,
    )
    assert grant.note == "possible duplicate" and grant.expires_at is not None
    with pytest.raises(ValidationError):
        access_request_decide(actor=supervisor, request=req, grant=False)


def test_after_the_grant_the_requester_sees_the_identity(world, hidden):
    person, token = hidden
    requester = world["u"]["cw_kk"]
    [req] = access_request_create(actor=requester, token=token, reason="possible duplicate")
    access_request_decide(actor=world["u"]["sup_tak"], request=req, grant=True)
    assert access.identity_cases(requester).filter(pk=person.case.pk).exists()
    [candidate] = find_candidates(actor=requester, names=["สมชาย ใจดี"])
    assert candidate.visible and candidate.person == person


def test_decline(world, hidden):
    [req] = access_request_create(actor=world["u"]["cw_kk"], token=hidden[1], reason="x")
    access_request_decide(actor=world["u"]["sup_tak"], request=req, grant=False, note="no need")
    assert req.status == "declined" and req.grant_id is None
    assert not CaseAccess.objects.filter(user=world["u"]["cw_kk"]).exists()


@pytest.mark.parametrize("who", ["sup_kk", "cw_tak", "cw_kk", "central", "vol_kk"])
def test_only_the_supervisor_of_the_case_province_decides(world, hidden, who):
    [req] = access_request_create(actor=world["u"]["cw_kk"], token=hidden[1], reason="x")
    with pytest.raises(PermissionDenied):
        access_request_decide(actor=world["u"][who], request=req, grant=True)
    req.refresh_from_db()
    assert req.status == "pending" and not CaseAccess.objects.filter(user=req.requester).exists()
