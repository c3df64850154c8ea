"""An account with no model permission is remembered as such (orgs.auth.LockoutModelBackend):
a permission the rules refuse costs no query the next time, and a permission given in the
admin is seen at once."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saphan.orgs.auth import forget_accounts_without_permissions
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh():
    forget_accounts_without_permissions()
    yield
    forget_accounts_without_permissions()


def _fresh_user(user):
    return type(user).objects.get(pk=user.pk)  # a new request reads the account again


@pytest.mark.django_db
def test_none_is_remembered_and_a_permission_given_or_a_group_shows_at_once():
    user = UserFactory(roles=[Role.CASE_WORKER])
    assert not user.has_perm("geo.change_province")
    user = _fresh_user(user)
    with CaptureQueriesContext(connection) as again:
        assert not user.has_perm("geo.change_province")
    assert len(again) == 0

    user.user_permissions.add(Permission.objects.get(codename="change_province"))
    assert _fresh_user(user).has_perm("geo.change_province")

    other = UserFactory(roles=[Role.CASE_WORKER])
    assert not _fresh_user(other).has_perm("geo.change_district")
    group = Group.objects.create(name="reference editors")
    other.groups.add(group)
    group.permissions.add(Permission.objects.get(codename="change_district"))
    assert _fresh_user(other).has_perm("geo.change_district")


@pytest.mark.django_db
def test_a_permission_taken_away_is_never_seen_late():
    user = UserFactory(roles=[Role.CASE_WORKER])
    permission = Permission.objects.get(codename="change_province")
    user.user_permissions.add(permission)
    assert _fresh_user(user).has_perm("geo.change_province")  # held: nothing remembered
    user.user_permissions.remove(permission)
    assert not _fresh_user(user).has_perm("geo.change_province")
