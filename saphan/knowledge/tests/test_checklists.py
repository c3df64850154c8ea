import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from saphan.cases.models import TimelineEvent
from saphan.knowledge import selectors, services
from saphan.knowledge.models import ChecklistItem, ChecklistTick, LawSection
from saphan.orgs.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _item(code):
    return ChecklistItem.objects.get(code=code)


def test_law_and_checklists_cover_every_open_stage():
    from saphan.cases.process import OPEN_PHASES

    for phase in OPEN_PHASES:
        assert ChecklistItem.objects.filter(phase=phase, mandatory=True).exists(), phase
        assert LawSection.objects.filter(phases__contains=[phase]).exists(), phase
    s29 = LawSection.objects.get(law="atip_2551", section="29")
    assert s29.is_summary and "screening" in s29.phases


def test_ticking_a_step_writes_the_timeline_once(world):
    case, cw = world["case"], world["cw_tak"]
    item = _item("screening-interpreter")
    services.checklist_tick(actor=cw, case=case, item=item)
    services.checklist_tick(actor=cw, case=case, item=item)  # a second click changes nothing
    assert ChecklistTick.objects.filter(case=case, item=item).count() == 1
    events = TimelineEvent.objects.filter(case=case, kind="checklist_ticked")
    assert events.count() == 1
    assert events.get().data["item"] == "screening-interpreter"
    # Each reader sees the step in their own language.
    from django.utils import translation

    from saphan.cases.timeline import render

    with translation.override("th"):
        assert item.text_th in render(events.get()).text
    with translation.override("en"):
        line = render(events.get()).text
        assert item.text_en in line and item.text_th not in line
    services.checklist_untick(actor=cw, case=case, item=item)
    assert not ChecklistTick.objects.filter(case=case, item=item).exists()
    assert TimelineEvent.objects.filter(case=case, kind="checklist_unticked").count() == 1


@pytest.mark.parametrize("who", ["cw_kk", "police_tak", "vol", "km"])
def test_only_those_who_may_change_the_case_tick(world, who):
    with pytest.raises(PermissionDenied):
        services.checklist_tick(
            actor=world[who], case=world["case"], item=_item("screening-interpreter")
        )
    assert not ChecklistTick.objects.exists()


def test_a_step_of_another_stage_is_refused(world):
    with pytest.raises(ValidationError):
        services.checklist_tick(
            actor=world["cw_tak"], case=world["case"], item=_item("followup-visits")
        )


def test_supervisor_sees_cases_with_unticked_mandatory_steps(world):
    case, cw = world["case"], world["cw_tak"]
    rows = list(selectors.cases_with_unticked_mandatory(actor=world["sup_tak"]))
    assert [(r.pk, r.missing) for r in rows] == [(case.pk, 4)]
    assert not selectors.cases_with_unticked_mandatory(actor=world["sup_kk"]).exists()
    for item in ChecklistItem.objects.filter(phase="screening", mandatory=True):
        services.checklist_tick(actor=cw, case=case, item=item)
    assert not selectors.cases_with_unticked_mandatory(actor=world["sup_tak"]).exists()


def test_gap_page_is_for_supervisors(client, world):
    client.login(username="sup_tak", password=TEST_PASSWORD)
    response = client.get(reverse("knowledge:unticked"))
    assert response.status_code == 200
    assert world["case"].code in response.content.decode()
    client.login(username="cw_tak", password=TEST_PASSWORD)
    assert client.get(reverse("knowledge:unticked")).status_code == 403


def test_case_page_shows_the_stage_checklist_and_law_and_ticks(client, world):
    case = world["case"]
    client.login(username="cw_tak", password=TEST_PASSWORD)
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert 'id="knowledge-panel"' in page
    assert "จัดล่ามในภาษาของบุคคล" in page
    assert "29" in page and 'id="knowledge-law"' in page
    url = reverse("knowledge:checklist-tick", args=[case.code, "screening-not-cell"])
    response = client.post(url)
    assert response.status_code == 302
    assert ChecklistTick.objects.filter(case=case, item__code="screening-not-cell").exists()


def test_tick_url_hides_a_case_the_user_may_not_see(client, world):
    client.login(username="cw_kk", password=TEST_PASSWORD)
    url = reverse("knowledge:checklist-tick", args=[world["case"].code, "screening-not-cell"])
    assert client.post(url).status_code == 404
    assert not ChecklistTick.objects.exists()


def test_law_page_marks_summaries(client, world):
    client.login(username="vol", password=TEST_PASSWORD)
    page = client.get(reverse("knowledge:law")).content.decode()
    assert "สรุปสาระสำคัญ" in page
