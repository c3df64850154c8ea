"""The gap view: staff needing a competency and how many are qualified, per province and region,
in the viewer's scope only."""

import pytest
from django.urls import reverse

from saphan.capacity.catalogue import SCREENING
from saphan.capacity.models import Competency
from saphan.capacity.selectors import competency_summary, gap_report
from saphan.orgs.tests.factories import ProvinceFactory

from .conftest import complete, years_ago


def _rows(report):
    return {r.code: r for r in report.provinces}


@pytest.mark.django_db
def test_counts_per_province_and_region(world):
    ProvinceFactory(code="90")  # Songkhla: no staff registered at all
    screening = Competency.objects.get(code=SCREENING)
    report = gap_report(actor=world["central"], competency=screening)
    rows = _rows(report)
    # Khon Kaen: a case worker and an MDT member need it (the supervisor does not).
    assert (rows["40"].required, rows["40"].qualified, rows["40"].level) == (2, 0, "none")
    assert (rows["63"].required, rows["63"].qualified) == (1, 0)
    assert rows["90"].required == 0 and rows["90"].none_qualified
    assert report.total.provinces_without == 3
    complete(world["cw"], "screening", years_ago(1))
    complete(world["police"], "screening", years_ago(3.5))  # lapsed: does not count
    rows = _rows(gap_report(actor=world["central"], competency=screening))
    assert (rows["40"].qualified, rows["40"].percent, rows["40"].level) == (1, 50, "part")
    report = gap_report(actor=world["central"], competency=screening)
    regions = {r.code: r for r in report.regions}
    assert (regions["northeast"].required, regions["northeast"].qualified) == (2, 1)
    assert regions["northeast"].provinces_without == 0
    assert regions["south"].provinces_without == 1
    assert report.total.provinces_without == 2


@pytest.mark.django_db
def test_inactive_staff_and_other_roles_do_not_count(world):
    world["police"].is_active = False
    world["police"].save()
    rows = _rows(
        gap_report(actor=world["central"], competency=Competency.objects.get(code=SCREENING))
    )
    assert rows["40"].required == 1


@pytest.mark.django_db
def test_scope_supervisor_province_regional_region_central_nation(world):
    screening = Competency.objects.get(code=SCREENING)
    assert set(_rows(gap_report(actor=world["sup"], competency=screening))) == {"40"}
    assert set(_rows(gap_report(actor=world["region_ne"], competency=screening))) == {"40"}
    assert set(_rows(gap_report(actor=world["central"], competency=screening))) == {"40", "63"}
    summary = dict((c.code, r) for c, r in competency_summary(actor=world["sup"]))
    assert summary[SCREENING].required == 2 and summary["nrm"].required == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["cw", "police", "vol"])
def test_gap_view_is_refused_to_staff_without_oversight(client, world, who):
    client.force_login(world[who])
    assert client.get(reverse("capacity:gaps")).status_code == 403


@pytest.mark.django_db
def test_gap_page_table_and_map_with_credit(client, world):
    complete(world["cw_tak"], "screening", years_ago(1))
    client.force_login(world["region_ne"])
    page = client.get(reverse("capacity:gaps"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="prov-40"' in page and 'id="prov-63"' not in page  # Tak is another region
    assert 'data-province="40" data-level="none"' in page
    assert "@svg-maps/thailand" in page and "CC BY 4.0" in page
    client.force_login(world["central"])
    page = client.get(reverse("capacity:gaps") + "?competency=screening_interview").content.decode()
    assert 'data-province="63" data-level="full"' in page
    assert 'id="prov-40" data-province="40" data-qualified="0" data-required="2"' in page


@pytest.mark.django_db
def test_supervisor_sees_who_of_their_province_to_send_to_training(client, world):
    complete(world["police"], "screening", years_ago(1))
    client.force_login(world["sup"])
    page = client.get(reverse("capacity:gaps")).content.decode()
    assert 'data-username="cw.kk" data-valid="0"' in page
    assert 'data-username="police.kk" data-valid="1"' in page
    assert page.index('data-username="cw.kk"') < page.index('data-username="police.kk"')
    assert "cw.tak" not in page
    client.force_login(world["central"])
    assert 'id="staff-table"' not in client.get(reverse("capacity:gaps")).content.decode()
