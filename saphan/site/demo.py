"""The demo, put together: the demo accounts (orgs), a few synthetic cases per demo province
owned by its พมจ., and each app's own demo data. Everything is synthetic and labelled as such.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pghistory
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from saphan.cases.models import AccessReason, Case, CaseAccess
from saphan.cases.process import Phase
from saphan.cases.services.common import next_case_code
from saphan.geo.models import Province
from saphan.orgs.demo import (
    DEMO_PASSWORD_ENV,
    DEMO_PROVINCES,
    demo_password_file,
    ensure_demo_accounts,
    synthetic_thai_name,
)
from saphan.orgs.models import Agency, AgencyKind, User
from saphan.orgs.reference import provincial_agency_code
from saphan.orgs.roles import Role
from saphan.orgs.selectors import jurisdiction_label
from saphan.people.models import CaseParty, PartyRole, Person
from saphan.people.services import primary_names_backfill

CASES_PER_PROVINCE = 3


@dataclass(frozen=True)
class DemoSummary:
    accounts: list[User]  # in DEMO_ACCOUNTS order
    accounts_created: int
    password: str
    password_file: Path | None  # None when the password comes from SAPHAN_DEMO_PASSWORD
    cases: int
    cases_created: int


def _ensure_cases(*, accounts: dict[str, User], agencies: dict[str, Agency]) -> int:
    """A few cases per demo province owned by its พมจ., each with one synthetic victim, and
    one of them assigned to the province's police account without identity — enough to see
    who sees what. Phases cycle so that every phase appears somewhere."""
    phases = list(Phase)
    created = 0
    for index, (code, slug) in enumerate(DEMO_PROVINCES.items()):
        agency = agencies[provincial_agency_code(kind=AgencyKind.PSDHS, province_code=code)]
        cases = list(
            Case.objects.filter(is_demo=True, province_id=code, agency=agency).order_by("code")
        )
        for number in range(len(cases), CASES_PER_PROVINCE):
            case = Case.objects.create(
                code=next_case_code(province=Province.objects.get(code=code), at=timezone.now()),
                province_id=code,
                agency=agency,
                case_worker=accounts[f"cw.{slug}"],
                phase=phases[(index * CASES_PER_PROVINCE + number) % len(phases)],
                is_demo=True,
            )
            person = Person.objects.create(
                full_name=" ".join(synthetic_thai_name(seed=case.code)), is_demo=True
            )
            CaseParty.objects.create(case=case, person=person, role=PartyRole.VICTIM)
            cases.append(case)
            created += 1
        police = accounts[f"police.{slug}"]
        if not CaseAccess.objects.filter(user=police, case__in=cases).exists():
            CaseAccess.objects.create(
                case=cases[0],
                user=police,
                reason=AccessReason.ASSIGNED,
                identity=False,
                granted_by=accounts[f"sup.{slug}"],
                note="มอบหมายให้ร่วมคัดแยกและสอบสวน (ข้อมูลสาธิต)",
            )
    return created


def ensure_demo_data() -> DemoSummary:
    """Create the demo accounts and cases that are missing and set every demo account's
    password to the current demo password. Needs the reference data (load_reference)."""
    with transaction.atomic(), pghistory.context(command="load_demo"):
        accounts, accounts_created, password = ensure_demo_accounts()
        agencies = Agency.objects.in_bulk(
            {u.agency.code for u in accounts if u.agency}, field_name="code"
        )
        cases_created = _ensure_cases(accounts={u.username: u for u in accounts}, agencies=agencies)
        primary_names_backfill()  # names with matching keys, so the duplicate check finds them
    return DemoSummary(
        accounts=accounts,
        accounts_created=accounts_created,
        password=password,
        password_file=None if os.environ.get(DEMO_PASSWORD_ENV) else demo_password_file(),
        cases=Case.objects.filter(is_demo=True).count(),
        cases_created=cases_created,
    )


def _width(text: str) -> int:
    # Thai vowel and tone marks sit above or below their consonant and take no column.
    return sum(unicodedata.category(ch) not in ("Mn", "Me", "Cf") for ch in text)


def _in_thai_and_english(label) -> str:
    with translation.override("th"):
        thai = str(label)
    with translation.override("en"):
        english = str(label)
    return thai if thai == english else f"{thai} / {english}"


def format_accounts_table(summary: DemoSummary) -> str:
    """The demo accounts, their role, jurisdiction and agency, and the password, as printed by
    load_demo and `make run`: what someone trying the demo needs to sign in."""
    header = [_("Username"), _("Agency"), _("Jurisdiction"), _("Role")]
    rows = [
        [
            user.username,
            user.agency.code if user.agency else "—",
            jurisdiction_label(user),
            ", ".join(_in_thai_and_english(Role(role).label) for role in user.roles),
        ]
        for user in summary.accounts
    ]
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = [
        "  ".join(
            [
                *(
                    cell + " " * (w - _width(cell))
                    for cell, w in zip(row[:-1], widths, strict=True)
                ),
                row[-1],
            ]
        )
        for row in [header, *rows]
    ]
    if summary.password_file:
        where = _("kept in %(path)s") % {"path": summary.password_file}
    else:
        where = _("from %(variable)s") % {"variable": DEMO_PASSWORD_ENV}
    return "\n".join(
        [
            _("Demo accounts. Every person, name and case in the demo is synthetic (made up)."),
            *lines,
            _("Password of every demo account: %(password)s (%(where)s)")
            % {"password": summary.password, "where": where},
            _("Demo cases: %(count)d.") % {"count": summary.cases},
        ]
    )


def app_demo_data() -> list[str]:
    """The demo data of the apps that stand on the protection process, after the cases: each
    keeps it in its ``demo.py`` as ``ensure_demo()`` (idempotent, synthetic and labelled as
    such). Returns what they have to say."""
    from saphan.capacity.demo import ensure_demo as capacity_demo
    from saphan.knowledge.demo import ensure_demo as knowledge_demo
    from saphan.network.demo import ensure_demo as network_demo
    from saphan.plans.demo import ensure_demo as plans_demo

    said = (ensure() for ensure in (knowledge_demo, capacity_demo, plans_demo, network_demo))
    return [message for message in said if message]
