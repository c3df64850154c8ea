"""Stage 7, s.33: the assistance plan, its services and shelter stays (access follows the stay)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from saphan.cases import services
from saphan.cases.models import CaseAccess, TimelineEvent
from saphan.core.errors import ConflictError
from saphan.orgs import access

from .tracks_world import days, fresh, make_world


@pytest.fixture
def w(db):
    return make_world()


def _plan(w, **kw):
    data = {"objectives": "ฟื้นฟูร่างกายและจิตใจ ฝึกอาชีพ", "planned_end": days(90)}
    data.update(kw)
    return services.assistance_plan_create(actor=w["cw"], case=w["case"], **data)


def test_plan_with_services_from_planned_to_done(w):
    version = fresh(w["case"]).version
    plan = services.assistance_plan_create(
        actor=w["cw"], case=w["case"], objectives="ฟื้นฟู", planned_end=days(60),
        expected_version=version,
    )  # fmt: skip
    assert fresh(w["case"]).version == version + 1
    service = services.planned_service_add(
        actor=w["cw"], case=w["case"], plan=plan, type="Interpreter",
        provider_name="ล่ามภาษาพม่า", planned_start=days(0), planned_end=days(30),
    )  # fmt: skip
    health = services.planned_service_add(
        actor=w["cw"], case=w["case"], plan=plan, type="Health", provider_agency=w["shelter"],
        planned_start=days(0),
    )  # fmt: skip
    services.planned_service_update(
        actor=w["cw"], case=w["case"], service=service, status="in_progress", actual_start=days(0)
    )
    done = services.planned_service_update(
        actor=w["cw"], case=w["case"], service=service, status="done", actual_end=days(0),
        outcome="สื่อสารได้ครบถ้วน",
    )  # fmt: skip
    assert done.status == "done" and done.actual_start == days(0)
    assert health.provider == str(w["shelter"])
    kinds = list(TimelineEvent.objects.filter(case=w["case"]).values_list("kind", flat=True))
    assert {"assistance_plan_created", "service_planned", "service_updated"} <= set(kinds)
    with pytest.raises(ValidationError):  # a finished service does not change again
        services.planned_service_update(
            actor=w["cw"], case=w["case"], service=service, status="cancelled", outcome="x"
        )
    services.assistance_plan_close(actor=w["cw"], case=w["case"], plan=plan, actual_end=days(0))
    with pytest.raises(ValidationError):  # services go to an open plan
        services.planned_service_add(
            actor=w["cw"], case=w["case"], plan=plan, type="Food", provider_name="x",
            planned_start=days(0),
        )  # fmt: skip


def test_plan_refusals(w):
    with pytest.raises(ValidationError) as e:
        _plan(w, planned_end=days(-5))
    assert "planned_end" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        _plan(w, started_on=days(2))
    assert "started_on" in e.value.message_dict
    with pytest.raises(ValidationError):
        _plan(w, objectives="  ")
    _plan(w)
    with pytest.raises(ValidationError):  # one open plan at a time
        _plan(w)


def test_service_refusals(w):
    plan = _plan(w)
    with pytest.raises(ValidationError) as e:
        services.planned_service_add(
            actor=w["cw"], case=w["case"], plan=plan, type="Legal", planned_start=days(0)
        )
    assert "provider_name" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.planned_service_add(
            actor=w["cw"], case=w["case"], plan=plan, type="Legal", provider_name="สภาทนายความ",
            planned_start=days(10), planned_end=days(5),
        )  # fmt: skip
    assert "planned_end" in e.value.message_dict
    service = services.planned_service_add(
        actor=w["cw"], case=w["case"], plan=plan, type="Legal", provider_name="สภาทนายความ",
        planned_start=days(0),
    )  # fmt: skip
    with pytest.raises(ValidationError) as e:  # started in the future
        services.planned_service_update(
            actor=w["cw"], case=w["case"], service=service, status="in_progress",
            actual_start=days(3),
        )  # fmt: skip
    assert "actual_start" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # done without an outcome
        services.planned_service_update(
            actor=w["cw"], case=w["case"], service=service, status="done",
            actual_start=days(-3), actual_end=days(-1),
        )  # fmt: skip
    assert "outcome" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # ends before it starts
        services.planned_service_update(
            actor=w["cw"], case=w["case"], service=service, status="done",
            actual_start=days(-1), actual_end=days(-3), outcome="x",
        )  # fmt: skip
    assert "actual_end" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.planned_service_update(
            actor=w["cw"], case=w["case"], service=service, status="cancelled"
        )
    assert "outcome" in e.value.message_dict


@pytest.mark.parametrize("who", ["cw_kk", "vol", "police_user"])
def test_who_may_not_write_the_plan(w, who):
    with pytest.raises(PermissionDenied):
        services.assistance_plan_create(
            actor=w[who], case=w["case"], objectives="x", planned_end=days(30)
        )


def test_a_stale_plan_form_gets_a_conflict(w):
    version = fresh(w["case"]).version
    _plan(w)
    with pytest.raises(ConflictError):
        stale = fresh(w["case"])
        stale.version = version
        services.planned_service_add(
            actor=w["cw"], case=stale, plan=w["case"].assistance_plans.get(), type="Food",
            provider_name="x", planned_start=days(0), expected_version=version,
        )  # fmt: skip


def test_shelter_stay_opens_the_case_to_the_shelter_and_the_exit_closes_it(w):
    staff = w["shelter_user"]
    assert not access.can_view_case(staff, w["case"])
    stay = services.shelter_stay_start(
        actor=w["cw"], case=w["case"], shelter=w["shelter"], started_on=days(-10)
    )
    assert access.can_view_case(staff, w["case"]) and access.can_see_identity(staff, w["case"])
    # shelter staff write the daily services of their residents, never the legal track
    plan = _plan(w)
    services.planned_service_add(
        actor=staff, case=w["case"], plan=plan, type="Food", provider_agency=w["shelter"],
        planned_start=days(0),
    )  # fmt: skip
    with pytest.raises(ValidationError):  # one stay at a time
        services.shelter_stay_start(
            actor=w["cw"], case=w["case"], shelter=w["shelter"], started_on=days(0)
        )
    with pytest.raises(ValidationError) as e:
        services.shelter_stay_end(
            actor=staff,
            case=w["case"],
            stay=stay,
            ended_on=days(-11),
            exit_reason="returned_to_family",
        )
    assert "ended_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.shelter_stay_end(
            actor=staff, case=w["case"], stay=stay, ended_on=days(0), exit_reason=""
        )
    assert "exit_reason" in e.value.message_dict
    services.shelter_stay_end(
        actor=staff, case=w["case"], stay=stay, ended_on=days(0), exit_reason="returned_to_family"
    )
    assert CaseAccess.objects.get(pk=stay.access_id).revoked_at is not None
    assert not access.can_view_case(staff, w["case"])


def test_shelter_stay_refusals(w):
    with pytest.raises(ValidationError) as e:  # a police station is not a shelter
        services.shelter_stay_start(
            actor=w["cw"], case=w["case"], shelter=w["police"], started_on=days(0)
        )
    assert "shelter" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.shelter_stay_start(
            actor=w["cw"], case=w["case"], shelter=w["shelter"], started_on=days(1)
        )
    assert "started_on" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        services.shelter_stay_start(
            actor=w["cw_kk"], case=w["case"], shelter=w["shelter"], started_on=days(0)
        )
    assert (
        not w["case"].shelter_stays.exists()
        and not CaseAccess.objects.filter(agency=w["shelter"]).exists()
    )


def test_a_closed_case_takes_no_track_writes(w):
    closure = services.closure_request(actor=w["cw"], case=w["case"], reason="lost_contact")
    services.closure_decide(actor=w["sup"], case=fresh(w["case"]), closure=closure, approve=True)
    with pytest.raises(ValidationError):
        services.assistance_plan_create(
            actor=w["cw"], case=fresh(w["case"]), objectives="x", planned_end=days(30)
        )
    assert not w["case"].assistance_plans.exists()
