"""The clocks of the parallel tracks and the alerts they raise: a permit near its end, an
unpaid order, a follow-up due or missed, an unanswered referral."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saphan.cases import clocks
from saphan.cases.clocks import DeadlineStatus
from saphan.cases.services import (
    compensation_claim_add,
    compensation_order_add,
    compensation_payment_add,
    follow_up_miss,
    follow_up_record,
    referral_answer,
    referral_send,
    reintegration_plan_create,
    return_complete,
    return_plan_create,
    stay_permit_record,
)
from saphan.cases.tasks import cases_with_running_clocks, raise_deadline_alerts
from saphan.core.models import Alert

from .tracks_world import NOW, TODAY, days, make_world


@pytest.fixture
def w(db):
    return make_world()


def _of(case, kind, now=None):
    return [d for d in clocks.case_deadlines(case, now=now) if d.kind == kind]


def _permit(w, valid_from, valid_to):
    return stay_permit_record(
        actor=w["cw"], case=w["case"], purpose="proceedings", permit_type="stay_and_work",
        valid_from=valid_from, valid_to=valid_to, issuing_office="ตม.จังหวัดสงขลา",
    )  # fmt: skip


# --- s.37 permission ---------------------------------------------------------------------------
def test_permit_warned_30_days_before_it_ends_and_overdue_after(w):
    permit = _permit(w, days(-100), days(40))
    (deadline,) = _of(w["case"], "permit_expiry")
    assert deadline.status == DeadlineStatus.DUE
    assert deadline.due_at == clocks.day_end(days(40))
    assert _of(w["case"], "permit_expiry", now=NOW + dt.timedelta(days=11))[0].status == (
        DeadlineStatus.DUE_SOON  # 29 days left
    )
    assert _of(w["case"], "permit_expiry", now=NOW + dt.timedelta(days=9))[0].status == (
        DeadlineStatus.DUE  # 31 days left
    )
    later = clocks.day_end(permit.valid_to) + dt.timedelta(minutes=1)
    assert _of(w["case"], "permit_expiry", now=later)[0].status == DeadlineStatus.OVERDUE


def test_a_later_permit_renews_and_a_repatriation_ends_the_clock(w):
    _permit(w, days(-200), days(-1))
    assert _of(w["case"], "permit_expiry")[0].status == DeadlineStatus.OVERDUE
    _permit(w, days(0), days(180))
    statuses = sorted(d.status for d in _of(w["case"], "permit_expiry"))
    assert statuses == sorted([DeadlineStatus.DONE, DeadlineStatus.DUE])
    plan = return_plan_create(
        actor=w["cw"], case=w["case"], kind="repatriation_s38", planned_on=days(0),
        destination_country="MM", counterpart_org="DSW Myanmar",
    )  # fmt: skip
    return_complete(actor=w["cw"], case=w["case"], plan=plan, returned_on=days(0),
                    handed_over_to="DSW Myawaddy")  # fmt: skip
    assert {d.status for d in _of(w["case"], "permit_expiry")} == {DeadlineStatus.DONE}


# --- compensation ------------------------------------------------------------------------------
def test_an_unpaid_order_is_overdue_after_90_days_and_stays_until_paid_in_full(w):
    claim = compensation_claim_add(
        actor=w["cw"], case=w["case"], kind="from_offender_in_criminal_case",
        amount_claimed=200000, claimed_on=days(-200),
    )  # fmt: skip
    order = compensation_order_add(
        actor=w["cw"], case=w["case"], claim=claim, amount_ordered=Decimal("150000"),
        ordered_on=days(-89), decided_by="ศาลจังหวัดสงขลา",
    )  # fmt: skip
    (deadline,) = _of(w["case"], "compensation_unpaid")
    assert deadline.due_at == clocks.compensation_unpaid_deadline(order)
    assert deadline.status == DeadlineStatus.DUE_SOON
    later = NOW + dt.timedelta(days=2)
    assert _of(w["case"], "compensation_unpaid", now=later)[0].status == DeadlineStatus.OVERDUE
    compensation_payment_add(
        actor=w["cw"], case=w["case"], claim=claim, amount_paid=100000, paid_on=days(0),
        payer="จำเลย",
    )  # fmt: skip
    (deadline,) = _of(w["case"], "compensation_unpaid", now=later)
    assert deadline.status == DeadlineStatus.OVERDUE  # partly paid is still unpaid
    assert deadline.extra["outstanding"] == Decimal("50000")
    assert "50,000.00" in deadline.label
    compensation_payment_add(
        actor=w["cw"], case=w["case"], claim=claim, amount_paid=50000, paid_on=days(0),
        payer="จำเลย",
    )  # fmt: skip
    assert _of(w["case"], "compensation_unpaid", now=later)[0].status == DeadlineStatus.DONE


# --- follow-up ---------------------------------------------------------------------------------
def _reintegrate(w, started_on):
    return reintegration_plan_create(
        actor=w["cw"], case=w["case"], home_province=w["kk"], responsible_agency=w["psdhs_kk"],
        plan="ฝึกอาชีพ", started_on=started_on,
    )  # fmt: skip


def test_follow_ups_fall_due_at_1_3_6_12_months_and_missed_ones_are_overdue(w):
    start = TODAY - dt.timedelta(days=100)  # past the 1- and 3-month visits
    plan = _reintegrate(w, start)
    deadlines = sorted(_of(w["case"], "follow_up"), key=lambda d: d.due_at)
    due_on = [clocks.add(start, k) for k in clocks.FOLLOW_UP_KEYS]
    assert [d.due_at for d in deadlines] == [clocks.day_end(day) for day in due_on]
    assert [d.status for d in deadlines] == [
        DeadlineStatus.OVERDUE, DeadlineStatus.OVERDUE, DeadlineStatus.DUE, DeadlineStatus.DUE,
    ]  # fmt: skip
    first, second = plan.visits.order_by("number")[:2]
    follow_up_record(actor=w["cw"], case=w["case"], visit=first, done_on=due_on[0],
                     visited_by="อพม.", findings="ปกติดี")  # fmt: skip
    follow_up_miss(actor=w["cw"], case=w["case"], visit=second, reason="ไม่พบตัว")
    by_number = {d.subject_id: d.status for d in _of(w["case"], "follow_up")}
    assert by_number[first.pk] == DeadlineStatus.DONE
    assert by_number[second.pk] == DeadlineStatus.OVERDUE  # an alert, not a silence


# --- referrals ---------------------------------------------------------------------------------
def _refer(w):
    return referral_send(
        actor=w["cw"], case=w["case"], to_agency=w["psdhs_kk"], reason="ReintegrationInHomeProvince",
        consent_recorded=True, consent_at=NOW - dt.timedelta(hours=1),
    )  # fmt: skip


def test_a_referral_unanswered_for_3_days_is_overdue(w):
    referral = _refer(w)
    (deadline,) = _of(w["case"], "referral_response")
    assert deadline.due_at == referral.sent_at + dt.timedelta(days=3)
    assert deadline.status == DeadlineStatus.DUE
    soon = referral.sent_at + dt.timedelta(days=2, hours=1)
    assert _of(w["case"], "referral_response", now=soon)[0].status == DeadlineStatus.DUE_SOON
    late = referral.sent_at + dt.timedelta(days=3, minutes=1)
    assert _of(w["case"], "referral_response", now=late)[0].status == DeadlineStatus.OVERDUE
    referral_answer(actor=w["cw_kk"], referral=referral, accept=True)
    assert _of(w["case"], "referral_response", now=late)[0].status == DeadlineStatus.DONE


# --- alerts ------------------------------------------------------------------------------------
def _users(**filters):
    return set(Alert.objects.filter(**filters).values_list("user__username", flat=True))


def test_nothing_running_means_no_case_to_look_at(w):
    assert w["case"] not in cases_with_running_clocks()


def test_a_permit_near_its_end_alerts_once(w):
    _permit(w, days(-100), days(20))
    assert w["case"] in cases_with_running_clocks()
    assert raise_deadline_alerts() == 2
    assert raise_deadline_alerts() == 0
    assert _users(kind="permit_expiry", level="warning") == {"cw", "sup"}


def test_an_unpaid_order_alerts_and_again_when_overdue(w):
    claim = compensation_claim_add(
        actor=w["cw"], case=w["case"], kind="fund_lost_wages", amount_claimed=40000,
        claimed_on=days(-120),
    )  # fmt: skip
    compensation_order_add(
        actor=w["cw"], case=w["case"], claim=claim, amount_ordered=40000, ordered_on=days(-91),
        decided_by="คณะกรรมการกองทุนฯ",
    )  # fmt: skip
    compensation_payment_add(
        actor=w["cw"], case=w["case"], claim=claim, amount_paid=1000, paid_on=days(0), payer="กองทุน"
    )
    assert raise_deadline_alerts() == 2
    assert _users(kind="compensation_unpaid", level="danger") == {"cw", "sup"}
    assert raise_deadline_alerts(now=NOW + dt.timedelta(days=30)) == 0  # once


def test_a_missed_follow_up_alerts(w):
    plan = _reintegrate(w, TODAY - dt.timedelta(days=45))
    follow_up_miss(actor=w["cw"], case=w["case"], visit=plan.visits.get(number=1), reason="x")
    assert raise_deadline_alerts() == 2
    assert _users(kind="follow_up", level="danger") == {"cw", "sup"}
    assert raise_deadline_alerts() == 0


def test_an_unanswered_referral_alerts_the_receiving_supervisors_too(w):
    referral = _refer(w)
    late = referral.sent_at + dt.timedelta(days=3, hours=1)
    assert raise_deadline_alerts(now=late) == 3
    assert _users(kind="referral_response", level="danger") == {"cw", "sup", "sup_kk"}
    assert raise_deadline_alerts(now=late) == 0
    referral_answer(actor=w["sup_kk"], referral=referral, accept=True)
    assert w["case"] not in cases_with_running_clocks()


def test_case_deadlines_do_not_grow_queries_with_records(w):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            clocks.case_deadlines(w["case"])
        return len(ctx.captured_queries)

    def claim_ordered_and_part_paid():
        claim = compensation_claim_add(
            actor=w["cw"], case=w["case"], kind="other", amount_claimed=900, claimed_on=days(-5)
        )
        compensation_order_add(actor=w["cw"], case=w["case"], claim=claim, amount_ordered=100,
                               ordered_on=days(-4), decided_by="ศาล")  # fmt: skip
        compensation_payment_add(actor=w["cw"], case=w["case"], claim=claim, amount_paid=10,
                                 paid_on=days(-3), payer="x")  # fmt: skip

    claim_ordered_and_part_paid()
    _permit(w, days(-10), days(10))
    _refer(w)
    _reintegrate(w, days(-1))
    one = count()
    for n in range(3):
        claim_ordered_and_part_paid()
        _permit(w, days(n), days(20 + n))
    referral_send(
        actor=w["cw"], case=w["case"], to_agency=w["police_kk"], reason="LegalProceedings",
        share_identity=False,
    )  # fmt: skip
    assert count() == one
