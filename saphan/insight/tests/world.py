"""A small world of case records for the insight tests, written straight to the models (the
indicators only read them): cases in Khon Kaen, Udon Thani (northeast), Tak (north) and Bangkok
(central), with every kind of record the indicators count, at dates over the last 14 months."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from saphan.cases.enums import (
    CompensationKind,
    DecisionOrg,
    ExploitationType,
    IdentitySharing,
    MethodOfControl,
    PerpetratorRole,
    PlaceSetting,
    PlaceType,
    ProceedingStatus,
    RecruitmentMethod,
    ReferralAnswer,
    ReferralReason,
    SupportType,
    TipSource,
    TraffickingStatus,
    VictimRole,
)
from saphan.cases.models import (
    AssistancePlan,
    CompensationClaim,
    CompensationOrder,
    CompensationPayment,
    Custody,
    FollowUpVisit,
    IdentificationDecision,
    Intake,
    LegalProceeding,
    Perpetrator,
    PerpetratorLink,
    PlannedService,
    Referral,
    ReintegrationPlan,
    RightsNotice,
    ScreeningInterview,
    ShelterStay,
    TraffickingPlace,
)
from saphan.core.tests.module_db import rolled_back
from saphan.orgs.models import AgencyKind
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import (
    AgencyFactory,
    CaseFactory,
    PersonFactory,
    ProvinceFactory,
    RegionFactory,
    UserFactory,
    national_user,
    regional_user,
    staff,
)
from saphan.people.models import BirthDatePrecision, CaseParty, PartyRole, Sex

PROVINCES = ["40", "41", "63", "10"]  # Khon Kaen, Udon Thani, Tak, Bangkok
SEXES = [Sex.FEMININE, Sex.MASCULINE, Sex.NON_SPECIFIED_UNKNOWN]
FORMS = [
    ExploitationType.FORCED_LABOUR,
    ExploitationType.SEXUAL_EXPLOITATION,
    ExploitationType.FORCED_CRIMINALITY,
]


CONTROLS = [
    MethodOfControl.DEBT_BONDAGE,
    MethodOfControl.WITHHOLDS_DOCUMENTS,
    MethodOfControl.PHYSICAL_THREATS,
    MethodOfControl.FALSE_PROMISES,
]
RECRUITMENT = [RecruitmentMethod.BROKER, RecruitmentMethod.ONLINE_SOCIAL_NETWORKS]
SUPPORT = [SupportType.HEALTH, SupportType.LEGAL, SupportType.LIVELIHOOD]


def world_fixture(**kwargs):
    """A module's ``world`` fixture: ``make_world(**kwargs)`` built once for the module inside a
    transaction that is rolled back at its end."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker):
        with rolled_back(django_db_blocker):
            yield make_world(**kwargs)

    return world


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_world(n_cases: int = 36, seed: int = 5) -> dict:
    rng = random.Random(seed)
    today = timezone.localdate()
    provinces = {code: ProvinceFactory(code=code) for code in PROVINCES}
    for code in ("north", "northeast", "central", "south"):
        RegionFactory(code=code)
    agencies = {
        code: AgencyFactory(code=f"psdhs-{code}", province=p) for code, p in provinces.items()
    }
    shelter = AgencyFactory(code="shelter-40", kind=AgencyKind.SHELTER, province=provinces["40"])
    kk = provinces["40"]
    users = {
        "cw_kk": staff("cw_kk", agencies["40"]),
        "sup_kk": staff("sup_kk", agencies["40"], Role.PROVINCIAL_SUPERVISOR),
        "central": national_user("central"),
        "region_ne": regional_user("region_ne", kk.region),
        "auditor": national_user("auditor", Role.AUDITOR),
        "volunteer": UserFactory(
            username="volunteer", roles=[Role.VOLUNTEER], province=kk, agency=None
        ),
        "km": national_user("km", Role.KNOWLEDGE_MANAGER),
    }
    actor = users["cw_kk"]
    cases = []
    for i in range(n_cases):
        # Khon Kaen gets the most cases so some cells are big and others small.
        code = PROVINCES[0] if i % 2 == 0 else rng.choice(PROVINCES)
        province = provinces[code]
        opened = today - dt.timedelta(days=rng.randint(5, 420))
        case = CaseFactory(
            province=province,
            agency=agencies[code],
            opened_at=at(opened, 9),
            exploitation_types=rng.sample(FORMS, rng.randint(0, 2)),
        )
        Intake.objects.create(
            case=case,
            received_at=at(opened, 8),
            source=TipSource.POLICE,
            channel="field",
            description="[ข้อมูลสาธิต] test",
            recorded_by=actor,
        )
        precision = rng.choice(list(BirthDatePrecision))
        person_kwargs = {"sex": rng.choice(SEXES), "birth_date_precision": precision}
        if precision in (BirthDatePrecision.EXACT, BirthDatePrecision.YEAR):
            person_kwargs["birth_date"] = dt.date(rng.randint(1960, 2015), rng.randint(1, 12), 15)
        elif precision == BirthDatePrecision.ESTIMATED:
            low = rng.randint(10, 40)
            person_kwargs |= {
                "age_estimate_min": low,
                "age_estimate_max": low + rng.randint(0, 4),
                "age_estimated_on": opened,
            }
        person_kwargs["citizenships"] = rng.choice([["TH"], ["MM"], ["KH"], []])
        person = PersonFactory(names=False, **person_kwargs)
        CaseParty.objects.create(case=case, person=person, role=PartyRole.VICTIM)
        if i % 7 == 3:  # a second victim in some cases
            other = PersonFactory(names=False, sex=Sex.MASCULINE, citizenships=["MM"])
            CaseParty.objects.create(case=case, person=other, role=PartyRole.VICTIM)
        if rng.random() < 0.7:
            custody = Custody.objects.create(
                case=case,
                started_at=at(opened, 10),
                place="บ้านพักเด็ก",
                place_is_not_a_cell=True,
                recorded_by=actor,
            )
            ScreeningInterview.objects.create(
                case=case,
                interviewed_at=custody.started_at + dt.timedelta(hours=rng.randint(1, 30)),
                interviewer=actor,
                exploitation_types=case.exploitation_types,
                methods_of_control=rng.sample(CONTROLS, rng.randint(0, 3)),
                recruitment_methods=rng.sample(RECRUITMENT, rng.randint(0, 2)),
            )
        if rng.random() < 0.6:
            # (no draw of rng below but the ones there were: the world stays the same world)
            country = rng.choice(["TH", "TH", "MM", "KH"])
            abroad = country != "TH"
            TraffickingPlace.objects.create(
                case=case,
                place_type=PlaceType.EXPLOITATION,
                country=country,
                province=None if abroad else province,
                setting=PlaceSetting.SCAM_COMPOUND if abroad else PlaceSetting.FACTORY,
                description="[ข้อมูลสาธิต] สถานที่",
                date=opened,
            )
            if abroad:  # recruited at home, in the province
                TraffickingPlace.objects.create(
                    case=case, place_type=PlaceType.RECRUITMENT, country="TH",
                    province=province, setting=PlaceSetting.ONLINE, date=opened,
                )  # fmt: skip
        if rng.random() < 0.3:
            perpetrator = Perpetrator.objects.create(
                case=case, name="[ข้อมูลสาธิต] นายหน้า", roles=[PerpetratorRole.RECRUITER],
                sex=Sex.MASCULINE, nationality="TH",
            )  # fmt: skip
            PerpetratorLink.objects.create(
                perpetrator=perpetrator, case=case, relation_to_victim="Acquainted",
                relation_details="[ข้อมูลสาธิต] นายหน้า ชวนไปทำงาน โทร 0812345678",
            )  # fmt: skip
        if rng.random() < 0.3:
            plan = AssistancePlan.objects.create(
                case=case,
                objectives="[ข้อมูลสาธิต]",
                started_on=opened,
                planned_end=opened + dt.timedelta(days=90),
                recorded_by=actor,
            )
            for kind in rng.sample(SUPPORT, 2):
                PlannedService.objects.create(plan=plan, type=kind, planned_start=opened)
        if rng.random() < 0.75:
            decided = opened + dt.timedelta(days=rng.randint(1, 20))
            status = rng.choice(
                [TraffickingStatus.ACTUAL] * 3
                + [TraffickingStatus.POSSIBLE, TraffickingStatus.NOT_A_VICTIM]
            )
            approved = rng.random() < 0.85
            IdentificationDecision.objects.create(
                case=case,
                status=status,
                deciding_org=DecisionOrg.POLICE,
                decided_at=at(decided, 15),
                reasons="test",
                recorded_by=actor,
                approved_by=users["sup_kk"] if approved else None,
                approved_at=at(decided, 17) if approved else None,
            )
            case.trafficking_status = status
            case.save(update_fields=["trafficking_status"])
            if rng.random() < 0.7:
                RightsNotice.objects.create(
                    case=case, notified_at=at(decided, 18), language="th", recorded_by=actor
                )
        if rng.random() < 0.5:
            start = opened + dt.timedelta(days=rng.randint(0, 10))
            end = start + dt.timedelta(days=rng.randint(3, 120))
            ShelterStay.objects.create(
                case=case,
                shelter=shelter,
                started_on=start,
                ended_on=end if end < today else None,
                recorded_by=actor,
            )
        if rng.random() < 0.4:
            claim = CompensationClaim.objects.create(
                case=case,
                kind=CompensationKind.FROM_OFFENDER,
                amount_claimed=Decimal("50000"),
                claimed_on=opened,
                recorded_by=actor,
            )
            ordered_on = min(opened + dt.timedelta(days=rng.randint(10, 200)), today)
            CompensationOrder.objects.create(
                claim=claim,
                amount_ordered=Decimal(rng.randint(5, 60) * 1000),
                ordered_on=ordered_on,
                decided_by="ศาลจังหวัด",
                recorded_by=actor,
            )
            if rng.random() < 0.5:
                CompensationPayment.objects.create(
                    claim=claim,
                    amount_paid=Decimal(rng.randint(1, 20) * 1000) + Decimal("0.50"),
                    paid_on=min(ordered_on + dt.timedelta(days=rng.randint(5, 90)), today),
                    payer="จำเลย",
                    recorded_by=actor,
                )
        if rng.random() < 0.35:
            started = opened + dt.timedelta(days=rng.randint(20, 60))
            plan = ReintegrationPlan.objects.create(
                case=case,
                home_province=province,
                responsible_agency=agencies[code],
                plan="test",
                started_on=started,
                recorded_by=actor,
            )
            for number in range(1, 5):
                due = started + dt.timedelta(days=30 * number * number)
                roll = rng.random()
                status, done_on = "scheduled", None
                if roll < 0.5:
                    status, done_on = "done", due - dt.timedelta(days=rng.randint(0, 5))
                elif roll < 0.7:
                    status, done_on = "done", due + dt.timedelta(days=rng.randint(1, 10))
                elif roll < 0.8:
                    status = "missed"
                FollowUpVisit.objects.create(
                    case=case, plan=plan, number=number, due_on=due, status=status, done_on=done_on
                )
        for _r in range(rng.randint(0, 2)):
            sent = at(opened + dt.timedelta(days=rng.randint(0, 30)), rng.randint(8, 17))
            answered = None
            if rng.random() < 0.8:
                answered = sent + dt.timedelta(hours=rng.randint(1, 120))
                if answered > timezone.now():
                    answered = None
            Referral.objects.create(
                case=case,
                from_agency=agencies[code],
                to_agency=shelter,
                reason=ReferralReason.ADDITIONAL_SERVICES,
                identity_sharing=IdentitySharing.NOT_SHARED,
                sent_by=actor,
                sent_at=sent,
                answer=ReferralAnswer.ACCEPTED if answered else "",
                answered_at=answered,
            )
        if rng.random() < 0.4:
            LegalProceeding.objects.create(
                case=case,
                victim_role=VictimRole.values[0],
                status=rng.choice(ProceedingStatus.values),
                recorded_by=actor,
            )
        cases.append(case)
    return {"provinces": provinces, "agencies": agencies, "users": users, "cases": cases}
