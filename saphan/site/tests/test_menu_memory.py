"""The menu each page draws is remembered per account (site.navigation.menu_for): the same
items as asking every permission, no query the second time, and a change of what the
permissions read shows at once."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import UserFactory
from saphan.site.navigation import forget_menus, menu_for, navigation_for


def _names(items):
    return [item.url_name for item in items]


@pytest.mark.django_db
def test_the_remembered_menu_is_the_asked_one_and_costs_no_query_the_second_time():
    forget_menus()
    for roles in ([Role.PROVINCIAL_SUPERVISOR], [Role.CASE_WORKER], [Role.VOLUNTEER]):
        user = UserFactory(roles=roles)
        first = menu_for(user)
        assert _names(first) == _names(navigation_for(user))
        with CaptureQueriesContext(connection) as again:
            assert _names(menu_for(user)) == _names(first)
        assert len(again) == 0


@pytest.mark.django_db
def test_a_new_role_or_model_permission_shows_at_once():
    forget_menus()
    user = UserFactory(roles=[Role.VOLUNTEER])
    assert "cases:list" not in _names(menu_for(user))
    user.roles = [Role.CASE_WORKER]
    user.save()
    assert "cases:list" in _names(menu_for(user))

    # A model permission given in the admin (Django's ModelBackend answers has_perm too): the
    # menus remembered are asked again.
    staff = UserFactory(roles=[Role.VOLUNTEER], is_staff=True)
    menu_for(staff)
    staff.user_permissions.add(Permission.objects.filter(content_type__app_label="geo").first())
    staff = type(staff).objects.get(pk=staff.pk)  # a new request reads the account again
    with CaptureQueriesContext(connection) as asked:
        assert _names(menu_for(staff)) == _names(navigation_for(staff))
    assert any("auth_permission" in q["sql"] for q in asked.captured_queries)
