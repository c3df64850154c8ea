"""The central office edits the plan's structure: services (rules across records, permissions,
history) and the editor pages (forms, messages, who may not)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import national_user
from saphan.plans import services
from saphan.plans.models import (
    ActionPlan,
    Assignment,
    Indicator,
    IndicatorTarget,
    Measure,
    ProgressReport,
    Strategy,
)
from saphan.plans.periods import Quarter

from .world import make_world


@pytest.fixture
def w(db):
    return make_world()


def _indicator(w, code="4.1.1") -> Indicator:
    return Indicator.objects.get(measure__strategy__plan=w["plan"], code=code)


def _assign(actor, indicator, province, fiscal_year, target, assignment=None):
    """The indicator assigned to ``province`` (no national agency), or that assignment changed."""
    return services.assignment_save(
        actor=actor,
        indicator=indicator,
        assignment=assignment,
        fields={"province": province, "agency": None, "fiscal_year": fiscal_year, "target": target},
    )


def _indicator_fields(**over) -> dict:
    fields = {
        "code": "4.2.1",
        "number": 9,
        "title_th": "หมู่บ้านที่จัดเวทีป้องกันการค้ามนุษย์",
        "title_en": "Villages holding a prevention forum",
        "kind": "reported",
        "insight_key": "",
        "unit": "activities",
        "direction": "higher",
        "adds_up": True,
        "baseline": Decimal("10"),
        "baseline_year": 2567,
        "how_to_report": "",
    }
    fields.update(over)
    return fields


# --- services --------------------------------------------------------------------------------
def test_central_officer_builds_plan_strategy_measure_indicator_and_assignment(w):
    central = w["central"]
    plan = services.plan_save(
        actor=central,
        fields={
            "title_th": "แผนปฏิบัติการ 2571–2575",
            "title_en": "Action plan 2028–2032",
            "start_year": 2571,
            "end_year": 2575,
            "approved_by": "",
            "is_active": True,
        },
    )
    strategy = services.strategy_save(
        actor=central,
        plan=plan,
        fields={"number": 4, "kind": "prevention", "title_th": "การป้องกัน", "title_en": ""},
    )
    measure = services.measure_save(
        actor=central,
        strategy=strategy,
        fields={"code": "4.2", "number": 2, "title_th": "เวทีชุมชน", "title_en": ""},
    )
    indicator = services.indicator_save(
        actor=central,
        measure=measure,
        fields=_indicator_fields(),
        targets={2571: Decimal("100"), 2572: "120", 2573: None},
    )
    assert {t.fiscal_year: t.target for t in indicator.targets.all()} == {
        2571: Decimal("100"),
        2572: Decimal("120"),
    }
    assignment = _assign(central, indicator, w["kk"], 2571, Decimal(8))
    assert assignment.province == w["kk"] and assignment.target == Decimal(8)
    # A target removed by leaving it empty; one changed.
    services.indicator_save(
        actor=central,
        measure=measure,
        indicator=indicator,
        fields=_indicator_fields(title_th="หมู่บ้านที่จัดเวที"),
        targets={2571: None, 2572: Decimal("150")},
    )
    assert list(indicator.targets.values_list("fiscal_year", "target")) == [(2572, Decimal("150"))]


def test_every_change_is_kept_in_the_history(w):
    indicator = _indicator(w)
    services.indicator_save(
        actor=w["central"],
        measure=indicator.measure,
        indicator=indicator,
        fields=_indicator_fields(code=indicator.code, title_th="ชื่อใหม่"),
        targets={2569: Decimal("2500")},
    )
    events = Indicator.pgh_event_model.objects.filter(pgh_obj_id=indicator.pk)
    assert list(events.values_list("pgh_label", flat=True).order_by("pgh_id")) == [
        "insert",
        "update",
    ]
    assert events.order_by("pgh_id").last().title_th == "ชื่อใหม่"
    target_events = IndicatorTarget.pgh_event_model.objects.filter(indicator_id=indicator.pk)
    assert target_events.filter(pgh_label="update", target=Decimal("2500")).exists()
    assignment = Assignment.objects.filter(indicator=indicator).first()
    pk = assignment.pk
    services.structure_delete(actor=w["central"], obj=assignment)
    assert Assignment.pgh_event_model.objects.filter(pgh_obj_id=pk, pgh_label="delete").exists()


def test_a_target_for_a_year_outside_the_plan_is_refused(w):
    indicator = _indicator(w)
    with pytest.raises(ValidationError) as exc:
        services.indicator_save(
            actor=w["central"],
            measure=indicator.measure,
            indicator=indicator,
            fields=_indicator_fields(code=indicator.code),
            targets={2575: Decimal(1)},
        )
    assert "2575" in " ".join(exc.value.messages)
    assert not indicator.targets.filter(fiscal_year=2575).exists()
    with pytest.raises(ValidationError) as exc:
        _assign(w["central"], indicator, w["kk"], 2580, 1)
    assert "fiscal_year" in exc.value.error_dict


def test_shortening_the_plan_below_its_targets_is_refused(w):
    plan = w["plan"]
    with pytest.raises(ValidationError):
        services.plan_save(
            actor=w["central"],
            plan=plan,
            fields={"title_th": plan.title_th, "start_year": 2570, "end_year": 2570},
        )
    plan.refresh_from_db()
    assert plan.start_year == 2568


def test_a_duplicate_assignment_is_refused(w):
    indicator = _indicator(w)
    with pytest.raises(ValidationError) as exc:
        _assign(w["central"], indicator, w["kk"], 2569, 5)
    assert "province" in exc.value.error_dict
    assert Assignment.objects.filter(indicator=indicator, province=w["kk"]).count() == 1


def test_duplicate_codes_and_strategy_kinds_are_refused(w):
    plan = w["plan"]
    with pytest.raises(ValidationError) as exc:
        services.strategy_save(
            actor=w["central"],
            plan=plan,
            fields={"number": 9, "kind": "policy", "title_th": "ซ้ำ", "title_en": ""},
        )
    assert "kind" in exc.value.error_dict
    measure = Measure.objects.filter(strategy__plan=plan).first()
    with pytest.raises(ValidationError) as exc:
        services.indicator_save(
            actor=w["central"],
            measure=measure,
            fields=_indicator_fields(code="3.1.1"),
            targets={},
        )
    assert "code" in exc.value.error_dict


def test_a_computed_indicator_needs_a_known_case_figure(w):
    measure = Measure.objects.filter(strategy__plan=w["plan"]).first()
    with pytest.raises(ValidationError) as exc:
        services.indicator_save(
            actor=w["central"],
            measure=measure,
            fields=_indicator_fields(kind="computed", insight_key="no_such_figure"),
            targets={},
        )
    assert "insight_key" in exc.value.error_dict
    indicator = services.indicator_save(
        actor=w["central"],
        measure=measure,
        fields=_indicator_fields(kind="computed", insight_key="victims_identified"),
        targets={},
    )
    assert indicator.is_computed


def _reported(w, indicator) -> ProgressReport:
    """A Khon Kaen report of quarter 1, 2569 whose entry refers to the indicator's assignment."""
    assignment = Assignment.objects.get(indicator=indicator, province=w["kk"])
    report = ProgressReport.objects.create(
        plan=w["plan"], province=w["kk"], period=services.period_for(Quarter(2569, 1))
    )
    report.entries.create(assignment=assignment, value=Decimal(3))
    return report


def test_deleting_what_a_report_refers_to_is_refused(w):
    indicator = _indicator(w)
    _reported(w, indicator)
    assignment = Assignment.objects.get(indicator=indicator, province=w["kk"])
    for obj in (
        assignment,
        indicator,
        indicator.measure,
        indicator.measure.strategy,
    ):
        with pytest.raises(ValidationError) as exc, translation.override("en"):
            services.structure_delete(actor=w["central"], obj=obj)
        with translation.override("en"):
            assert "cannot be deleted" in " ".join(exc.value.messages)
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    # Its province and year are fixed now; its target may still change.
    with pytest.raises(ValidationError):
        _assign(w["central"], indicator, w["tak"], 2569, 5, assignment=assignment)
    _assign(w["central"], indicator, w["kk"], 2569, 50, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.target == 50
    # What no report refers to goes.
    other = Assignment.objects.get(indicator=indicator, province=w["tak"])
    services.structure_delete(actor=w["central"], obj=other)
    assert not Assignment.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("who", ["sup_kk", "cw_kk", "region_ne", "police_kk", "vol_kk"])
def test_only_the_central_office_edits_the_plan(w, who):
    user = w[who]
    indicator = _indicator(w)
    with pytest.raises(PermissionDenied):
        services.plan_save(
            actor=user, fields={"title_th": "x", "start_year": 2571, "end_year": 2572}
        )
    with pytest.raises(PermissionDenied):
        _assign(user, indicator, w["udon"], 2570, 1)
    with pytest.raises(PermissionDenied):
        services.structure_delete(actor=user, obj=indicator)
    assert ActionPlan.objects.count() == 1


# --- pages -----------------------------------------------------------------------------------
def _as(client, user):
    client.force_login(user)
    return client


def test_editor_pages_show_the_structure_to_the_central_officer(client, w):
    c = _as(client, w["central"])
    r = c.get(reverse("plans:manage_index"))
    assert r.status_code == 200 and "แผนทดสอบ" in r.content.decode()
    r = c.get(reverse("plans:manage_plan", args=[w["plan"].pk]))
    body = r.content.decode()
    assert r.status_code == 200
    assert 'data-indicator="3.1.1"' in body
    indicator = _indicator(w)
    r = c.get(reverse("plans:manage_indicator", args=[indicator.pk]))
    assert r.status_code == 200 and 'data-assignment="40-2569"' in r.content.decode()
    for url in (
        reverse("plans:plan_new"),
        reverse("plans:plan_edit", args=[w["plan"].pk]),
        reverse("plans:strategy_new", args=[w["plan"].pk]),
        reverse("plans:measure_new", args=[indicator.measure.strategy_id]),
        reverse("plans:indicator_new", args=[indicator.measure_id]),
        reverse("plans:indicator_edit", args=[indicator.pk]),
        reverse("plans:assignment_new", args=[indicator.pk]),
    ):
        assert c.get(url).status_code == 200, url


def test_adding_an_indicator_with_targets_and_assigning_it_through_the_forms(client, w):
    c = _as(client, w["central"])
    measure = Measure.objects.filter(strategy__plan=w["plan"], code="4.1").first()
    data = {
        "code": "4.1.9",
        "number": "9",
        "title_th": "เวทีประชาคม",
        "title_en": "Community forums",
        "kind": "reported",
        "insight_key": "",
        "unit": "activities",
        "direction": "higher",
        "adds_up": "on",
        "baseline": "",
        "baseline_year": "",
        "how_to_report": "",
        "target_2569": "30",
        "target_2570": "",
    }
    r = c.post(reverse("plans:indicator_new", args=[measure.pk]), data)
    assert r.status_code == 302
    indicator = Indicator.objects.get(code="4.1.9")
    assert list(indicator.targets.values_list("fiscal_year", "target")) == [(2569, Decimal(30))]
    r = c.post(
        reverse("plans:assignment_new", args=[indicator.pk]),
        {"province": "40", "agency": "", "fiscal_year": "2569", "target": "3"},
    )
    assert r.status_code == 302
    assert Assignment.objects.filter(indicator=indicator, province=w["kk"]).exists()
    # The same again: a clear message on the form, not a 500.
    r = c.post(
        reverse("plans:assignment_new", args=[indicator.pk]),
        {"province": "40", "agency": "", "fiscal_year": "2569", "target": "4"},
    )
    assert r.status_code == 200
    assert "ตัวชี้วัดนี้มอบหมายให้จังหวัดนี้ในปีงบประมาณ 2569 แล้ว" in r.content.decode()


def test_a_bad_indicator_form_explains_itself_in_thai(client, w):
    c = _as(client, w["central"])
    measure = Measure.objects.filter(strategy__plan=w["plan"]).first()
    r = c.post(
        reverse("plans:indicator_new", args=[measure.pk]),
        {"code": "", "number": "1", "kind": "computed", "unit": "people", "direction": "higher"},
        HTTP_ACCEPT_LANGUAGE="th",
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert "เลือกตัวเลขจากข้อมูลคดีที่ตัวชี้วัดนี้นับ" in body


def test_deleting_a_referenced_indicator_shows_a_message(client, w):
    indicator = _indicator(w)
    _reported(w, indicator)
    c = _as(client, w["central"])
    r = c.post(reverse("plans:structure_delete", args=["indicator", indicator.pk]), follow=True)
    assert r.status_code == 200
    assert "มีรายงานความก้าวหน้าอ้างถึงตัวชี้วัดนี้แล้ว จึงลบไม่ได้" in r.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()


@pytest.mark.parametrize("who", ["sup_kk", "cw_kk", "region_ne"])
def test_field_and_regional_staff_may_not_open_or_post_the_editor(client, w, who):
    c = _as(client, w[who])
    indicator = _indicator(w)
    assert c.get(reverse("plans:manage_index")).status_code == 403
    assert c.get(reverse("plans:manage_plan", args=[w["plan"].pk])).status_code == 403
    r = c.post(
        reverse("plans:assignment_new", args=[indicator.pk]),
        {"province": "41", "agency": "", "fiscal_year": "2570", "target": "3"},
    )
    assert r.status_code == 403
    r = c.post(reverse("plans:structure_delete", args=["indicator", indicator.pk]))
    assert r.status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert not Assignment.objects.filter(province=w["udon"], fiscal_year=2570).exists()


def test_strategy_numbers_stay_unique(w):
    with pytest.raises(ValidationError):
        services.strategy_save(
            actor=w["central"],
            plan=w["plan"],
            fields={"number": 1, "kind": "policy", "title_th": "x", "title_en": ""},
            strategy=Strategy.objects.get(plan=w["plan"], kind="prevention"),
        )


def test_a_central_officer_without_the_nation_jurisdiction_is_still_central(w):
    """The plan-editing right is the central officer's role (rules.py), nothing more."""
    other = national_user("central2", Role.CENTRAL_OFFICER)
    assert other.has_perm("plans.manage_plan")
