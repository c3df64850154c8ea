"""Stages 8-10: legal proceedings, the compensation ledger (s.34-35) and s.37 permissions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from saphan.cases.selectors import compensation_ledger, compensation_totals
from saphan.cases.services import (
    compensation_claim_add,
    compensation_order_add,
    compensation_payment_add,
    legal_proceeding_add,
    legal_proceeding_update,
    legal_testimony_given,
    legal_testimony_schedule,
    protection_measure_add,
    stay_permit_record,
)

from .tracks_world import NOW, days, make_world


@pytest.fixture
def w(db):
    return make_world()


def _proceeding(w, actor=None):
    return legal_proceeding_add(
        actor=actor or w["police_user"], case=w["case"], victim_role="witness",
        police_case_number="123/2569", police_station="สภ.แม่สอด",
    )  # fmt: skip


# --- stage 8 -------------------------------------------------------------------------------------
def test_police_record_the_proceedings_testimony_and_protection(w):
    proceeding = _proceeding(w)
    updated = legal_proceeding_update(
        actor=w["cw"], case=w["case"], proceeding=proceeding, status="trial",
        court="ศาลอาญาคดีค้ามนุษย์", court_case_number="คม.45/2569", victim_role="joint_plaintiff",
    )  # fmt: skip
    assert updated.status == "trial" and updated.victim_role == "joint_plaintiff"
    assert updated.police_station == "สภ.แม่สอด"  # untouched
    past = legal_testimony_schedule(
        actor=w["police_user"], case=w["case"], proceeding=proceeding,
        scheduled_at=NOW - dt.timedelta(days=1), kind="pre_trial_deposition",
    )  # fmt: skip
    future = legal_testimony_schedule(
        actor=w["police_user"], case=w["case"], proceeding=proceeding,
        scheduled_at=NOW + dt.timedelta(days=20), kind="video", place="ห้องสืบพยานทางไกล",
    )  # fmt: skip
    assert legal_testimony_given(actor=w["cw"], case=w["case"], testimony=past).done
    with pytest.raises(ValidationError):  # not yet given: the date has not come
        legal_testimony_given(actor=w["cw"], case=w["case"], testimony=future)
    with pytest.raises(ValidationError):
        legal_testimony_given(actor=w["cw"], case=w["case"], testimony=past)
    protection_measure_add(
        actor=w["police_user"], case=w["case"], proceeding=proceeding, measure="separate_room",
        started_on=days(-1), ended_on=days(30),
    )  # fmt: skip
    with pytest.raises(ValidationError) as e:
        protection_measure_add(
            actor=w["police_user"], case=w["case"], proceeding=proceeding, measure="escort",
            started_on=days(5), ended_on=days(1),
        )  # fmt: skip
    assert "ended_on" in e.value.message_dict
    assert proceeding.protection_measures.count() == 1


def test_proceedings_refusals(w):
    with pytest.raises(ValidationError) as e:
        legal_proceeding_add(actor=w["cw"], case=w["case"], victim_role="witness")
    assert "police_case_number" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        legal_proceeding_add(
            actor=w["cw"], case=w["case"], victim_role="witness", police_case_number="1/2569"
        )
    assert "police_station" in e.value.message_dict
    proceeding = _proceeding(w)
    with pytest.raises(ValidationError) as e:  # a trial needs its court
        legal_proceeding_update(
            actor=w["cw"], case=w["case"], proceeding=proceeding, status="trial"
        )
    assert "court" in e.value.message_dict


@pytest.mark.parametrize("who", ["cw_kk", "vol", "shelter_user", "police_kk_user"])
def test_who_may_not_write_the_proceedings(w, who):
    with pytest.raises(PermissionDenied):
        _proceeding(w, actor=w[who])


# --- stage 9 -------------------------------------------------------------------------------------
def test_compensation_ledger_claimed_ordered_paid_outstanding(w):
    claim = compensation_claim_add(
        actor=w["cw"], case=w["case"], kind="from_offender_in_criminal_case",
        amount_claimed="250,000.00", claimed_on=days(-200),
    )  # fmt: skip
    fund = compensation_claim_add(
        actor=w["cw"], case=w["case"], kind="fund_living_costs", amount_claimed=Decimal("30000"),
        claimed_on=days(-100),
    )  # fmt: skip
    compensation_order_add(
        actor=w["police_user"], case=w["case"], claim=claim, amount_ordered=Decimal("180000"),
        ordered_on=days(-120), decided_by="ศาลอาญาคดีค้ามนุษย์", order_ref="คำพิพากษา 12/2569",
    )  # fmt: skip
    compensation_payment_add(
        actor=w["cw"], case=w["case"], claim=claim, amount_paid=Decimal("50000.50"),
        paid_on=days(-10), payer="จำเลยที่ 1",
    )  # fmt: skip
    compensation_payment_add(
        actor=w["cw"], case=w["case"], claim=fund, amount_paid=30000, paid_on=days(-5),
        payer="กองทุนเพื่อการป้องกันและปราบปรามการค้ามนุษย์",
    )  # fmt: skip
    totals = compensation_totals(case=w["case"])
    assert totals.claimed == Decimal("280000.00")
    assert totals.ordered == Decimal("180000.00")
    assert totals.paid == Decimal("80000.50")
    assert totals.outstanding == Decimal("129999.50")
    ledger = list(compensation_ledger(case=w["case"]))
    assert [c.kind for c in ledger] == ["from_offender_in_criminal_case", "fund_living_costs"]
    assert len(ledger[0].orders.all()) == 1 and len(ledger[0].payments.all()) == 1


@pytest.mark.parametrize("amount", [0, -100, "-0.01", "abc", "10.005", "1e20"])
def test_amounts_must_be_positive_baht(w, amount):
    with pytest.raises(ValidationError) as e:
        compensation_claim_add(
            actor=w["cw"], case=w["case"], kind="other", amount_claimed=amount,
            claimed_on=days(-1),
        )  # fmt: skip
    assert "amount_claimed" in e.value.message_dict
    assert not w["case"].compensation_claims.exists()


def test_compensation_dates_and_overpayment_refused(w):
    with pytest.raises(ValidationError) as e:
        compensation_claim_add(
            actor=w["cw"], case=w["case"], kind="other", amount_claimed=1000, claimed_on=days(1)
        )
    assert "claimed_on" in e.value.message_dict
    claim = compensation_claim_add(
        actor=w["cw"], case=w["case"], kind="from_offender_in_criminal_case",
        amount_claimed=100000, claimed_on=days(-30),
    )  # fmt: skip
    with pytest.raises(ValidationError) as e:
        compensation_order_add(
            actor=w["cw"], case=w["case"], claim=claim, amount_ordered=5000, ordered_on=days(-31),
            decided_by="ศาล",
        )  # fmt: skip
    assert "ordered_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        compensation_order_add(
            actor=w["cw"], case=w["case"], claim=claim, amount_ordered=-5, ordered_on=days(-1),
            decided_by="ศาล",
        )  # fmt: skip
    assert "amount_ordered" in e.value.message_dict
    compensation_order_add(
        actor=w["cw"], case=w["case"], claim=claim, amount_ordered=60000, ordered_on=days(-1),
        decided_by="ศาล",
    )  # fmt: skip
    with pytest.raises(ValidationError) as e:  # a zero too many
        compensation_payment_add(
            actor=w["cw"], case=w["case"], claim=claim, amount_paid=600000, paid_on=days(0),
            payer="จำเลย",
        )  # fmt: skip
    assert "amount_paid" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        compensation_payment_add(
            actor=w["cw"], case=w["case"], claim=claim, amount_paid=100, paid_on=days(2),
            payer="จำเลย",
        )  # fmt: skip
    assert "paid_on" in e.value.message_dict
    assert not claim.payments.exists()


@pytest.mark.parametrize("who", ["cw_kk", "vol", "shelter_user"])
def test_who_may_not_write_the_ledger(w, who):
    with pytest.raises(PermissionDenied):
        compensation_claim_add(
            actor=w[who], case=w["case"], kind="other", amount_claimed=1000, claimed_on=days(-1)
        )


# --- stage 10 ------------------------------------------------------------------------------------
def test_stay_permit_recorded_and_checked(w):
    permit = stay_permit_record(
        actor=w["police_user"], case=w["case"], purpose="proceedings", permit_type="stay_and_work",
        valid_from=days(-10), valid_to=days(170), issuing_office="ตม.จังหวัดตาก", reference="ตม 1/2569",
    )  # fmt: skip
    assert permit.permit_type == "stay_and_work"
    # Refused: a permit that ends the day it starts or before, and a volunteer recording one.
    for actor, valid_from, valid_to, refusal in (
        ("cw", 10, 10, ValidationError),
        ("cw", 10, 5, ValidationError),
        ("vol", 1, 5, PermissionDenied),
    ):
        with pytest.raises(refusal) as e:
            stay_permit_record(
                actor=w[actor], case=w["case"], purpose="treatment", permit_type="stay",
                valid_from=days(valid_from), valid_to=days(valid_to), issuing_office="ตม.",
            )  # fmt: skip
        if refusal is ValidationError:
            assert "valid_to" in e.value.message_dict
    assert w["case"].stay_permits.count() == 1
