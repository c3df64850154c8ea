"""The competency table's services: competency_save (names, validity, courses; new ones) and
requirements_change (the role x competency cells) — central officers of the nation only, every
change kept in the history with who made it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from saphan.capacity.catalogue import SCREENING
from saphan.capacity.models import (
    MAX_VALIDITY_MONTHS,
    Competency,
    CompetencyRequirement,
    Course,
    CourseCompetenciesEvent,
)
from saphan.capacity.services import competency_save, requirements_change
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import UserFactory, national_user

NEW = {"name_th": "การสัมภาษณ์ผ่านล่าม", "name_en": "Interviewing through an interpreter"}


def _fields(**over):
    return {**NEW, "validity_months": 24, **over}


def _refusal(lang: str, service, field: str | None = None, **kwargs) -> str:
    """The service's refusal as the user reads it (messages are lazy: read in the language)."""
    with translation.override(lang):
        with pytest.raises(ValidationError) as exc:
            service(**kwargs)
        messages = exc.value.message_dict[field] if field else exc.value.messages
        return " ".join(str(m) for m in messages)


def _roles(code: str) -> set[str]:
    return set(
        CompetencyRequirement.objects.filter(competency__code=code).values_list("role", flat=True)
    )


@pytest.fixture
def outsiders(world):
    """Everyone who may not edit the table: no central role, or a central role not national."""
    return [
        world["sup"],
        world["region_ne"],
        world["cw"],
        national_user("km.nation", Role.KNOWLEDGE_MANAGER),
        UserFactory(username="central.kk", roles=[Role.CENTRAL_OFFICER], province=world["kk"]),
    ]  # fmt: skip


@pytest.mark.django_db
def test_central_officer_creates_a_competency_with_its_courses(world):
    interpreters = Course.objects.get(code="interpreters")
    comp = competency_save(
        actor=world["central"], code="interpreted_interview", fields=_fields(),
        courses=[interpreters],
    )  # fmt: skip
    comp.refresh_from_db()
    assert (comp.code, comp.name_th, comp.validity_months) == (
        "interpreted_interview", NEW["name_th"], 24,
    )  # fmt: skip
    assert list(comp.courses.all()) == [interpreters]


@pytest.mark.django_db
def test_validity_zero_or_empty_never_expires_and_out_of_range_is_refused_in_thai(world):
    screening = Competency.objects.get(code=SCREENING)
    for empty in (0, None):
        competency_save(
            actor=world["central"], competency=screening,
            fields=_fields(name_th=screening.name_th, validity_months=empty), courses=[],
        )  # fmt: skip
        screening.refresh_from_db()
        assert screening.validity_months is None
    for bad in (-1, MAX_VALIDITY_MONTHS + 1):
        message = _refusal(
            "th", competency_save, "validity_months", actor=world["central"],
            competency=screening, fields=_fields(validity_months=bad), courses=[],
        )  # fmt: skip
        assert "ไม่เกิน 240 เดือน (20 ปี)" in message
    message = _refusal(
        "en", competency_save, "validity_months", actor=world["central"], competency=screening,
        fields=_fields(validity_months=MAX_VALIDITY_MONTHS + 1), courses=[],
    )  # fmt: skip
    assert "at most 240 months (20 years)" in message
    screening.refresh_from_db()
    assert screening.validity_months is None  # nothing written by a refused save


@pytest.mark.django_db
def test_duplicate_code_is_refused_in_english_and_code_never_changes(world):
    message = _refusal(
        "en", competency_save, "code", actor=world["central"], code=SCREENING,
        fields=_fields(), courses=[],
    )  # fmt: skip
    assert "already exists" in message
    assert Competency.objects.get(code=SCREENING).name_th != NEW["name_th"]
    message = _refusal(
        "th", competency_save, "code", actor=world["central"],
        competency=Competency.objects.get(code="nrm"), code="nrm2", fields=_fields(), courses=[],
    )  # fmt: skip
    assert "ไม่สามารถเปลี่ยนรหัส" in message


@pytest.mark.django_db
def test_the_same_new_competency_sent_twice_is_saved_once(world):
    course = Course.objects.get(code="interpreters")
    kwargs = {"code": "interpreted_interview", "fields": _fields(), "courses": [course]}
    first = competency_save(actor=world["central"], **kwargs)
    again = competency_save(actor=world["central"], **kwargs)
    assert again.pk == first.pk
    assert Competency.objects.filter(code="interpreted_interview").count() == 1
    # The same code with other content is a real clash, not a repeat.
    with pytest.raises(ValidationError):
        competency_save(actor=world["central"], **{**kwargs, "fields": _fields(validity_months=12)})


@pytest.mark.django_db
def test_requirements_change_ticks_and_unticks_only_the_cells_given(world):
    screening = Competency.objects.get(code=SCREENING)
    nrm = Competency.objects.get(code="nrm")
    assert _roles(SCREENING) == {Role.CASE_WORKER, Role.MDT_MEMBER}
    added, removed = requirements_change(
        actor=world["central"],
        changes={(screening, Role.MDT_MEMBER): False, (nrm, Role.CASE_WORKER): True},
    )
    assert (added, removed) == (1, 1)
    assert _roles(SCREENING) == {Role.CASE_WORKER}
    assert _roles("nrm") == {Role.PROVINCIAL_SUPERVISOR, Role.CASE_WORKER}
    # Sent again (a double submit): nothing more happens.
    assert requirements_change(
        actor=world["central"],
        changes={(screening, Role.MDT_MEMBER): False, (nrm, Role.CASE_WORKER): True},
    ) == (0, 0)
    message = _refusal(
        "th", requirements_change, actor=world["central"], changes={(nrm, "astronaut"): True}
    )
    assert "ไม่รู้จักบทบาท: astronaut" in message


@pytest.mark.django_db
def test_everyone_but_a_national_central_officer_is_refused(world, outsiders):
    screening = Competency.objects.get(code=SCREENING)
    before = (_roles(SCREENING), screening.validity_months, Competency.objects.count())
    for actor in outsiders:
        with pytest.raises(PermissionDenied):
            requirements_change(actor=actor, changes={(screening, Role.MDT_MEMBER): False})
        with pytest.raises(PermissionDenied):
            competency_save(
                actor=actor, competency=screening, fields=_fields(validity_months=1), courses=[]
            )
        with pytest.raises(PermissionDenied):
            competency_save(actor=actor, code="x_new", fields=_fields(), courses=[])
    screening.refresh_from_db()
    after = (_roles(SCREENING), screening.validity_months, Competency.objects.count())
    assert after == before


@pytest.mark.django_db
def test_history_keeps_unticked_roles_and_course_links_with_who(world):
    from django.apps import apps

    requirement_events = apps.get_model("capacity", "CompetencyRequirementEvent").objects
    screening = Competency.objects.get(code=SCREENING)
    requirements_change(actor=world["central"], changes={(screening, Role.MDT_MEMBER): False})
    deleted = requirement_events.get(pgh_label="delete")
    assert (deleted.competency_id, deleted.role) == (screening.pk, Role.MDT_MEMBER)
    assert str(deleted.pgh_context.metadata["user"]) == str(world["central"].pk)

    interpreters = Course.objects.get(code="interpreters")
    competency_save(
        actor=world["central"], competency=screening, fields=_fields(), courses=[interpreters]
    )  # the screening course is taken away, the interpreters' course added
    links = {
        (e.pgh_label, e.course_id)
        for e in CourseCompetenciesEvent.objects.filter(competency=screening)
    }
    screening_course = Course.objects.get(code="screening")
    assert {("insert", interpreters.pk), ("delete", screening_course.pk)} <= links
    assert {
        str(e.pgh_context.metadata["user"])
        for e in CourseCompetenciesEvent.objects.filter(competency=screening)
        if e.pgh_context_id
    } == {str(world["central"].pk)}
