"""The defaults never undo the central office: running ensure_defaults again (each start of the
demo server, `manage.py capacity_defaults`) leaves an unticked role, a changed validity and the
changed courses of an existing competency as the office left them."""

import pytest

from saphan.capacity.catalogue import SCREENING, ensure_defaults
from saphan.capacity.models import Competency, CompetencyRequirement, Course
from saphan.capacity.services import competency_save, requirements_change
from saphan.orgs.roles import Role


@pytest.mark.django_db
def test_defaults_run_again_keep_the_offices_changes(world):
    screening = Competency.objects.get(code=SCREENING)
    requirements_change(actor=world["central"], changes={(screening, Role.MDT_MEMBER): False})
    competency_save(
        actor=world["central"], competency=screening,
        fields={"name_th": screening.name_th, "name_en": screening.name_en, "validity_months": 12},
        courses=[Course.objects.get(code="interpreters")],
    )  # fmt: skip
    assert ensure_defaults() == 0
    assert set(
        CompetencyRequirement.objects.filter(competency=screening).values_list("role", flat=True)
    ) == {Role.CASE_WORKER}
    screening.refresh_from_db()
    assert screening.validity_months == 12
    assert list(screening.courses.values_list("code", flat=True)) == ["interpreters"]


@pytest.mark.django_db
def test_a_missing_default_competency_comes_with_its_roles(world):
    Competency.objects.filter(code="nrm").delete()  # cascades to its requirements
    assert ensure_defaults() == 1 + 1  # the competency and the supervisors' requirement
    assert set(
        CompetencyRequirement.objects.filter(competency__code="nrm").values_list("role", flat=True)
    ) == {Role.PROVINCIAL_SUPERVISOR}
