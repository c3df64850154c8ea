"""The API tests' world: the tracks world of cases (a Tak case in protection, its people) and the
system administrator who issues the partners' tokens."""

import pytest

from saphan.cases.tests.tracks_world import make_world
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import national_user


@pytest.fixture
def w(db):
    world = make_world()
    world["admin"] = national_user("sysadmin", Role.SYSTEM_ADMIN)
    return world
