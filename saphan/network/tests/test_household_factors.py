"""A volunteer's visit findings reach the household: the risks they ticked become the household's
factors (who, when, which visit), the household is scored again, the outreach list shows them;
a returnee's follow-up reaches the household whose survey id the volunteer gives; a correction
withdraws a factor (kept), and a re-import of the survey keeps what volunteers saw."""

import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from saphan.network.households import pipeline, scoring
from saphan.network.households.factors import factors_seen, score_key
from saphan.network.households.selectors import COVERAGE_CACHE_KEY
from saphan.network.models import Household, HouseholdFactor, RiskFactor, Visit, VisitKind
from saphan.network.services import follow_up_assign, household_visit_assign, visit_record
from saphan.network.services.field_sync import VisitSend, visit_sync, visit_version

from .test_households import ROWS, csv_bytes, do_import
from .test_visits import world  # noqa: F401  (the fixture)

TODAY = timezone.localdate()


def _household(code: str, village: str = "40010105", **kw) -> Household:
    h = Household.objects.create(
        household_code=code, survey_year=kw.pop("survey_year", 2567), village_code=village,
        subdistrict_code=village[:6], district_code=village[:4], province_code=village[:2],
        members=3, income_per_person=kw.pop("income_per_person", 200000), **kw,
    )  # fmt: skip
    pipeline.rescore(household_id=h.id)
    h.refresh_from_db()
    return h


def _weight(*factors: str) -> float:
    w = scoring.weights()
    return sum(w[score_key(f)] for f in factors)


# --- the mapping ---------------------------------------------------------------------------------
def test_the_risks_ticked_are_the_household_factors_once_each_in_a_fixed_order():
    assert factors_seen(["debt", "nonsense", "recruited_online", "debt"]) == [
        "recruited_online",
        "debt",
    ]
    assert factors_seen(None) == [] and factors_seen([]) == []
    assert factors_seen(reversed(RiskFactor.values)) == RiskFactor.values


def test_every_risk_a_volunteer_may_tick_is_weighed_in_the_score():
    for rf in RiskFactor:
        factor = scoring.FACTOR_BY_KEY[score_key(rf.value)]
        assert factor.label == rf.label and factor.default > 0
        assert f"f_{rf.value}" in factor.condition


# --- a household's outreach visit ---------------------------------------------------------------
def test_a_recorded_visit_sets_the_factors_on_the_household_with_who_when_and_which_visit(
    client, net, django_capture_on_commit_callbacks
):
    h = _household("HF1", village="40010103")
    assert h.score == 0
    visit = household_visit_assign(actor=net["cw"], household=h, volunteer=net["vol"], purpose="")
    cache.set(COVERAGE_CACHE_KEY, {"40": {"high": 0, "done": 0}})
    with django_capture_on_commit_callbacks(execute=True):
        visit_record(
            actor=net["vol"], visit=visit, done_on=TODAY, findings="ลูกชายถูกชวนผ่านเฟซบุ๊ก มีหนี้นอกระบบ",
            risk_factors=["debt", "recruited_online"],
        )  # fmt: skip
    rows = HouseholdFactor.objects.filter(household=h).order_by("factor")
    assert [(r.factor, r.visit_id, r.recorded_by, r.seen_on, r.withdrawn_at) for r in rows] == [
        ("debt", visit.pk, net["vol"], TODAY, None),
        ("recruited_online", visit.pk, net["vol"], TODAY, None),
    ]
    h.refresh_from_db()
    assert h.score == pytest.approx(_weight("debt", "recruited_online"))
    assert cache.get(COVERAGE_CACHE_KEY) is None  # the province map counts again
    # The outreach list puts the household first and says what was seen, by whom and when.
    _household("HF2", village="40010103", deprived_income=True)
    client.force_login(net["sup"])
    url = reverse("network:outreach") + "?level=village&code=40010103"
    r = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert r.text.index(">HF1<") < r.text.index(">HF2<")
    row = r.text[r.text.index(">HF1<") : r.text.index("</tr>", r.text.index(">HF1<"))]
    assert "Heavy debt" in row and "A member was recruited abroad through an online ad" in row
    name = net["vol"].get_full_name()
    assert f"seen by {name}" in row and "Household outreach visit" in row
    r = client.get(url, HTTP_ACCEPT_LANGUAGE="th")
    row = r.text[r.text.index(">HF1<") : r.text.index("</tr>", r.text.index(">HF1<"))]
    assert "มีหนี้สินมาก" in row and f"พบโดย {name}" in row and "เยี่ยมครัวเรือนเชิงรุก" in row


def test_a_visit_with_no_risk_and_a_refused_record_set_nothing(net):
    h = _household("HF3", village="40010103")
    visit = household_visit_assign(actor=net["cw"], household=h, volunteer=net["vol"], purpose="")
    with pytest.raises(PermissionDenied):  # not the volunteer's visit
        visit_record(actor=net["youth"], visit=visit, done_on=TODAY, findings="x",
                     risk_factors=["debt"])  # fmt: skip
    with pytest.raises(ValidationError):  # no findings written: nothing is kept
        visit_record(actor=net["vol"], visit=visit, done_on=TODAY, findings=" ",
                     risk_factors=["debt"])  # fmt: skip
    assert not HouseholdFactor.objects.exists()
    visit_record(actor=net["vol"], visit=visit, done_on=TODAY, findings="ครอบครัวอบอุ่น")
    assert not HouseholdFactor.objects.exists()
    h.refresh_from_db()
    assert h.score == 0


def test_two_visits_seeing_one_factor_count_it_once(net):
    h = _household("HF4", village="40010103")
    for findings in ("มีหนี้", "ยังมีหนี้"):
        visit = household_visit_assign(
            actor=net["cw"], household=h, volunteer=net["vol"], purpose=""
        )
        visit_record(actor=net["vol"], visit=visit, done_on=TODAY, findings=findings,
                     risk_factors=["debt"])  # fmt: skip
    assert HouseholdFactor.objects.filter(household=h, factor="debt").count() == 2
    h.refresh_from_db()
    assert h.score == pytest.approx(_weight("debt"))


def test_a_reimport_of_the_survey_keeps_what_volunteers_saw(
    net, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        do_import(net["sup"], csv_bytes(ROWS))
    h2 = Household.objects.get(household_code="H2")
    assert h2.score == 0
    visit = household_visit_assign(actor=net["cw"], household=h2, volunteer=net["vol"], purpose="")
    visit_record(actor=net["vol"], visit=visit, done_on=TODAY, findings="ลูกถูกชวนผ่านเฟซบุ๊ก",
                 risk_factors=["recruited_online"])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False):
        imp = do_import(net["sup"], csv_bytes(ROWS))
    assert imp.updated == 3
    h2.refresh_from_db()
    assert h2.score == pytest.approx(_weight("recruited_online"))


# --- a returnee's follow-up visit ----------------------------------------------------------------
@pytest.fixture
def follow_up(world):  # noqa: F811
    w = world
    w["home"] = _household("KK-0105-017")
    w["other"] = _household("TAK-001", village="63010101")
    w["visit"] = follow_up_assign(
        actor=w["cw"], case=w["case"], follow_up=w["fu1"], volunteer=w["kk_vol"],
        purpose="ติดตามความเป็นอยู่",
    )  # fmt: skip
    return w


def test_a_follow_up_reaches_the_household_whose_survey_id_the_volunteer_gives(follow_up):
    w = follow_up
    for code in ("NOPE-1", "TAK-001"):  # unknown, or in another province's survey
        with pytest.raises(ValidationError) as e:
            visit_record(actor=w["kk_vol"], visit=w["visit"], done_on=TODAY, findings="x",
                         risk_factors=["former_victim"], household_code=code)  # fmt: skip
        assert "household_code" in e.value.message_dict
    assert Visit.objects.get(pk=w["visit"].pk).status == "assigned"
    visit_record(
        actor=w["kk_vol"], visit=w["visit"], done_on=TODAY, findings="กลับมาอยู่บ้าน มีหนี้ค่านายหน้า",
        risk_factors=["former_victim", "debt"], household_code=" KK-0105-017 ",
    )  # fmt: skip
    visit = Visit.objects.get(pk=w["visit"].pk)
    assert visit.kind == VisitKind.FOLLOW_UP and visit.household == w["home"]
    assert set(
        HouseholdFactor.objects.filter(household=w["home"]).values_list("factor", flat=True)
    ) == {"former_victim", "debt"}
    before = w["home"].score  # the victim's home village counts already
    w["home"].refresh_from_db()
    assert w["home"].score == pytest.approx(before + _weight("former_victim", "debt"))


def test_a_follow_up_without_a_survey_id_reaches_no_household(follow_up):
    w = follow_up
    visit_record(actor=w["kk_vol"], visit=w["visit"], done_on=TODAY, findings="x",
                 risk_factors=["former_victim"])  # fmt: skip
    assert Visit.objects.get(pk=w["visit"].pk).household is None
    assert not HouseholdFactor.objects.exists()


def test_the_volunteers_correction_withdraws_a_factor_and_keeps_the_row(follow_up):
    w = follow_up
    base = visit_version(w["visit"])
    before = w["home"].score  # the victim's home village counts already

    def send(base, **kw):
        data = {"done_on": TODAY, "findings": "กลับมาอยู่บ้าน", "risk_factors": ["debt"],
                "referrals": [], "awareness_given": False, "household_code": "KK-0105-017"}  # fmt: skip
        data.update(kw)
        return visit_sync(actor=w["kk_vol"], visit=w["visit"], key=uuid.uuid4(),
                          base_version=base, data=VisitSend(**data))  # fmt: skip

    answer = send(base, risk_factors=["debt", "former_victim"])
    w["home"].refresh_from_db()
    assert w["home"].score == pytest.approx(before + _weight("debt", "former_victim"))
    # The volunteer corrects their record: no debt after all.
    answer = send(answer["version"], risk_factors=["former_victim"])
    debt = HouseholdFactor.objects.get(household=w["home"], factor="debt")
    assert debt.withdrawn_at is not None and debt.withdrawn_by == w["kk_vol"]
    w["home"].refresh_from_db()
    assert w["home"].score == pytest.approx(before + _weight("former_victim"))
    # And back again: the same row stands once more.
    send(answer["version"], risk_factors=["former_victim", "debt"])
    debt.refresh_from_db()
    assert debt.withdrawn_at is None
    assert HouseholdFactor.objects.filter(visit=w["visit"]).count() == 2
    w["home"].refresh_from_db()
    assert w["home"].score == pytest.approx(before + _weight("debt", "former_victim"))


def test_the_visit_page_asks_for_the_survey_id_on_a_follow_up(client, follow_up):
    w = follow_up
    client.force_login(w["kk_vol"])
    r = client.get(reverse("network:visit", args=[w["visit"].pk]))
    assert 'name="household_code"' in r.text
    r = client.post(
        reverse("network:visit", args=[w["visit"].pk]),
        {"done_on": f"{TODAY.day:02d}/{TODAY.month:02d}/{TODAY.year + 543}", "findings": "มีหนี้",
         "risk_factors": ["debt"], "household_code": "KK-0105-017"},
    )  # fmt: skip
    assert r.status_code == 302
    assert HouseholdFactor.objects.get(household=w["home"]).factor == "debt"
    # Recorded from the page (pghistory's request context on every statement) while a village
    # has an identified victim: the household is scored again with both.
    w["home"].refresh_from_db()
    assert w["home"].score == pytest.approx(scoring.weights()["victim_village"] + _weight("debt"))


def test_a_household_visit_page_does_not_ask_for_it(client, net):
    h = _household("HF5", village="40010103")
    visit = household_visit_assign(actor=net["cw"], household=h, volunteer=net["vol"], purpose="")
    client.force_login(net["vol"])
    r = client.get(reverse("network:visit", args=[visit.pk]))
    assert r.status_code == 200 and 'name="risk_factors"' in r.text
    assert 'name="household_code"' not in r.text
