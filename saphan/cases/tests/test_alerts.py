import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from saphan.cases.tasks import raise_deadline_alerts
from saphan.core.models import Alert
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import AgencyFactory, ProvinceFactory, UserFactory, staff

from .builders import hold, open_case


@pytest.fixture
def case_in_custody(db):
    province = ProvinceFactory(code="40")
    psdhs = AgencyFactory(code="psdhs-40", province=province)
    cw = staff("cw", psdhs)
    sup = staff("sup", psdhs, Role.PROVINCIAL_SUPERVISOR)
    other = staff("cw_other", psdhs)
    sup_tak = UserFactory(
        username="sup_tak", province=ProvinceFactory(code="63"), roles=[Role.PROVINCIAL_SUPERVISOR]
    )
    now = timezone.now()
    case = open_case(
        cw, now - dt.timedelta(hours=21), source="police", channel="field", description="x"
    )
    hold(cw, case, now - dt.timedelta(hours=20))
    return {"case": case, "cw": cw, "sup": sup, "other": other, "sup_tak": sup_tak, "now": now}


def test_custody_due_soon_alerts_worker_and_supervisor_once(case_in_custody):
    w = case_in_custody
    assert raise_deadline_alerts() == 2
    assert raise_deadline_alerts() == 0  # never twice
    users = set(Alert.objects.values_list("user__username", flat=True))
    assert users == {"cw", "sup"}
    assert Alert.objects.get(user=w["cw"]).level == "warning"
    assert w["case"].code in Alert.objects.get(user=w["sup"]).message


def test_an_overdue_custody_raises_a_new_alert(case_in_custody):
    raise_deadline_alerts()
    assert raise_deadline_alerts(now=case_in_custody["now"] + dt.timedelta(hours=5)) == 2
    assert Alert.objects.filter(level="danger").count() == 2


def test_alerts_page_shows_only_my_alerts_and_marks_them_read(client, case_in_custody):
    raise_deadline_alerts()
    client.force_login(case_in_custody["other"])
    assert case_in_custody["case"].code not in client.get(reverse("alerts")).content.decode()
    client.force_login(case_in_custody["cw"])
    home = client.get(reverse("home")).content.decode()
    assert 'id="nav-alerts"' in home and "text-bg-warning" in home
    assert case_in_custody["case"].code in client.get(reverse("alerts")).content.decode()
    assert not Alert.objects.filter(user=case_in_custody["cw"], read_at__isnull=True).exists()
    assert Alert.objects.filter(user=case_in_custody["sup"], read_at__isnull=True).exists()


def test_alerts_are_written_in_each_readers_language(case_in_custody):
    from saphan.orgs.models import User

    User.objects.filter(pk=case_in_custody["sup"].pk).update(language="en")
    raise_deadline_alerts()
    assert "Screening custody ends" in Alert.objects.get(user__username="sup").message
    assert "Screening custody ends" not in Alert.objects.get(user__username="cw").message
