"""A case walked to the protection phase in Tak (scenario (a): a Khon Kaen woman screened in
Tak), with the people the parallel-track tests need: who may write, who may not."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from saphan.cases.enums import DecisionOrg, TraffickingStatus
from saphan.cases.models import AccessReason, Case, CaseAccess
from saphan.cases.services import (
    identification_approve,
    identification_decide,
    rights_notice_record,
)
from saphan.cases.services.stages import MemberPresent
from saphan.orgs.models import AgencyKind
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import (
    AgencyFactory,
    PersonFactory,
    ProvinceFactory,
    staff,
    volunteer,
)

from .builders import open_case, screen

NOW = timezone.now()
TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def make_world() -> dict:
    tak = ProvinceFactory(code="63")
    kk = ProvinceFactory(code="40")
    psdhs = AgencyFactory(code="psdhs-63", province=tak)
    shelter = AgencyFactory(code="shelter-63", kind=AgencyKind.SHELTER, province=tak)
    police = AgencyFactory(code="police-63", kind=AgencyKind.POLICE, province=tak)
    psdhs_kk = AgencyFactory(code="psdhs-40", province=kk)
    police_kk = AgencyFactory(code="police-40", kind=AgencyKind.POLICE, province=kk)
    w = {
        "tak": tak,
        "kk": kk,
        "psdhs": psdhs,
        "shelter": shelter,
        "police": police,
        "psdhs_kk": psdhs_kk,
        "police_kk": police_kk,
        "cw": staff("cw", psdhs),
        "sup": staff("sup", psdhs, Role.PROVINCIAL_SUPERVISOR),
        "police_user": staff("pol", police, Role.MDT_MEMBER),
        "shelter_user": staff("shelter_staff", shelter, Role.SHELTER_STAFF),
        "vol": volunteer("vol", tak),
        "cw_kk": staff("cw_kk", psdhs_kk),
        "cw_kk2": staff("cw_kk2", psdhs_kk),
        "sup_kk": staff("sup_kk", psdhs_kk, Role.PROVINCIAL_SUPERVISOR),
        "police_kk_user": staff("pol_kk", police_kk, Role.MDT_MEMBER),
    }
    w["case"] = protected_case(
        w,
        description="หญิงไทยถูกหลอกไปทำงานในแก๊งคอลเซ็นเตอร์ที่เมียวดี",
        person_name="มะลิ ศรีขอนแก่น",
        exploitation_types=["ForcedCriminality"],
        reasons="ถูกบังคับให้หลอกลวงทางออนไลน์",
        purposes=["ForcedCriminality"],
        member="ร.ต.อ. ทดสอบ",
        rights=["compensation", "stay_and_work"],
    )
    return w


def protected_case(
    w: dict, *, description: str, person_name: str, exploitation_types: list[str] | None = None,
    reasons: str, purposes: list[str], member: str, rights: list[str],
) -> Case:  # fmt: skip
    """A case of the world's case worker walked to protection: a tip three days ago, the person
    screened, identified as a victim by the police (approved), told their rights; the police MDT
    member assigned without identity."""
    cw = w["cw"]
    case = open_case(
        cw, NOW - dt.timedelta(days=3), source="police", channel="field", description=description,
        person=PersonFactory(full_name=person_name),
    )  # fmt: skip
    screen(cw, case, NOW - dt.timedelta(days=2), exploitation_types=exploitation_types or [])
    decision = identification_decide(
        actor=cw, case=case, status=TraffickingStatus.ACTUAL, deciding_org=DecisionOrg.POLICE,
        decided_at=NOW - dt.timedelta(days=1), reasons=reasons,
        basis="s6", acts=["recruiting"], means=["deception"], purposes=purposes,
        members=[MemberPresent(agency=w["police"], name=member)],
    )  # fmt: skip
    identification_approve(actor=w["sup"], case=case, decision=decision)
    rights_notice_record(
        actor=cw, case=case, notified_at=NOW - dt.timedelta(hours=20), language="th", rights=rights
    )
    CaseAccess.objects.create(
        case=case, user=w["police_user"], reason=AccessReason.ASSIGNED, identity=False
    )
    return Case.objects.get(pk=case.pk)


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)
