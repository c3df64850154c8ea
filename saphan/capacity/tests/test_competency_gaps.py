"""A change to the competency table shows at once wherever it is counted: the gap view (nothing
cached), a person's qualification and the screening check."""

import re

import pytest
from django.urls import reverse

from saphan.capacity.catalogue import SCREENING
from saphan.capacity.models import Competency, CompetencyRequirement
from saphan.capacity.selectors import qualification_for
from saphan.capacity.services import screening_unqualified
from saphan.orgs.roles import Role

from .conftest import complete, years_ago

GAPS = reverse("capacity:gaps")
TABLE = reverse("capacity:competencies")


def _kk(page: str) -> tuple[int, int]:
    m = re.search(
        r'id="prov-40" data-province="40" data-qualified="(\d+)" data-required="(\d+)"', page
    )
    return int(m.group(1)), int(m.group(2))


def _grid(**changes) -> dict:
    """The grid as drawn now, with the given cells ({"<code>__<role>": bool}) changed."""
    had = [f"{r.competency_id}:{r.role}" for r in CompetencyRequirement.objects.all()]
    need = set(had)
    for key, value in changes.items():
        code, role = key.split("__")
        cell = f"{Competency.objects.get(code=code).pk}:{role}"
        (need.add if value else need.discard)(cell)
    return {"need": sorted(need), "had": had}


def _edit(validity: str) -> dict:
    screening = Competency.objects.get(code=SCREENING)
    return {
        "name_th": screening.name_th, "name_en": screening.name_en, "validity_months": validity,
        "courses": [str(c.pk) for c in screening.courses.all()],
    }  # fmt: skip


@pytest.mark.django_db
def test_unticking_a_role_removes_its_gap_at_once(client, world):
    client.force_login(world["central"])
    page = client.get(GAPS + "?competency=nrm").content.decode()
    assert 'data-competency="nrm"' in page  # the supervisors' NRM gap is listed
    assert _kk(client.get(GAPS).content.decode()) == (0, 2)  # cw.kk and police.kk untrained

    # The MDT member no longer needs screening: Khon Kaen's screening gap is the case worker's.
    assert (
        client.post(TABLE, _grid(**{f"{SCREENING}__{Role.MDT_MEMBER}": False})).status_code == 302
    )
    assert _kk(client.get(GAPS).content.decode()) == (0, 1)

    # No role needs the NRM any more: its gap leaves the summary and the competency list.
    r = client.post(TABLE, _grid(**{f"nrm__{Role.PROVINCIAL_SUPERVISOR}": False}))
    assert r.status_code == 302
    page = client.get(GAPS).content.decode()
    assert 'data-competency="nrm"' not in page and 'value="nrm"' not in page

    # Ticked again, it is back.
    client.post(TABLE, _grid(**{f"nrm__{Role.PROVINCIAL_SUPERVISOR}": True}))
    assert 'data-competency="nrm"' in client.get(GAPS).content.decode()


@pytest.mark.django_db
def test_shortening_validity_makes_an_old_completion_stop_counting(client, world):
    complete(world["cw"], "screening", years_ago(2))  # within 3 years: counts
    client.force_login(world["central"])
    assert _kk(client.get(GAPS).content.decode()) == (1, 2)
    assert qualification_for(world["cw"], SCREENING).is_valid
    assert screening_unqualified(world["cw"]) is None

    assert (
        client.post(reverse("capacity:competency_edit", args=[SCREENING]), _edit("12")).status_code
        == 302
    )
    assert _kk(client.get(GAPS).content.decode()) == (0, 2)
    assert not qualification_for(world["cw"], SCREENING).is_valid
    assert screening_unqualified(world["cw"]) is not None  # the screening check now warns

    # Never expires: the two-year-old course counts again.
    client.post(reverse("capacity:competency_edit", args=[SCREENING]), _edit("0"))
    assert _kk(client.get(GAPS).content.decode()) == (1, 2)
