"""Sessions and completions: who may record what (rules.py), and the checks on the input."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from saphan.capacity.models import Completion, Course
from saphan.capacity.services import completion_record, session_create
from saphan.orgs.tests.factories import ProvinceFactory

from .conftest import TODAY


def _session(world, actor=None, province=None):
    return session_create(
        actor=actor or world["sup"], course=Course.objects.get(code="screening"),
        starts_on=TODAY - dt.timedelta(days=3), ends_on=TODAY - dt.timedelta(days=2),
        province=province or world["kk"], organiser=world["kk_psdhs"],
    )  # fmt: skip


@pytest.mark.django_db
def test_supervisor_records_a_completion_for_staff_of_their_province(world):
    session = _session(world)
    c = completion_record(
        actor=world["sup"], user=world["cw"], course=session.course, session=session,
        completed_on=session.ends_on, certificate_number=" KK-001 ",
    )  # fmt: skip
    assert c.certificate_number == "KK-001" and c.recorded_by == world["sup"]
    assert session.region_id == "northeast"


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["sup_tak", "cw", "police", "vol", "region_ne"])
def test_others_may_not_record_for_khon_kaen_staff(world, actor):
    with pytest.raises(PermissionDenied):
        completion_record(
            actor=world[actor], user=world["cw"], course=Course.objects.get(code="screening"),
            completed_on=TODAY,
        )  # fmt: skip
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_central_officer_records_for_anyone(world):
    completion_record(
        actor=world["central"], user=world["cw_tak"], course=Course.objects.get(code="nrm"),
        completed_on=TODAY,
    )  # fmt: skip
    assert Completion.objects.filter(user=world["cw_tak"]).count() == 1


@pytest.mark.django_db
def test_bad_input_is_refused_with_a_reason(world):
    session = _session(world)
    course = session.course
    with pytest.raises(ValidationError) as e:
        completion_record(actor=world["sup"], user=world["cw"], course=course,
                          completed_on=TODAY + dt.timedelta(days=1))  # fmt: skip
    assert "completed_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        completion_record(actor=world["sup"], user=world["cw"], course=course, session=session,
                          completed_on=session.starts_on - dt.timedelta(days=1))  # fmt: skip
    assert "completed_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        completion_record(actor=world["sup"], user=world["cw"], course=Course.objects.get(code="nrm"),
                          session=session, completed_on=TODAY)  # fmt: skip
    assert "course" in e.value.message_dict
    completion_record(actor=world["sup"], user=world["cw"], course=course, completed_on=TODAY)
    with pytest.raises(ValidationError):
        completion_record(actor=world["sup"], user=world["cw"], course=course, completed_on=TODAY)
    assert Completion.objects.count() == 1


@pytest.mark.django_db
def test_who_may_create_sessions_where(world):
    _session(world, actor=world["sup"])
    _session(world, actor=world["region_ne"])
    _session(world, actor=world["central"], province=world["tak"])
    for actor, province in (
        ("sup", world["tak"]),
        ("region_ne", world["tak"]),
        ("cw", world["kk"]),
    ):
        with pytest.raises(PermissionDenied):
            _session(world, actor=world[actor], province=province)
    with pytest.raises(ValidationError):
        session_create(
            actor=world["sup"], course=Course.objects.get(code="nrm"), starts_on=TODAY,
            ends_on=TODAY - dt.timedelta(days=1), province=world["kk"],
        )  # fmt: skip


@pytest.mark.django_db
def test_regional_and_national_sessions(world):
    ne = world["kk"].region
    s = session_create(actor=world["region_ne"], course=Course.objects.get(code="nrm"),
                       starts_on=TODAY, ends_on=TODAY, region=ne)  # fmt: skip
    assert s.province is None and s.region == ne
    south = ProvinceFactory(code="90").region
    with pytest.raises(PermissionDenied):
        session_create(actor=world["region_ne"], course=Course.objects.get(code="nrm"),
                       starts_on=TODAY, ends_on=TODAY, region=south)  # fmt: skip
    session_create(actor=world["central"], course=Course.objects.get(code="nrm"),
                   starts_on=TODAY, ends_on=TODAY, region=south)  # fmt: skip
