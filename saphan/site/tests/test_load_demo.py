"""load_demo: the demo accounts with their roles and jurisdictions, their shared password, the
synthetic cases, and that a rerun adds nothing. One reference load and one demo load are shared
by the class (rolled back at the end); each test's own changes are rolled back after it."""

from __future__ import annotations

import re
import stat
import unicodedata
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone, translation

from saphan.cases.models import AccessReason, Case, CaseAccess
from saphan.core.tests.module_db import rolled_back
from saphan.core.thai import to_be_year
from saphan.orgs import access
from saphan.orgs.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD_ENV,
    DemoDataError,
    demo_password,
    demo_password_file,
)
from saphan.orgs.models import User
from saphan.orgs.reference import load_reference
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import (
    TEST_PASSWORD,
    CaseAccessFactory,
    ProvinceFactory,
    RegionFactory,
    UserFactory,
)
from saphan.people.models import CaseParty, PartyRole, Person
from saphan.site.demo import ensure_demo_data, format_accounts_table

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English, whatever the Thai catalogue says."""
    with translation.override("en"):
        yield


# username: (role, jurisdiction, province, region, agency code)
EXPECTED = {
    "admin": (Role.SYSTEM_ADMIN, "nation", None, None, None),
    "auditor": (Role.AUDITOR, "nation", None, None, None),
    "central.datip": (Role.CENTRAL_OFFICER, "nation", None, None, "datip"),
    "region.northeast": (Role.REGIONAL_OFFICER, "region", None, "northeast", "region-northeast"),
    "km.central": (Role.KNOWLEDGE_MANAGER, "nation", None, None, "datip"),
    **{
        f"{prefix}.{slug}": (role, "province", code, region, f"{agency}-{code}")
        for code, slug, region in (
            ("40", "khonkaen", "northeast"),
            ("63", "tak", "north"),
            ("90", "songkhla", "south"),
            ("10", "bangkok", "central"),
        )
        for prefix, role, agency in (
            ("cw", Role.CASE_WORKER, "psdhs"),
            ("sup", Role.PROVINCIAL_SUPERVISOR, "psdhs"),
            ("police", Role.MDT_MEMBER, "police"),
        )
    },
    "vol.khonkaen": (Role.VOLUNTEER, "province", "40", "northeast", None),
    "youth.khonkaen": (Role.YOUTH_COUNCIL, "province", "40", "northeast", None),
}


def _rows() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "cases": Case.objects.count(),
        "persons": Person.objects.count(),
        "parties": CaseParty.objects.count(),
        "accesses": CaseAccess.objects.count(),
    }


def test_without_reference_data_it_says_what_to_run(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    with pytest.raises(CommandError, match="run “manage.py load_reference” first"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_a_real_account_with_a_demo_username_is_left_alone(tmp_path, settings, monkeypatch):
    settings.DATA_DIR = tmp_path
    monkeypatch.delenv(DEMO_PASSWORD_ENV, raising=False)
    load_reference()
    real = UserFactory(username="admin", roles=[Role.SYSTEM_ADMIN])
    with pytest.raises(DemoDataError, match="not demo accounts.*: admin"):
        ensure_demo_data()
    assert authenticate(username="admin", password=TEST_PASSWORD) == real
    assert not User.objects.filter(is_demo=True).exists()


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Reference and demo data for the whole class, rolled back when the class is done; the
    generated password lives in a temporary data dir."""
    with (
        pytest.MonkeyPatch.context() as mp,
        override_settings(DATA_DIR=tmp_path_factory.mktemp("data")),
        rolled_back(django_db_blocker),
    ):
        mp.delenv(DEMO_PASSWORD_ENV, raising=False)
        load_reference()
        yield ensure_demo_data()


class TestDemo:
    def test_accounts_have_their_roles_and_jurisdictions(self, demo):
        assert (
            [u.username for u in demo.accounts]
            == [s.username for s in DEMO_ACCOUNTS]
            == list(EXPECTED)
        )
        for user in User.objects.filter(is_demo=True).select_related("agency"):
            role, jurisdiction, province, region, agency = EXPECTED[user.username]
            assert user.roles == [role], user.username
            assert (
                user.jurisdiction,
                user.province_id,
                user.agency.code if user.agency else None,
            ) == (
                jurisdiction,
                province,
                agency,
            ), user.username
            assert user.region_id == region, user.username
            assert user.first_name and user.last_name and user.name_en.isascii(), user.username
            assert user.is_staff == (user.username == "admin") and not user.is_superuser
        assert demo.accounts_created == len(EXPECTED)

    def test_admin_manages_accounts_and_reference_data_but_not_cases(self, demo):
        admin = User.objects.get(username="admin")
        assert {
            "orgs.change_user",
            "orgs.add_agency",
            "orgs.change_team",
            "geo.change_province",
        } <= (admin.get_all_permissions())
        # cases' only reference data, the directory of counterparts, is the admin's to keep
        assert not {
            p for p in admin.get_all_permissions()
            if p.startswith(("cases.", "people.")) and not p.endswith("counterpart")
        }  # fmt: skip
        assert not admin.has_perm("people.view_person")

    def test_every_account_signs_in_with_the_kept_password(self, demo):
        path = demo_password_file()
        assert demo.password_file == path
        assert len(demo.password) >= 12
        assert path.read_text().strip() == demo.password == demo_password()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        for username in EXPECTED:
            assert authenticate(username=username, password=demo.password) is not None, username
        assert authenticate(username="cw.tak", password=demo.password + "x") is None

    def test_a_rerun_adds_nothing_and_keeps_changes(self, demo):
        before = _rows()
        User.objects.filter(username="cw.tak").update(first_name="สมหญิง")
        again = ensure_demo_data()
        assert (again.accounts_created, again.cases_created) == (0, 0)
        assert _rows() == before
        assert User.objects.get(username="cw.tak").first_name == "สมหญิง"
        assert again.password == demo.password

    def test_the_environment_password_wins_and_takes_effect_on_rerun(self, demo, monkeypatch):
        monkeypatch.setenv(DEMO_PASSWORD_ENV, "workshop-khonkaen-2569")
        summary = ensure_demo_data()
        assert (summary.password, summary.password_file) == ("workshop-khonkaen-2569", None)
        assert authenticate(username="sup.songkhla", password="workshop-khonkaen-2569") is not None
        assert authenticate(username="sup.songkhla", password=demo.password) is None
        assert f"from {DEMO_PASSWORD_ENV}" in format_accounts_table(summary)

    def test_cases_are_synthetic_coded_and_owned_by_the_provincial_office(self, demo):
        cases = Case.objects.select_related("agency", "case_worker")
        assert demo.cases == cases.count() == 12
        year = to_be_year(timezone.localdate().year)
        for case in cases:
            assert re.fullmatch(rf"(40|63|90|10)-{year}-\d{{5}}", case.code), case.code
            assert case.is_demo and case.agency.code == f"psdhs-{case.province_id}"
            assert (
                case.case_worker.username.startswith("cw.")
                and case.case_worker.province_id == case.province_id
            )
            (party,) = case.parties.select_related("person")
            assert (
                party.role == PartyRole.VICTIM and party.person.is_demo and party.person.full_name
            )
        assert sorted(cases.filter(province_id="40").values_list("code", flat=True)) == [
            f"40-{year}-0000{n}" for n in (1, 2, 3)
        ]
        assert len(set(cases.values_list("phase", flat=True))) == 7

    def test_what_each_demo_account_sees(self, demo):
        users = {u.username: u for u in User.objects.all()}
        khon_kaen = Case.objects.filter(province_id="40")
        assert set(access.visible_cases(users["cw.khonkaen"])) == set(khon_kaen)
        assert set(access.visible_cases(users["sup.khonkaen"])) == set(khon_kaen)
        (assigned,) = access.visible_cases(users["police.khonkaen"])
        assert assigned.province_id == "40" and not access.can_see_identity(
            users["police.khonkaen"], assigned
        )
        grant = CaseAccess.objects.get(user=users["police.khonkaen"])
        assert (grant.reason, grant.identity, grant.granted_by.username) == (
            AccessReason.ASSIGNED,
            False,
            "sup.khonkaen",
        )
        for nobody in ("admin", "auditor", "central.datip", "region.northeast", "vol.khonkaen"):
            assert not access.visible_cases(users[nobody]).exists(), nobody

    def test_the_command_prints_the_accounts_and_the_password(self, demo):
        out = StringIO()
        with translation.override("en"):
            call_command("load_demo", stdout=out)
        output = out.getvalue()
        assert "synthetic" in output
        assert f"Password of every demo account: {demo.password}" in output
        assert re.search(
            r"^police\.tak +police-63 +Province: Tak +\S.* / Multidisciplinary team member$",
            output,
            re.M,
        )
        assert "Accounts created: 0; cases created: 0" in output

    def test_the_table_lines_up_with_thai_place_names(self, demo):
        with translation.override("th"):
            lines = format_accounts_table(demo).splitlines()[1 : 2 + len(EXPECTED)]
        # Thai vowel and tone marks above or below a consonant take no column on a terminal.
        starts = {
            sum(
                unicodedata.category(ch) != "Mn"
                for ch in line[: line.rindex(re.split("  +", line)[-1])]
            )
            for line in lines
        }
        assert len(starts) == 1
        assert any("ภาคตะวันออกเฉียงเหนือ" in line for line in lines)

    def test_factories_reuse_the_reference_rows(self, demo):
        assert RegionFactory(code="south").name_th == "ภาคใต้"
        assert ProvinceFactory(code="63").region_id == "north"
        grant = CaseAccessFactory()
        assert grant.user.province == grant.case.province == grant.case.agency.province
        assert grant.user.agency.kind == "police" and grant.user.roles == [Role.MDT_MEMBER]
        assert access.can_view_case(grant.user, grant.case)
