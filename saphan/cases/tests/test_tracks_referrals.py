"""Referrals and transfers: consent before identity, the supervisor's override, accept or
decline with a reason, access through orgs/access.py, and a transfer that moves the case."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from saphan.cases.models import AccessReason, CaseAccess, TimelineEvent
from saphan.cases.selectors import referrals_waiting
from saphan.cases.services import (
    case_note_add,
    referral_answer,
    referral_send,
    referral_withdraw,
)
from saphan.core.models import Alert
from saphan.orgs import access
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import UserFactory

from .tracks_world import NOW, fresh, make_world


@pytest.fixture
def w(db):
    return make_world()


def _send(w, actor=None, **kw):
    data = {
        "to_agency": w["psdhs_kk"],
        "reason": "ReintegrationInHomeProvince",
        "details": "ส่งกลับภูมิลำเนา จ.ขอนแก่น",
    }
    data.update(kw)
    return referral_send(actor=actor or w["cw"], case=w["case"], **data)


def _consent():
    return {"consent_recorded": True, "consent_at": NOW - dt.timedelta(hours=2),
            "consent_note": "ลงนามในแบบยินยอม"}  # fmt: skip


def test_without_consent_or_override_nothing_is_sent(w):
    with pytest.raises(ValidationError) as e:
        _send(w)
    assert "consent_recorded" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # consent without when
        _send(w, consent_recorded=True)
    assert "consent_at" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        _send(w, consent_recorded=True, consent_at=NOW + dt.timedelta(days=1))
    assert "consent_at" in e.value.message_dict
    assert not w["case"].referrals.exists()


def test_override_only_by_the_supervisor_of_the_sending_province(w):
    for who in ["cw", "sup_kk"]:
        with pytest.raises(PermissionDenied):
            _send(w, actor=w[who], override_reason="ผู้เสียหายเป็นเด็ก ต้องส่งต่อด่วน")
    referral = _send(w, actor=w["sup"], override_reason="ผู้เสียหายหมดสติ ต้องส่งต่อด่วน")
    assert referral.identity_sharing == "override"
    assert referral.supervisor_override_by == w["sup"]


@pytest.mark.parametrize("who", ["police_user", "vol", "cw_kk", "shelter_user"])
def test_who_may_not_refer(w, who):
    with pytest.raises(PermissionDenied):
        _send(w, actor=w[who], **_consent())


def test_accept_with_consent_opens_the_case_with_identity(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = _send(w, **_consent())
    # the receiving agency is told; it sees the referral, not the case, until it accepts
    assert Alert.objects.filter(user=w["cw_kk"], kind="referral_received").exists()
    assert list(referrals_waiting(actor=w["cw_kk"])) == [referral]
    assert not list(referrals_waiting(actor=w["cw"]))
    assert not access.can_view_case(w["cw_kk"], w["case"])
    with pytest.raises(PermissionDenied):  # only the receiving agency answers
        referral_answer(actor=w["cw"], referral=referral, accept=True)
    with pytest.raises(PermissionDenied):  # and not its MDT members
        referral_answer(actor=w["police_kk_user"], referral=referral, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        referral_answer(actor=w["cw_kk"], referral=referral, accept=True)
    assert Alert.objects.filter(user=w["cw"], kind="referral_answered").exists()
    row = CaseAccess.objects.get(case=w["case"], agency=w["psdhs_kk"])
    assert row.reason == AccessReason.REFERRAL and row.identity
    for user in ("cw_kk", "cw_kk2", "sup_kk"):
        assert w["case"] in access.visible_cases(w[user])
        assert access.can_see_identity(w[user], w["case"])
    # the receiving agency now works the case with the sender
    case_note_add(actor=w["cw_kk"], case=fresh(w["case"]), text="รับเรื่องแล้ว นัดเยี่ยมบ้าน")
    assert fresh(w["case"]).agency == w["psdhs"]  # a referral does not move the case
    with pytest.raises(ValidationError):
        referral_answer(actor=w["cw_kk2"], referral=referral, accept=False, decline_reason="x")


def test_accept_of_a_referral_without_identity_gives_no_identity(w):
    referral = _send(w, to_agency=w["police_kk"], reason="LegalProceedings", share_identity=False)
    assert referral.identity_sharing == "not_shared"
    # a case worker of the receiving police station answers
    chief = UserFactory(
        username="chief_kk", province=w["kk"], agency=w["police_kk"], roles=[Role.CASE_WORKER]
    )
    referral_answer(actor=chief, referral=referral, accept=True)
    assert access.can_view_case(w["police_kk_user"], w["case"])
    assert not access.can_see_identity(w["police_kk_user"], w["case"])
    assert not access.can_see_identity(chief, w["case"])  # a referral row without identity


def test_a_transfer_always_carries_identity_and_needs_consent(w):
    with pytest.raises(ValidationError):
        _send(w, kind="transfer", share_identity=False)


def test_decline_needs_a_reason(w):
    referral = _send(w, **_consent())
    with pytest.raises(ValidationError) as e:
        referral_answer(actor=w["cw_kk"], referral=referral, accept=False, decline_reason=" ")
    assert "decline_reason" in e.value.message_dict
    referral_answer(
        actor=w["sup_kk"], referral=referral, accept=False, decline_reason="ไม่มีบ้านพักว่าง"
    )
    referral.refresh_from_db()
    assert referral.answer == "declined" and referral.answered_by == w["sup_kk"]
    assert not access.can_view_case(w["cw_kk"], w["case"])
    assert TimelineEvent.objects.filter(case=w["case"], kind="referral_declined").exists()
    _send(w, **_consent())  # declined: it can be sent again


def test_one_waiting_referral_per_agency_and_withdraw(w):
    referral = _send(w, **_consent())
    with pytest.raises(ValidationError):
        _send(w, **_consent())
    with pytest.raises(ValidationError):
        referral_withdraw(actor=w["cw"], case=w["case"], referral=referral, reason="")
    referral_withdraw(actor=w["cw"], case=w["case"], referral=referral, reason="ผู้เสียหายเปลี่ยนใจ")
    referral.refresh_from_db()
    assert referral.answer == "withdrawn"
    with pytest.raises(ValidationError):
        referral_answer(actor=w["cw_kk"], referral=referral, accept=True)


def test_a_transfer_moves_the_case_and_keeps_its_code(w):
    case = w["case"]
    code = case.code
    with pytest.raises(PermissionDenied):  # MDT members do not transfer
        _send(w, actor=w["police_user"], kind="transfer", **_consent())
    referral = _send(w, kind="transfer", **_consent())
    referral_answer(actor=w["cw_kk"], referral=referral, accept=True)
    moved = fresh(case)
    assert moved.code == code
    assert moved.agency == w["psdhs_kk"] and moved.province_id == "40"
    assert moved.case_worker == w["cw_kk"]
    # the new province works it with identity; the former owner keeps a read access without
    assert access.can_see_identity(w["sup_kk"], moved)
    assert access.can_view_case(w["cw"], moved) and not access.can_see_identity(w["cw"], moved)
    assert access.can_view_case(w["sup"], moved) and not access.can_see_identity(w["sup"], moved)
    old = CaseAccess.objects.get(case=moved, agency=w["psdhs"])
    assert old.reason == AccessReason.REFERRAL and not old.identity
    kinds = set(TimelineEvent.objects.filter(case=moved).values_list("kind", flat=True))
    assert {"referral_sent", "referral_accepted", "case_transferred"} <= kinds
    # the former province's supervisor may no longer override consent for the case
    w["case"] = moved
    with pytest.raises(PermissionDenied):
        _send(w, actor=w["sup"], to_agency=w["police_kk"], override_reason="x")
    assert _send(w, actor=w["sup_kk"], to_agency=w["police_kk"], override_reason="x")
