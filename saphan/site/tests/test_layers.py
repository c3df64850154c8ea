"""The layers of DESIGN.md hold, and what the higher apps register reaches the pages of the lower
ones: the menu, alerts that open their page, and the migration that turned an alert's case into
that page's link."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from importlinter.cli import lint_imports

from saphan.core.models import Alert
from saphan.core.services import alert_write, alerts_after_commit
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import TEST_PASSWORD, CaseFactory, UserFactory
from saphan.site.navigation import navigation_for


def test_the_layers_contract_holds():
    # The same check as `make lint` and CI: an app imports only from the layers below it.
    assert lint_imports(config_filename=str(Path(settings.BASE_DIR) / "pyproject.toml")) == 0


@pytest.mark.django_db
def test_the_menu_gathers_what_each_app_registers_in_its_order():
    supervisor = UserFactory(roles=[Role.PROVINCIAL_SUPERVISOR])
    names = [item.url_name for item in navigation_for(supervisor)]
    # home (site), the case work (cases/nav.py), then the apps on top, in their places
    assert names[:4] == ["home", "cases:list", "cases:deadlines", "cases:referrals"]
    assert (
        names.index("network:triage") < names.index("knowledge:home") < names.index("plans:index")
    )
    auditor = UserFactory(roles=[Role.AUDITOR], province=None, agency=None)
    assert [item.url_name for item in navigation_for(auditor)][-1] == "audit:search"


@pytest.mark.django_db
def test_an_alert_opens_its_page_and_is_written_only_after_the_commit(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(language="en")
    case = CaseFactory(province=user.province, agency=user.agency)
    link = reverse("cases:detail", args=[case.code])
    with django_capture_on_commit_callbacks() as callbacks:
        alerts_after_commit(
            users=[user], key=f"test:{case.pk}", kind="test", message=lambda: "Look here", link=link
        )
        assert not Alert.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    alert = Alert.objects.get(user=user)
    assert (alert.key, alert.kind, alert.link) == (f"test:{case.pk}:{user.pk}", "test", link)
    # once per key: raising it again adds nothing
    assert not alert_write(user=user, key=alert.key, kind="test", message="again")
    assert client.login(username=user.username, password=TEST_PASSWORD)
    assert f'<a href="{link}">Look here</a>' in client.get(reverse("alerts")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_old_alerts_case_as_its_link():
    user = UserFactory()
    case = CaseFactory(province=user.province, agency=user.agency)
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0002_alert")])
    old = executor.loader.project_state([("core", "0002_alert")]).apps.get_model("core", "Alert")
    old.objects.create(user_id=user.pk, case_id=case.pk, kind="k", message="m", key="with-case")
    old.objects.create(user_id=user.pk, kind="k", message="m", key="without-case")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    links = dict(Alert.objects.values_list("key", "link"))
    assert links == {"with-case": f"/cases/{case.code}/", "without-case": ""}
