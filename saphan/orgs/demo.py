"""Demo accounts, so that a fresh install shows what each role can see (the demo cases and the
other apps' demo data are added by saphan/site/demo.py).

Everything made here is marked ``is_demo`` and made up: names are drawn from pythainlp's lists
of Thai given and family names, never from real records. Reruns change nothing but the
password, so `make run` can call this on every start.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext as _
from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names
from pythainlp.transliterate import romanize

from saphan.core.kept import kept_secret
from saphan.geo.models import Province

from .models import Agency, AgencyKind, User
from .reference import DATIP_CODE, provincial_agency_code, regional_office_code
from .roles import Jurisdiction, Role

DEMO_PASSWORD_ENV = "SAPHAN_DEMO_PASSWORD"
# The four demo provinces, one per region, with the slug used in their usernames.
DEMO_PROVINCES = {"40": "khonkaen", "63": "tak", "90": "songkhla", "10": "bangkok"}

# What the demo administrator may do in Django's admin: accounts, agencies, teams and areas,
# never case or person content (DOMAIN.md: "users, reference data — not case content").
# Records are deactivated rather than deleted; only a team membership may be removed.
ADMIN_PERMISSIONS = {
    "orgs": {
        "user": "view add change",
        "agency": "view add change",
        "team": "view add change",
        "teammembership": "view add change delete",
    },
    "geo": dict.fromkeys(
        ("region", "province", "district", "subdistrict", "village"), "view add change"
    ),
    # the directory of foreign counterparts and NGOs: reference data, not case content
    "cases": {"counterpart": "view add change"},
}


class DemoDataError(Exception):
    """The demo data cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class DemoAccountSpec:
    """One demo account as it is first created; agency and areas by their reference codes."""

    username: str
    role: Role
    jurisdiction: Jurisdiction
    province_code: str | None = None
    region_code: str | None = None
    agency_code: str | None = None
    is_staff: bool = False


def _provincial_accounts() -> list[DemoAccountSpec]:
    accounts = []
    for code, slug in DEMO_PROVINCES.items():
        psdhs = provincial_agency_code(kind=AgencyKind.PSDHS, province_code=code)
        police = provincial_agency_code(kind=AgencyKind.POLICE, province_code=code)
        for username, role, agency in (
            (f"cw.{slug}", Role.CASE_WORKER, psdhs),
            (f"sup.{slug}", Role.PROVINCIAL_SUPERVISOR, psdhs),
            (f"police.{slug}", Role.MDT_MEMBER, police),
        ):
            accounts.append(
                DemoAccountSpec(username, role, Jurisdiction.PROVINCE, code, agency_code=agency)
            )
    return accounts


DEMO_ACCOUNTS = (
    DemoAccountSpec("admin", Role.SYSTEM_ADMIN, Jurisdiction.NATION, is_staff=True),
    DemoAccountSpec("auditor", Role.AUDITOR, Jurisdiction.NATION),
    DemoAccountSpec(
        "central.datip", Role.CENTRAL_OFFICER, Jurisdiction.NATION, agency_code=DATIP_CODE
    ),
    DemoAccountSpec(
        "region.northeast",
        Role.REGIONAL_OFFICER,
        Jurisdiction.REGION,
        region_code="northeast",
        agency_code=regional_office_code(region_code="northeast"),
    ),
    DemoAccountSpec(
        "km.central", Role.KNOWLEDGE_MANAGER, Jurisdiction.NATION, agency_code=DATIP_CODE
    ),
    *_provincial_accounts(),
    DemoAccountSpec("vol.khonkaen", Role.VOLUNTEER, Jurisdiction.PROVINCE, "40"),
    DemoAccountSpec("youth.khonkaen", Role.YOUTH_COUNCIL, Jurisdiction.PROVINCE, "40"),
)


def demo_password_file() -> Path:
    """Where a generated demo password is kept between runs."""
    return settings.DATA_DIR / "demo-password.txt"


def demo_password() -> str:
    """The password of every demo account: ``SAPHAN_DEMO_PASSWORD``, or one generated on first
    use and kept (readable by the owner only) under the data dir, so that every restart of the
    demo prints and accepts the same password instead of a new one each time."""
    return kept_secret(env=DEMO_PASSWORD_ENV, path=demo_password_file(), nbytes=12)


@cache
def _name_lists() -> tuple[list[str], list[str], list[str]]:
    # Sorted: iterating a frozenset depends on string hashing, which changes every process.
    return sorted(thai_female_names()), sorted(thai_male_names()), sorted(thai_family_names())


def synthetic_thai_name(*, seed: str) -> tuple[str, str]:
    """A made-up (given name, family name), always the same for the same seed, so reruns and
    other machines show the same demo people."""
    rng = random.Random(f"saphan-demo:{seed}")
    female, male, family = _name_lists()
    return rng.choice(female if rng.random() < 0.5 else male), rng.choice(family)


def _new_account(
    *, spec: DemoAccountSpec, agencies: dict[str, Agency], provinces: dict[str, Province]
) -> User:
    given, family = synthetic_thai_name(seed=spec.username)
    province = provinces[spec.province_code] if spec.province_code else None
    return User(
        username=spec.username,
        first_name=given,
        last_name=family,
        name_en=" ".join(romanize(part, engine="royin").capitalize() for part in (given, family)),
        roles=[spec.role],
        jurisdiction=spec.jurisdiction,
        province=province,
        region_id=province.region_id if province else spec.region_code,
        agency=agencies[spec.agency_code] if spec.agency_code else None,
        is_staff=spec.is_staff,
        is_superuser=False,
        is_demo=True,
    )


def _admin_permissions() -> list[Permission]:
    wanted = Q(pk__in=[])
    for app_label, models in ADMIN_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions.split()]
            wanted |= Q(
                content_type__app_label=app_label, content_type__model=model, codename__in=codenames
            )
    return list(Permission.objects.filter(wanted))


def _ensure_accounts(*, password: str, agencies: dict[str, Agency]) -> tuple[list[User], int]:
    existing = User.objects.in_bulk([s.username for s in DEMO_ACCOUNTS], field_name="username")
    # Never reset the password of a real account that happens to have a demo username.
    strangers = sorted(u.username for u in existing.values() if not u.is_demo)
    if strangers:
        raise DemoDataError(
            _(
                "These accounts exist and are not demo accounts, so the demo leaves them alone: %(usernames)s."
            )
            % {"usernames": ", ".join(strangers)}
        )
    provinces = Province.objects.in_bulk(
        [s.province_code for s in DEMO_ACCOUNTS if s.province_code]
    )
    # One hash for all: the accounts share the password openly, and Argon2 takes a tenth of a
    # second per hash, which would make every start of the demo wait for nineteen of them.
    hashed = make_password(password)
    # Only the password follows the current setting; anything changed in a demo account stays.
    User.objects.filter(pk__in=[u.pk for u in existing.values()]).update(password=hashed)
    created = 0
    for spec in DEMO_ACCOUNTS:
        user = existing.get(spec.username)
        if user is None:
            user = _new_account(spec=spec, agencies=agencies, provinces=provinces)
            user.password = hashed
            user.save()
            created += 1
        if spec.is_staff:
            user.user_permissions.add(*_admin_permissions())
    by_username = User.objects.select_related("agency", "province", "region").in_bulk(
        [s.username for s in DEMO_ACCOUNTS], field_name="username"
    )
    return [by_username[s.username] for s in DEMO_ACCOUNTS], created


def ensure_demo_accounts() -> tuple[list[User], int, str]:
    """Create the demo accounts that are missing and set every demo account's password to the
    current demo password, in the caller's transaction: (accounts in DEMO_ACCOUNTS order, how
    many were created, the password). Needs the reference data (load_reference)."""
    password = demo_password()
    needed = {s.agency_code for s in DEMO_ACCOUNTS if s.agency_code}
    agencies = Agency.objects.in_bulk(needed, field_name="code")
    if missing := sorted(needed - set(agencies)):
        raise DemoDataError(
            _(
                "Reference data is missing (no agency %(codes)s): run “manage.py load_reference” first."
            )
            % {"codes": ", ".join(missing)}
        )
    accounts, created = _ensure_accounts(password=password, agencies=agencies)
    return accounts, created, password
