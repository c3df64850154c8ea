"""Synthetic demo cases — every one labelled `is_demo` and every page says the data is synthetic.

Thousands of cases over five years across all 77 provinces, at every phase, written through the
real services so that each record, timeline event, clock and alert is what a worker would have
produced; plus the three walk-through cases of issue 3 (Khon Kaen/Tak scam compound, Songkhla
fishing boat, Bangkok child). Deterministic for a seed; idempotent (tops up to the target).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass

import pghistory
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from saphan.geo.models import Province
from saphan.orgs.models import Agency, AgencyKind
from saphan.orgs.roles import Jurisdiction, Role
from saphan.people.models import Sex

from . import enums, process, services
from .models import Case, Counterpart, IdentificationDecision
from .process import Phase
from .services.stages import IntakeInput, MemberPresent, ScreeningInput

log = logging.getLogger(__name__)
User = get_user_model()

DEFAULT_TARGET = 2000
YEARS = 5

# Where victims are most often identified: border and port provinces weigh more.
PROVINCE_WEIGHT = {"10": 9, "63": 8, "57": 6, "90": 6, "27": 5, "40": 4, "50": 4, "84": 3, "74": 3, "20": 3,
                   "85": 2, "96": 2, "34": 2, "43": 2, "41": 2, "11": 2}  # fmt: skip
NATIONALITY = [("TH", 52), ("MM", 27), ("LA", 10), ("KH", 8), ("VN", 2), ("XX", 1)]
LANGUAGE_OF = {"TH": "th", "MM": "my", "LA": "lo", "KH": "km", "VN": "vi", "XX": "my"}
FOREIGN_NAMES = {
    "MM": (["Aung", "Kyaw", "Zaw", "Min", "Thura", "Mya", "Hnin", "Su", "Thiri", "Ei"],
           ["Win", "Htun", "Oo", "Naing", "Aye", "Myint", "Lwin", "Soe", "Thant", "Phyo"]),
    "LA": (["Souksavanh", "Bounmy", "Khamla", "Noy", "Vilay", "Phet", "Manivanh", "Kham"],
           ["Phommachanh", "Sisouphanh", "Vongsa", "Keomany", "Inthavong", "Sayavong"]),
    "KH": (["Sokha", "Dara", "Srey", "Vanna", "Pisey", "Rithy", "Channa", "Bopha"],
           ["Chan", "Sok", "Meas", "Heng", "Pich", "Nhem", "Kong", "Sam"]),
    "VN": (["Lan", "Minh", "Thu", "Hoa", "Tuan", "Linh"], ["Nguyen", "Tran", "Le", "Pham", "Hoang"]),
}  # fmt: skip
FORMS = [
    (["ForcedLabour"], "A_AgricultureForestryAndFishing", 26),
    (["ForcedLabour"], "T_ActivitiesOfHouseholdsAsEmployers", 7),
    (["ForcedLabour"], "C_Manufacturing", 6),
    (["SexualExploitation"], "", 24),
    (["ForcedCriminality"], "", 22),
    (["ForcedBegging"], "", 5),
    (["ChildLabour", "ForcedLabour"], "I_AccommodationAndFoodServiceActivities", 5),
    (["ForcedMarriage"], "", 2),
]
SOURCES = [
    "hotline_1300",
    "police",
    "ngo",
    "volunteer",
    "public",
    "relative",
    "self",
    "other_agency",
    "embassy",
]


@dataclass
class Staff:
    cw: object
    sup: object
    psdhs: Agency
    shelter: Agency
    police: Agency


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _staff(province: Province, cache: dict) -> Staff:
    """The province's demo case worker and supervisor (the sign-in accounts in the four demo
    provinces; elsewhere synthetic staff who cannot sign in)."""
    if province.code in cache:
        return cache[province.code]
    agencies = {a.kind: a for a in Agency.objects.filter(province=province)}
    psdhs = agencies[AgencyKind.PSDHS]
    people = {}
    for role, prefix in ((Role.CASE_WORKER, "cw"), (Role.PROVINCIAL_SUPERVISOR, "sup")):
        user = (
            User.objects.filter(
                province=province, agency=psdhs, roles__contains=[role], is_demo=True
            )
            .order_by("username")
            .first()
        )
        if user is None:
            from saphan.orgs.demo import synthetic_thai_name

            first, last = synthetic_thai_name(seed=f"{prefix}-{province.code}")
            user = User(
                username=f"demo.{prefix}.{province.code}", first_name=first, last_name=last, roles=[role],
                jurisdiction=Jurisdiction.PROVINCE, province=province, region_id=province.region_id,
                agency=psdhs, is_demo=True,
            )  # fmt: skip
            user.set_unusable_password()
            user.save()
        people[prefix] = user
    cache[province.code] = Staff(
        cw=people["cw"], sup=people["sup"], psdhs=psdhs,
        shelter=agencies.get(AgencyKind.SHELTER, psdhs), police=agencies.get(AgencyKind.POLICE, psdhs),
    )  # fmt: skip
    return cache[province.code]


def _person(
    rng: random.Random,
    actor,
    *,
    nationality: str,
    sex: str,
    age: int,
    home: Province | None,
    at: dt.datetime,
):
    from saphan.orgs.demo import synthetic_thai_name
    from saphan.people.services import NameInput, PersonInput, person_create

    if nationality == "TH":
        given, family = synthetic_thai_name(seed=f"p{rng.random()}")
        names = [NameInput(given_name=given, family_name=family, is_primary=True)]
    else:
        firsts, lasts = FOREIGN_NAMES.get(nationality, FOREIGN_NAMES["MM"])
        names = [
            NameInput(given_name=rng.choice(firsts), family_name=rng.choice(lasts), is_primary=True)
        ]
    exact = nationality == "TH" and rng.random() < 0.8
    birth = (at - dt.timedelta(days=int(age * 365.25) + rng.randint(0, 360))).date()
    data = PersonInput(
        names=names, sex=sex, citizenships=[nationality], languages=[LANGUAGE_OF[nationality]],
        interpreter_needed=nationality != "TH",
        birth_date=birth if exact else None,
        birth_date_precision="exact" if exact else "estimated",
        age_estimate_min=None if exact else max(age - 2, 1), age_estimate_max=None if exact else age + 2,
        age_estimated_on=None if exact else at.date(),
        home_province_id=home.code if home else None, is_demo=True,
    )  # fmt: skip
    return person_create(actor=actor, data=data)


def _target_phase(rng: random.Random, age_days: float) -> str:
    if age_days < 1:
        return rng.choice([Phase.INTAKE, Phase.SCREENING])
    if age_days < 15:
        return rng.choice([Phase.SCREENING, Phase.IDENTIFICATION, Phase.IDENTIFICATION])
    if age_days < 150:
        return rng.choice(
            [Phase.IDENTIFICATION, Phase.PROTECTION, Phase.PROTECTION, Phase.PROTECTION]
        )
    if age_days < 400:
        return rng.choice(
            [Phase.PROTECTION, Phase.RETURN_REINTEGRATION, Phase.FOLLOW_UP, Phase.FOLLOW_UP]
        )
    return rng.choice([Phase.FOLLOW_UP, Phase.CLOSED, Phase.CLOSED, Phase.CLOSED, Phase.CLOSED])


ORDER = list(Phase)


def _reached(target: str, phase: str) -> bool:
    return ORDER.index(target) >= ORDER.index(phase)


def _today(now: dt.datetime) -> dt.date:
    """The day ``now`` falls on in Thailand: the services refuse dates after this day."""
    return timezone.localtime(now).date()


def _demo_case_open(actor, **intake) -> Case:
    """A case opened through the service like any other (IntakeInput's fields), then marked
    synthetic."""
    case = services.case_open(actor=actor, intake=IntakeInput(**intake))
    Case.objects.filter(pk=case.pk).update(is_demo=True)
    return case


def _custody(actor, case, started_at: dt.datetime, place: str) -> None:
    """A past custody typed in afterwards, in a place that is not a cell."""
    services.custody_record(
        confirm_start=True,
        actor=actor,
        case=case,
        started_at=started_at,
        place=place,
        place_is_not_a_cell=True,
    )


def _screen(actor, case, **data) -> None:
    """The screening interview (ScreeningInput's fields); the demo ends custody itself."""
    services.screening_record(
        custody_still_held=True, actor=actor, case=case, data=ScreeningInput(**data)
    )


def _to_shelter(actor, case, at: dt.datetime, shelter: Agency) -> None:
    """Custody ends and temporary protection starts in ``shelter``, at the same time."""
    services.custody_end(actor=actor, case=case, ended_at=at)
    services.temporary_protection_start(actor=actor, case=case, started_at=at, shelter=shelter)


def _assistance_plan(actor, case, start: dt.date, days: int, objectives: str):
    return services.assistance_plan_create(
        actor=actor,
        case=case,
        objectives=objectives,
        started_on=start,
        planned_end=start + dt.timedelta(days=days),
    )


def _identify(actor, supervisor, case, members, **decision) -> None:
    """The MDT decides that the person is a victim (identification_decide's other fields), and
    the supervisor approves; ``members`` as (agency code, name) pairs."""
    made = services.identification_decide(
        actor=actor,
        case=case,
        status="ActualVictimOfTrafficking",
        deciding_org="NonPoliceGovernmentalOrganization",
        members=[MemberPresent(agency=_agency(code), name=name) for code, name in members],
        **decision,
    )
    services.identification_approve(actor=supervisor, case=case, decision=made)


def _walk(
    rng: random.Random, staff: Staff, province: Province, t0: dt.datetime, now: dt.datetime
) -> Case:
    """One synthetic case, from the tip to the phase its age suggests."""
    target = _target_phase(rng, (now - t0).total_seconds() / 86400)
    nationality = _weighted(rng, NATIONALITY)
    forms, industry, _w = rng.choices(FORMS, weights=[f[2] for f in FORMS], k=1)[0]
    child = rng.random() < 0.18
    age = rng.randint(12, 17) if child else rng.randint(18, 45)
    sex = Sex.FEMININE if ("SexualExploitation" in forms or rng.random() < 0.45) else Sex.MASCULINE
    cw, sup = staff.cw, staff.sup
    case = _demo_case_open(
        cw, received_at=t0, source=rng.choice(SOURCES), channel=rng.choice(list(enums.Channel.values)),
        urgency=rng.choice(list(enums.Urgency.values)), place_province_id=province.code,
        description="ข้อมูลสมมติเพื่อการสาธิต: ได้รับแจ้งว่ามีผู้ถูกหลอกไปทำงานและถูกบังคับ",
    )  # fmt: skip
    if target == Phase.INTAKE:
        return case
    home = province if nationality == "TH" else None
    person = _person(rng, cw, nationality=nationality, sex=sex, age=age, home=home, at=t0)
    services.person_link(actor=cw, case=case, person=person)
    t = t0 + dt.timedelta(hours=rng.randint(1, 6))
    if rng.random() < 0.5:
        _custody(cw, case, t, "บ้านพักเด็กและครอบครัว")
    t_screen = t + dt.timedelta(hours=rng.randint(1, 12))
    if t_screen > now:
        return case
    indicators = rng.sample(list(enums.ForcedLabourIndicator.values), k=rng.randint(2, 6))
    _screen(
        cw, case,
        interviewed_at=t_screen, interpreter_language=LANGUAGE_OF[nationality] if nationality != "TH" else "",
        interpreter_name="ล่ามอาสา (สมมติ)" if nationality != "TH" else "", indicators=indicators,
        methods_of_control=rng.sample(list(enums.MethodOfControl.values)[:15], k=rng.randint(1, 4)),
        exploitation_types=forms, forced_labour_industry=industry,
        recruitment_methods=[rng.choice(list(enums.RecruitmentMethod.values))],
        recruitment_apps=[rng.choice(["Facebook", "TikTok", "Line", "Telegram"])] if rng.random() < 0.6 else [],
        # Kept only when the synthetic interviewer had no valid screening course that day.
        qualification_override_reason="[ข้อมูลสาธิต] ไม่มีผู้ผ่านการอบรมการคัดแยกมาได้ทันเวลา",
    )  # fmt: skip
    _crime_walk(case, staff, province, t0, nationality, forms, industry)
    if not _reached(target, Phase.IDENTIFICATION) or case.phase == Phase.SCREENING:
        return case
    if hasattr(case, "custody") and case.custody and rng.random() < 0.9:
        services.custody_end(
            actor=cw, case=case, ended_at=min(t_screen + dt.timedelta(hours=2), now)
        )
    t_tp = t_screen + dt.timedelta(hours=2)
    if rng.random() < 0.6 and t_tp < now:
        services.temporary_protection_start(
            actor=cw, case=case, started_at=t_tp, shelter=staff.shelter
        )
    t_dec = t_screen + dt.timedelta(days=rng.randint(2, 14))
    if t_dec > now:
        return case
    status = _weighted(rng, [(enums.TraffickingStatus.ACTUAL, 82), (enums.TraffickingStatus.NOT_A_VICTIM, 10),
                             (enums.TraffickingStatus.POSSIBLE, 8)])  # fmt: skip
    decision = services.identification_decide(
        actor=cw, case=case, status=status, deciding_org=enums.DecisionOrg.NON_POLICE_GOVERNMENT, decided_at=t_dec,
        reasons="ทีมสหวิชาชีพพิจารณาข้อบ่งชี้จากการสัมภาษณ์ (ข้อมูลสมมติ)",
        **_elements(case, status, ["ForcedLabour"]),
        members=[MemberPresent(agency=staff.police, name="พนักงานสอบสวน (สมมติ)"),
                 MemberPresent(agency=staff.psdhs, name="นักสังคมสงเคราะห์ (สมมติ)")],
    )  # fmt: skip
    if status == enums.TraffickingStatus.POSSIBLE:
        return case
    services.identification_approve(actor=sup, case=case, decision=decision)
    IdentificationDecision.objects.filter(pk=decision.pk).update(
        approved_at=min(t_dec + dt.timedelta(days=1), now)
    )
    if status == enums.TraffickingStatus.NOT_A_VICTIM:
        if target == Phase.CLOSED or rng.random() < 0.7:
            _close(case, cw, sup, "not_a_victim", t_dec + dt.timedelta(days=3), now)
        return case
    t_rights = t_dec + dt.timedelta(hours=3)
    services.rights_notice_record(
        actor=cw, case=case, notified_at=min(t_rights, now), language=LANGUAGE_OF[nationality],
        rights=["protection", "compensation", "legal_aid", "return"] + (["stay_and_work"] if nationality != "TH" else []),
    )  # fmt: skip
    if not _reached(target, Phase.PROTECTION):
        return case
    _protection(rng, case, staff, t_rights.date(), _today(now), nationality)
    if not _reached(target, Phase.RETURN_REINTEGRATION):
        return case
    t_ret = t_rights.date() + dt.timedelta(days=rng.randint(30, 120))
    if t_ret >= _today(now):
        return case
    services.phase_advance(actor=cw, case=case, to=Phase.RETURN_REINTEGRATION)
    _return(rng, case, staff, province, t_ret, _today(now), nationality)
    if not _reached(target, Phase.FOLLOW_UP) or case.phase != Phase.RETURN_REINTEGRATION:
        return case
    if (
        not case.follow_up_visits.exists()
        and not case.return_plans.filter(returned_on__isnull=False).exists()
    ):
        return case
    services.phase_advance(actor=cw, case=case, to=Phase.FOLLOW_UP)
    if target == Phase.CLOSED:
        reason = (
            "repatriated"
            if nationality != "TH"
            else rng.choice(["reintegrated", "reintegrated", "lost_contact"])
        )
        _close(
            case,
            cw,
            sup,
            reason,
            dt.datetime.combine(t_ret, dt.time(10), tzinfo=t0.tzinfo) + dt.timedelta(days=380),
            now,
        )
    return case


def _protection(rng, case, staff: Staff, start: dt.date, today: dt.date, nationality: str) -> None:
    cw = staff.cw
    plan = _assistance_plan(
        cw, case, start, 180, "ฟื้นฟูร่างกายและจิตใจ ฝึกอาชีพ และเตรียมการคืนสู่สังคม (ข้อมูลสมมติ)"
    )
    for kind in rng.sample(["Health", "MentalHealth", "Legal", "Livelihood", "SocialCare"], k=3):
        services.planned_service_add(
            actor=cw,
            case=case,
            plan=plan,
            type=kind,
            planned_start=start,
            provider_agency=staff.psdhs,
        )
    if rng.random() < 0.7:
        services.shelter_stay_start(actor=cw, case=case, shelter=staff.shelter, started_on=start)
    if rng.random() < 0.6:
        services.legal_proceeding_add(
            actor=cw, case=case, victim_role="witness", police_case_number=f"{rng.randint(100, 999)}/{start.year + 543}",
            police_station="สถานีตำรวจภูธร (สมมติ)",
        )  # fmt: skip
    claimed_on = start + dt.timedelta(days=10)
    # A claim is filed ten days into protection: a case that started protection less than ten
    # days ago has none yet (a future date would be refused, and it stopped the top-up).
    if rng.random() < 0.4 and claimed_on <= today:
        claim = services.compensation_claim_add(
            actor=cw, case=case, kind="from_offender_in_criminal_case", amount_claimed=rng.randint(20, 300) * 1000,
            claimed_on=claimed_on,
        )  # fmt: skip
        ordered_on = start + dt.timedelta(days=rng.randint(90, 300))
        if ordered_on < today:
            amount = int(claim.amount_claimed * rng.choice([5, 8, 10]) / 10)
            services.compensation_order_add(
                actor=cw,
                case=case,
                claim=claim,
                amount_ordered=amount,
                ordered_on=ordered_on,
                decided_by="ศาลจังหวัด (สมมติ)",
            )
            paid_on = ordered_on + dt.timedelta(days=rng.randint(20, 200))
            if rng.random() < 0.5 and paid_on < today:  # unpaid orders are a known national failure
                services.compensation_payment_add(
                    actor=cw, case=case, claim=claim, amount_paid=round(amount * rng.choice([0.3, 1])), paid_on=paid_on,
                    payer="ผู้กระทำความผิด (สมมติ)",
                )  # fmt: skip
    if nationality != "TH":
        valid_to = start + dt.timedelta(days=rng.choice([180, 365]))
        services.stay_permit_record(
            actor=cw, case=case, purpose="proceedings", permit_type="stay_and_work", valid_from=start,
            valid_to=valid_to, issuing_office="ตรวจคนเข้าเมือง (สมมติ)",
        )  # fmt: skip


def _elements(case, status: str, purposes: list[str]) -> dict:
    """The elements of the offence a synthetic decision records (process.identification_unmet),
    and for "not a victim" a note on how each indicator seen at screening was weighed."""
    if status == enums.TraffickingStatus.NOT_A_VICTIM:
        return {"indicator_weighing": {
            i: "พิจารณาแล้ว ไม่พบการบังคับหรือหลอกลวงเข้าองค์ประกอบ (ข้อมูลสมมติ)"
            for i in process.screening_indicators(case)
        }}  # fmt: skip
    found = [p for p in case.exploitation_types if p in enums.ExploitationType.values]
    return {"basis": enums.DecisionBasis.TRAFFICKING, "acts": ["recruiting", "harbouring"],
            "means": ["deception"], "purposes": found or purposes}  # fmt: skip


def _return(
    rng, case, staff: Staff, province: Province, when: dt.date, today: dt.date, nationality: str
) -> None:
    cw = staff.cw
    if nationality == "TH":
        services.family_assessment_record(
            actor=cw, case=case, assessed_on=when - dt.timedelta(days=7), assessor="นักสังคมสงเคราะห์ (สมมติ)",
            findings="ครอบครัวพร้อมรับกลับ (ข้อมูลสมมติ)", safe_to_return="yes",
        )  # fmt: skip
        plan = services.return_plan_create(
            actor=cw,
            case=case,
            kind="return_to_family_in_thailand",
            planned_on=when,
            destination_province=province,
        )
    else:
        plan = services.return_plan_create(
            actor=cw, case=case, kind="repatriation_s38", planned_on=when, destination_country=nationality if nationality != "XX" else "MM",
            counterpart_org="หน่วยงานคู่ประสานประเทศต้นทาง (สมมติ)",
        )  # fmt: skip
    services.return_complete(
        actor=cw,
        case=case,
        plan=plan,
        returned_on=when,
        handed_over_to="ครอบครัว/หน่วยงานคู่ประสาน (สมมติ)",
    )
    if nationality == "TH":
        services.reintegration_plan_create(
            actor=cw, case=case, home_province=province, responsible_agency=staff.psdhs,
            plan="ติดตามผลร่วมกับ อพม. ในหมู่บ้าน (ข้อมูลสมมติ)", started_on=when, volunteer_name="อพม. (สมมติ)",
        )  # fmt: skip
        for visit in case.follow_up_visits.order_by("number"):
            if visit.due_on < today - dt.timedelta(days=7) and rng.random() < 0.9:
                services.follow_up_record(
                    actor=cw, case=case, visit=visit, done_on=visit.due_on, visited_by="อพม. (สมมติ)",
                    findings="ใช้ชีวิตได้ตามปกติ (ข้อมูลสมมติ)",
                )  # fmt: skip


def _close(case, cw, sup, reason: str, when: dt.datetime, now: dt.datetime) -> None:
    if when > now:
        return
    closure = services.closure_request(actor=cw, case=case, reason=reason)
    services.closure_decide(actor=sup, case=case, closure=closure, approve=True)
    Case.objects.filter(pk=case.pk).update(closed_at=when)


def ensure_demo_cases(*, target: int = DEFAULT_TARGET, seed: int = 2569) -> int:
    """Top the synthetic cases up to ``target``; returns how many were made."""
    existing = Case.objects.filter(is_demo=True).count()
    if existing >= target:
        return 0
    rng = random.Random(f"{seed}-{existing}")
    provinces = list(Province.objects.order_by("code"))
    weights = [PROVINCE_WEIGHT.get(p.code, 1) for p in provinces]
    now = timezone.now()
    cache: dict = {}
    made = 0
    with pghistory.context(command="demo_cases"):
        for _ in range(target - existing):
            province = rng.choices(provinces, weights=weights, k=1)[0]
            days_ago = (YEARS * 365) * (rng.random() ** 1.3)  # more recent cases than old ones
            t0 = now - dt.timedelta(days=days_ago, hours=rng.randint(0, 23))
            with transaction.atomic():
                _walk(rng, _staff(province, cache), province, t0, now)
            made += 1
    return made


# --- the three walk-through cases of issue 3 ------------------------------------------------------
SCENARIO_TAG = "[สถานการณ์สาธิต {key}]"


def _scenario_exists(key: str) -> bool:
    return Case.objects.filter(
        is_demo=True, intakes__description__startswith=SCENARIO_TAG.format(key=key)
    ).exists()


def _user(username: str):
    return User.objects.get(username=username)


def _agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def _scenario_open(key: str, office: str, t0: dt.datetime, tip: str, **intake):
    """Scenario ``key``'s case, opened from ``tip`` received at ``t0`` by the case worker of
    ``office`` (user cw.<office>, whose supervisor is sup.<office>); returns (cw, sup, case)."""
    cw, sup = _user(f"cw.{office}"), _user(f"sup.{office}")
    description = f"{SCENARIO_TAG.format(key=key)} {tip}"
    return cw, sup, _demo_case_open(cw, received_at=t0, description=description, **intake)


def _scenario_person(actor, case, *, names, sex, citizenship, language, age, home=None, at):
    """The scenario's victim, created through the people service and linked to the case."""
    from saphan.people.services import NameInput, PersonInput, person_create

    person = person_create(
        actor=actor,
        data=PersonInput(
            names=[NameInput(full_name=n, is_primary=i == 0) for i, n in enumerate(names)], sex=sex,
            citizenships=[citizenship], languages=[language], interpreter_needed=language != "th",
            birth_date=None, birth_date_precision="estimated", age_estimate_min=age, age_estimate_max=age,
            age_estimated_on=at.date(), home_province_id=home, is_demo=True,
        ),
    )  # fmt: skip
    services.person_link(actor=actor, case=case, person=person)
    return person


def _scenario_a(now: dt.datetime) -> None:
    """A Thai woman from Khon Kaen trafficked into an online-scam compound in Myawaddy, screened in
    Tak after crossing back at Mae Sot, referred to Khon Kaen for reintegration and follow-up."""
    t0 = now - dt.timedelta(days=75)
    cw, sup, case = _scenario_open(
        "A", "tak", t0,
        "ตำรวจรับตัวหญิงไทยที่ข้ามแดนกลับจากเมียวดี แจ้งว่าถูกหลอกไปทำงานในอาคารแก๊งหลอกลวงออนไลน์ (ข้อมูลสมมติ)",
        source="police", channel="field", urgency="immediate", place_province_id="63",
        place_detail="ด่านพรมแดนแม่สอด (สะพานมิตรภาพไทย–เมียนมา)",
    )  # fmt: skip
    _scenario_person(
        cw, case, names=["นางสาวพิมพ์ชนก ศรีสุข", "Phimchanok Srisuk"], sex=Sex.FEMININE, citizenship="TH", language="th",
        age=24, home="40", at=t0,
    )  # fmt: skip
    _custody(cw, case, t0 + dt.timedelta(hours=1), "บ้านพักเด็กและครอบครัวจังหวัดตาก")
    _screen(
        cw, case,
        interviewed_at=t0 + dt.timedelta(hours=4),
        indicators=["Deception", "RestrictionOfMovement", "RetentionOfIdentityDocuments", "IntimidationAndThreats",
                    "ExcessiveOvertime", "PhysicalAndSexualViolence"],
        methods_of_control=["FalsePromises", "WithholdsDocuments", "PhysicalThreats", "DebtBondage"],
        exploitation_types=["ForcedCriminality"], recruitment_methods=["ThroughAnOnlineAdvertisement"],
        recruitment_apps=["Facebook", "Telegram"], relationship_to_trafficker="Unaquainted",
        vulnerabilities=["Poverty", "AbuseSocialMedia"],
        notes="เห็นโฆษณางานแอดมินรายได้สูงทางเฟซบุ๊ก ถูกพาข้ามแดนที่แม่สอดไปเมียวดี ถูกบังคับให้หลอกลวงผู้อื่นทางออนไลน์ (ข้อมูลสมมติ)",
    )  # fmt: skip
    _to_shelter(cw, case, t0 + dt.timedelta(hours=20), _agency("shelter-63"))
    _identify(
        cw, sup, case,
        decided_at=t0 + dt.timedelta(days=5), reasons="ถูกหลอกลวง ถูกจำกัดเสรีภาพ ถูกยึดเอกสาร และถูกบังคับให้กระทำความผิด (ข้อมูลสมมติ)",
        basis="s6", acts=["recruiting", "transporting", "harbouring"], means=["deception", "threat"], purposes=["ForcedCriminality"],
        members=[("police-63", "พ.ต.ท. (สมมติ)"),
                 ("psdhs-63", "นักสังคมสงเคราะห์ (สมมติ)"),
                 ("immigration-63", "เจ้าหน้าที่ ตม. (สมมติ)")],
    )  # fmt: skip
    services.rights_notice_record(
        actor=cw, case=case, notified_at=t0 + dt.timedelta(days=5, hours=2), language="th",
        rights=["protection", "compensation", "legal_aid", "return", "timeframes"],
        person_views="ต้องการกลับไปอยู่กับครอบครัวที่ขอนแก่น",
    )  # fmt: skip
    start = (t0 + dt.timedelta(days=6)).date()
    _assistance_plan(cw, case, start, 120, "ฟื้นฟูจิตใจ ช่วยเหลือทางกฎหมาย และส่งต่อจังหวัดภูมิลำเนาเพื่อคืนสู่สังคม")
    referral = services.referral_send(
        actor=cw, case=case, to_agency=_agency("psdhs-40"), reason="ReintegrationInHomeProvince",
        details="ส่งต่อเพื่อการคืนสู่สังคมและติดตามผลที่จังหวัดขอนแก่น", consent_recorded=True,
        consent_at=t0 + dt.timedelta(days=6), consent_note="ผู้เสียหายลงนามยินยอมให้ส่งต่อข้อมูล",
    )  # fmt: skip
    kk = _user("cw.khonkaen")
    services.referral_answer(actor=kk, referral=referral, accept=True)
    ret = (t0 + dt.timedelta(days=20)).date()
    services.family_assessment_record(
        actor=kk, case=case, assessed_on=ret - dt.timedelta(days=3), assessor="นักสังคมสงเคราะห์ พมจ.ขอนแก่น (สมมติ)",
        findings="บิดามารดาพร้อมรับกลับ ไม่มีความเสี่ยงจากผู้ชักชวน", safe_to_return="yes",
    )  # fmt: skip
    services.phase_advance(actor=cw, case=case, to=Phase.RETURN_REINTEGRATION)
    plan = services.return_plan_create(
        actor=cw,
        case=case,
        kind="return_to_family_in_thailand",
        planned_on=ret,
        destination_province=Province.objects.get(code="40"),
    )
    services.return_complete(
        actor=cw, case=case, plan=plan, returned_on=ret, handed_over_to="บิดามารดา (ข้อมูลสมมติ)"
    )
    services.reintegration_plan_create(
        actor=kk, case=case, home_province=Province.objects.get(code="40"), responsible_agency=_agency("psdhs-40"),
        plan="ฝึกอาชีพ หางานในจังหวัด และติดตามผลร่วมกับ อพม. ประจำหมู่บ้าน", started_on=ret,
        volunteer_name="อพม. ประจำหมู่บ้าน (สมมติ)",
    )  # fmt: skip
    visit = case.follow_up_visits.order_by("number").first()
    services.follow_up_record(
        actor=kk, case=case, visit=visit, done_on=visit.due_on, visited_by="อพม. (สมมติ)",
        findings="อยู่กับครอบครัว เริ่มฝึกอาชีพตัดเย็บ",
    )  # fmt: skip
    services.phase_advance(actor=kk, case=case, to=Phase.FOLLOW_UP)
    _crime_a(case, t0)


def _scenario_b(now: dt.datetime) -> None:
    """A Myanmar man in forced labour on a fishing boat in Songkhla: interpreter, s.37 permission
    to stay and work, a compensation claim and repatriation."""
    t0 = now - dt.timedelta(days=40)
    cw, sup, case = _scenario_open(
        "B", "songkhla", t0,
        "มูลนิธิแจ้งว่าลูกเรือประมงชาวเมียนมาถูกบังคับทำงานบนเรือ ไม่ได้รับค่าจ้าง (ข้อมูลสมมติ)",
        source="ngo", channel="phone", urgency="urgent", place_province_id="90",
        place_detail="ท่าเทียบเรือประมง อำเภอเมืองสงขลา",
    )  # fmt: skip
    _scenario_person(
        cw,
        case,
        names=["Zaw Min Htun"],
        sex=Sex.MASCULINE,
        citizenship="MM",
        language="my",
        age=31,
        at=t0,
    )
    _screen(
        cw, case,
        interviewed_at=t0 + dt.timedelta(hours=5), interpreter_language="my", interpreter_name="ล่ามภาษาเมียนมา (สมมติ)",
        indicators=["DebtBondage", "WithholdingOfWages", "ExcessiveOvertime", "RetentionOfIdentityDocuments",
                    "Isolation", "AbusiveWorkingAndLivingConditions"],
        methods_of_control=["DebtBondage", "TakesEarnings", "WithholdsDocuments", "ExcessiveWorkingHours"],
        exploitation_types=["ForcedLabour"], forced_labour_industry="A_AgricultureForestryAndFishing",
        recruitment_methods=["ThroughABroker"], relationship_to_trafficker="Acquainted", vulnerabilities=["Migration", "Poverty"],
    )  # fmt: skip
    _identify(
        cw, sup, case,
        decided_at=t0 + dt.timedelta(days=3), reasons="หนี้สินผูกมัด ถูกยึดค่าจ้างและเอกสาร ทำงานเกินเวลา (ข้อมูลสมมติ)",
        basis="s6_1", acts=["harbouring"], means=["debt_bondage"], purposes=["ForcedLabourOrServices"],
        members=[("police-90", "พนักงานสอบสวน (สมมติ)"),
                 ("labour-protection-90", "พนักงานตรวจแรงงาน (สมมติ)")],
    )  # fmt: skip
    services.rights_notice_record(
        actor=cw, case=case, notified_at=t0 + dt.timedelta(days=3, hours=2), language="my",
        interpreter_name="ล่ามภาษาเมียนมา (สมมติ)",
        rights=["protection", "compensation", "legal_aid", "stay_and_work", "return"],
        person_views="ต้องการได้รับค่าจ้างที่ค้างและกลับบ้านที่เมียนมา",
    )  # fmt: skip
    start = (t0 + dt.timedelta(days=4)).date()
    _assistance_plan(
        cw, case, start, 150, "ที่พัก ล่าม ความช่วยเหลือทางกฎหมาย เรียกร้องค่าจ้างและค่าสินไหมทดแทน"
    )
    services.legal_proceeding_add(
        actor=cw,
        case=case,
        victim_role="joint_plaintiff",
        police_case_number="214/2569",
        police_station="สภ.เมืองสงขลา (สมมติ)",
    )
    services.stay_permit_record(
        actor=cw, case=case, purpose="proceedings", permit_type="stay_and_work", valid_from=start,
        valid_to=start + dt.timedelta(days=60), issuing_office="ตรวจคนเข้าเมืองจังหวัดสงขลา (สมมติ)",
    )  # fmt: skip
    services.compensation_claim_add(
        actor=cw,
        case=case,
        kind="from_offender_in_criminal_case",
        amount_claimed=185000,
        claimed_on=start + dt.timedelta(days=5),
    )
    services.phase_advance(actor=cw, case=case, to=Phase.RETURN_REINTEGRATION)
    services.return_plan_create(
        actor=cw, case=case, kind="repatriation_s38", planned_on=(now + dt.timedelta(days=45)).date(),
        destination_country="MM", counterpart_org="Department of Social Welfare, Myanmar (synthetic)",
        counterpart=Counterpart.objects.filter(country="MM", kind="government").first(),
    )  # fmt: skip
    _crime_b(case, t0)


def _scenario_c(now: dt.datetime) -> None:
    """A 15-year-old Lao girl in sexual exploitation in Bangkok: child protections, a shelter, and
    her identity hidden from roles without the right (the police MDT member sees the case only)."""
    from .models import AccessReason, CaseAccess

    t0 = now - dt.timedelta(days=12)
    cw, sup, case = _scenario_open(
        "C", "bangkok", t0, "สายด่วน 1300 รับแจ้งว่ามีเด็กหญิงต่างชาติถูกบังคับค้าประเวณี (ข้อมูลสมมติ)",
        source="hotline_1300", channel="phone", urgency="immediate", place_province_id="10",
        place_detail="สถานบริการย่านห้วยขวาง",
    )  # fmt: skip
    _scenario_person(
        cw,
        case,
        names=["Noy Keomany"],
        sex=Sex.FEMININE,
        citizenship="LA",
        language="lo",
        age=15,
        at=t0,
    )
    _custody(cw, case, t0 + dt.timedelta(hours=2), "บ้านพักเด็กและครอบครัวกรุงเทพมหานคร")
    _screen(
        cw, case,
        interviewed_at=t0 + dt.timedelta(hours=6), interpreter_language="lo", interpreter_name="ล่ามภาษาลาว (สมมติ)",
        indicators=["AbuseOfVulnerability", "Deception", "RestrictionOfMovement", "PhysicalAndSexualViolence",
                    "DebtBondage"],
        methods_of_control=["SexualAbuse", "DebtBondage", "FalsePromises"], exploitation_types=["SexualExploitation"],
        sex_exploitation_types=["Prostitution"], recruitment_methods=["ThroughFriendsOrSocialEvents"],
        vulnerabilities=["Poverty", "Migration"],
        notes="สัมภาษณ์แบบเป็นมิตรกับเด็ก มีนักจิตวิทยาร่วม (ข้อมูลสมมติ)",
    )  # fmt: skip
    _to_shelter(cw, case, t0 + dt.timedelta(hours=22), _agency("shelter-10"))
    _identify(
        cw, sup, case,
        decided_at=t0 + dt.timedelta(days=2), reasons="เด็กอายุต่ำกว่า 18 ปีถูกแสวงประโยชน์ทางเพศ (ข้อมูลสมมติ)",
        basis="s6", acts=["recruiting", "harbouring"], means=["abuse_of_vulnerability"], purposes=["SexualExploitation"],
        members=[("police-10", "พนักงานสอบสวนหญิง (สมมติ)"),
                 ("psdhs-10", "นักสังคมสงเคราะห์ (สมมติ)"),
                 ("public-health-10", "นักจิตวิทยา (สมมติ)")],
    )  # fmt: skip
    services.rights_notice_record(
        actor=cw, case=case, notified_at=t0 + dt.timedelta(days=2, hours=3), language="lo",
        interpreter_name="ล่ามภาษาลาว (สมมติ)", rights=["protection", "compensation", "legal_aid", "return"],
    )  # fmt: skip
    start = (t0 + dt.timedelta(days=3)).date()
    _assistance_plan(
        cw, case, start, 180, "คุ้มครองเด็ก ที่พักปลอดภัย ฟื้นฟูจิตใจ การศึกษา และติดตามครอบครัวที่ สปป.ลาว"
    )
    services.shelter_stay_start(
        actor=cw, case=case, shelter=_agency("shelter-10"), started_on=start
    )
    proceeding = services.legal_proceeding_add(
        actor=cw,
        case=case,
        victim_role="witness",
        police_case_number="77/2569",
        police_station="สน.ห้วยขวาง (สมมติ)",
    )
    services.protection_measure_add(
        actor=cw, case=case, proceeding=proceeding, measure="screen_or_video", started_on=start,
        details="เด็กให้ถ้อยคำผ่านระบบวิดีโอ มีนักจิตวิทยาและอัยการร่วม (มาตรา 133 ทวิ)",
    )  # fmt: skip
    police = _user("police.bangkok")
    CaseAccess.objects.get_or_create(
        case=case,
        user=police,
        reason=AccessReason.ASSIGNED,
        defaults={"identity": False, "granted_by": sup},
    )
    _crime_c(case, t0)


# --- places, perpetrators and partner agencies of the walk-through cases (synthetic) -----------
DEMO = "[ข้อมูลสาธิต]"


def _place(actor, case, place_type, setting, country, *, province=None, district=None,
           description="", start=None, end=None):  # fmt: skip
    from saphan.geo.models import District

    services.place_add(
        actor=actor, case=case, place_type=place_type, setting=setting, country=country,
        province=Province.objects.filter(code=province).first() if province else None,
        district=District.objects.filter(code=district).first() if district else None,
        description=f"{DEMO} {description}", date_from=start, date_to=end,
    )  # fmt: skip


def _crime_a(case, t0: dt.datetime) -> None:
    cw, sup = _user("cw.tak"), _user("sup.tak")
    day = t0.date()
    _place(cw, case, "Recruitment", "online", "TH", province="40",
           description="โฆษณางานแอดมินทางเฟซบุ๊ก", start=day - dt.timedelta(days=120))  # fmt: skip
    _place(cw, case, "Transit", "other", "TH", province="63", district="6306",
           description="ข้ามแดนทางธรรมชาติริมแม่น้ำเมย", start=day - dt.timedelta(days=110))  # fmt: skip
    _place(cw, case, "Exploitation", "scam_compound", "MM", description="อาคารแก๊งหลอกลวงออนไลน์ เมียวดี",
           start=day - dt.timedelta(days=110), end=day - dt.timedelta(days=1))  # fmt: skip
    services.perpetrator_add(
        actor=cw, case=case, name=f"{DEMO} เจ๊หน่อย", aliases="Noi Admin, หน่อย HR",
        roles=["RecruiterOrIntermediary"], sex="Feminine", nationality="TH",
        relation_to_victim="Unaquainted", relation_details="รู้จักทางเฟซบุ๊ก (ข้อมูลสมมติ)",
    )  # fmt: skip
    services.mdt_member_add(actor=sup, case=case, member=_user("police.tak"), identity=False,
                            note=f"{DEMO} ร่วมสืบสวนขยายผลผู้ชักชวน")  # fmt: skip


def _crime_b(case, t0: dt.datetime) -> None:
    cw, sup = _user("cw.songkhla"), _user("sup.songkhla")
    day = t0.date()
    _place(cw, case, "Recruitment", "other", "MM", description="หมู่บ้านในรัฐมอญ",
           start=day - dt.timedelta(days=400))  # fmt: skip
    _place(cw, case, "Exploitation", "fishing_vessel", "TH", province="90",
           description="เรือประมงพาณิชย์ (ชื่อสมมติ)", start=day - dt.timedelta(days=380),
           end=day - dt.timedelta(days=2))  # fmt: skip
    proceeding = case.legal_proceedings.first()
    services.perpetrator_add(
        actor=cw, case=case, name=f"{DEMO} ไต้ก๋งเรือ", roles=["Exploiter"], sex="Masculine",
        nationality="TH", relation_to_victim="Acquainted", relation_details="ไต้ก๋งเรือ (ข้อมูลสมมติ)",
        proceeding=proceeding,
    )  # fmt: skip
    services.perpetrator_add(
        actor=cw, case=case, name=f"{DEMO} Ko Aung", roles=["BrokerTravelAgent", "Transporter"],
        sex="Masculine", nationality="MM", relation_to_victim="Acquainted",
        relation_details="นายหน้าจากหมู่บ้านเดียวกัน (ข้อมูลสมมติ)",
    )  # fmt: skip
    services.mdt_member_add(actor=sup, case=case, member=_user("police.songkhla"),
                            identity=True, note=f"{DEMO} พนักงานสอบสวนต้องสอบปากคำผู้เสียหาย")  # fmt: skip


def _crime_c(case, t0: dt.datetime) -> None:
    cw = _user("cw.bangkok")
    day = t0.date()
    _place(cw, case, "Recruitment", "other", "LA", description="แขวงสะหวันนะเขต",
           start=day - dt.timedelta(days=90))  # fmt: skip
    _place(cw, case, "Exploitation", "entertainment", "TH", province="10",
           description="สถานบริการย่านห้วยขวาง", start=day - dt.timedelta(days=80),
           end=day - dt.timedelta(days=1))  # fmt: skip
    services.perpetrator_add(
        actor=cw, case=case, name=f"{DEMO} แม่เล้า", roles=["Exploiter"], sex="Feminine",
        nationality="TH", relation_to_victim="Unaquainted", proceeding=case.legal_proceedings.first(),
    )  # fmt: skip


# Where a synthetic case's exploitation took place, by its form and industry (FORMS).
SETTING_OF = {
    "A_AgricultureForestryAndFishing": ("fishing_vessel", "farm"),
    "T_ActivitiesOfHouseholdsAsEmployers": ("private_home",),
    "C_Manufacturing": ("factory",),
    "I_AccommodationAndFoodServiceActivities": ("other",),
    "SexualExploitation": ("entertainment",),
    "ForcedCriminality": ("scam_compound",),
    "ForcedBegging": ("street",),
    "ForcedMarriage": ("private_home",),
}
# Synthetic perpetrators' names (nicknames as victims give them), never a real person's.
PERPETRATOR_NAMES = [
    "เจ๊แดง", "พี่ต้อม นายหน้า", "เสี่ยหนุ่ย", "ป้าสาย", "ไต้ก๋งเปี๊ยก", "Ko Zaw", "Ma Hnin",
    "Bong Sok", "Tao Kham", "Mr. Lim", "ลุงเผือก", "หัวหน้าแก๊งแอดมิน",
]  # fmt: skip


def _crime_walk(case, staff: Staff, province: Province, t0: dt.datetime, nationality: str,
                forms: list[str], industry: str) -> None:  # fmt: skip
    """Places, an alleged perpetrator and sometimes the province's police in a synthetic case
    that reached screening. A random stream of its own (seeded by the case code), so the rest
    of the generated data stays as it was."""
    rng = random.Random(f"crime:{case.code}")
    cw, day = staff.cw, t0.date()
    recruited = day - dt.timedelta(days=rng.randint(40, 400))
    if nationality in ("TH", "XX", "VN"):
        _place(cw, case, "Recruitment", rng.choice(["online", "other"]), "TH",
               province=province.code, description="ได้รับการชักชวนไปทำงาน", start=recruited)  # fmt: skip
    else:
        _place(cw, case, "Recruitment", rng.choice(["online", "other"]), nationality,
               description="ได้รับการชักชวนจากหมู่บ้านต้นทาง", start=recruited)  # fmt: skip
    setting = rng.choice(SETTING_OF.get(industry) or SETTING_OF.get(forms[0]) or ("other",))
    if setting == "scam_compound":
        abroad = rng.choice(["MM", "KH", "LA"])
        _place(cw, case, "Transit", "other", "TH", province=province.code,
               description="ข้ามแดนไปทำงาน", start=recruited + dt.timedelta(days=5))  # fmt: skip
        _place(cw, case, "Exploitation", setting, abroad, description="อาคารแก๊งหลอกลวงออนไลน์",
               start=recruited + dt.timedelta(days=7), end=day - dt.timedelta(days=1))  # fmt: skip
    else:
        _place(cw, case, "Exploitation", setting, "TH", province=province.code,
               description="สถานที่ถูกแสวงประโยชน์", start=recruited + dt.timedelta(days=7),
               end=day - dt.timedelta(days=1))  # fmt: skip
    services.perpetrator_add(
        actor=cw, case=case, name=f"{DEMO} {rng.choice(PERPETRATOR_NAMES)}",
        roles=[rng.choice(["RecruiterOrIntermediary", "Exploiter", "BrokerTravelAgent"])],
        sex=rng.choice(["Feminine", "Masculine"]),
        nationality=rng.choice([nationality if nationality != "XX" else "MM", "TH"]),
        relation_to_victim=rng.choice(["Acquainted", "Unaquainted"]),
    )  # fmt: skip
    if rng.random() < 0.3:
        from .selectors_crime import mdt_candidates

        police = mdt_candidates(case).filter(agency=staff.police).first()
        if police is not None:
            services.mdt_member_add(actor=staff.sup, case=case, member=police, identity=False,
                                    note=f"{DEMO} ร่วมสืบสวนขยายผล")  # fmt: skip


SCENARIOS = {"A": _scenario_a, "B": _scenario_b, "C": _scenario_c}


def ensure_scenario_cases() -> int:
    """The three walk-through cases, once each; returns how many were made."""
    now = timezone.now()
    made = 0
    with pghistory.context(command="demo_scenarios"):
        for key, build in SCENARIOS.items():
            if not _scenario_exists(key):
                with transaction.atomic():
                    build(now)
                made += 1
    return made
