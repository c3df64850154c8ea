"""Standard exports: the HTCDS v2 tables and a de-identified, k-anonymous CTDC-style dataset.

Who may export is ``insight.export_national`` (insight/rules.py: central officers with national
jurisdiction); every export writes an ExportLog row. Neither export carries a name, document
number, contact, address, exact birth date or free text: the central office holds national
aggregates, not identities (orgs/access.py). Records are linked across the HTCDS tables by
pseudonymous keys (an HMAC of the record's id with the site's secret): stable between exports
of the same installation, meaningless outside it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from saphan.cases import process
from saphan.cases.enums import ExploitationType, MethodOfControl
from saphan.cases.models import (
    AssistancePlan,
    CaseClosure,
    CaseNote,
    IdentificationDecision,
    Intake,
    Perpetrator,
    PlannedService,
    Referral,
    ScreeningInterview,
    TraffickingPlace,
)
from saphan.core import spreadsheets
from saphan.orgs import access
from saphan.orgs.models import Agency
from saphan.people.models import CaseParty, PersonName

from . import indicators as ind
from . import services

REFERENCE = Path(__file__).resolve().parent / "reference" / "htcds_fields_v2.csv"
PERM = "insight.export_national"
K = 11
MISSING = "-99"
VALUE_NAME = re.compile(r"^[A-Za-z0-9_]+$")  # CTDC's mark for a value not known or withheld


def require_exporter(user) -> None:
    if user is None or not user.has_perm(PERM):
        raise PermissionDenied(PERM)


# --- the reference ---------------------------------------------------------------------------
@cache
def reference_fields() -> dict[str, list[str]]:
    """HTCDS field name → its picklist value names ([] for a field that is not a picklist)."""
    out: dict[str, list[str]] = {}
    with REFERENCE.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = (row.get("Field Name including Prefix") or "").strip()
            if not name:
                continue
            values = [v.strip() for v in (row.get("Value Names (if picklist)") or "").splitlines()]
            # Some picklists are described rather than listed ("Use ISO 3166 country codes").
            out[name] = [v for v in values if VALUE_NAME.match(v)]
    return out


def _pick(field: str, value: str) -> str:
    """A value as the standard names it: values the standard does not list become "Other"
    where the picklist has it (Thai-specific values such as ForcedCriminality)."""
    if not value:
        return ""
    allowed = reference_fields().get(field) or []
    if not allowed or value in allowed:
        return value
    return "Other" if "Other" in allowed else value


def _multi(field: str, values) -> str:
    """Multi-select picklists as Salesforce writes them: value names joined by semicolons."""
    seen: list[str] = []
    for v in values or []:
        picked = _pick(field, v)
        if picked and picked not in seen:
            seen.append(picked)
    return ";".join(seen)


def pseudonym(kind: str, pk) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:16]


# --- HTCDS tables ----------------------------------------------------------------------------
ORG_TYPE = {
    "datip": "CentralGovernmentOrganisation",
    "regional_office": "CentralGovernmentOrganisation",
    "psdhs": "CentralGovernmentOrganisation",
    "shelter": "CentralGovernmentOrganisation",
    "protection_centre": "CentralGovernmentOrganisation",
    "police": "LawEnforcement",
    "labour_protection": "CentralGovernmentOrganisation",
    "employment": "CentralGovernmentOrganisation",
    "public_health": "HealthServiceOrganisation",
    "immigration": "ImmigrationService",
    "ngo": "NGO",
}

# Saphan's own linking keys: not HTCDS fields (the standard lives in Salesforce, whose record
# ids link its objects); every other column is a field name of the reference.
KEY_COLUMNS = {"Id", "CaseId", "PersonId", "OrganisationId"}

TABLES: dict[str, list[str]] = {
    "organization": [
        "Id",
        "org_Name",
        "org_ShippingCountry",
        "org_ShippingState",
        "org_Type",
    ],
    "case": [
        "Id",
        "cas_Status",
        "cas_ReasonForCaseClosure",
        "cas_ReferringOrganisation",
        "cas_IncomingReferralDate",
    ],
    "person_victim": [
        "Id",
        "CaseId",
        "prs_Gender",
        "prs_Citizenship",
        "prs_PrimaryLanguage",
        "vic_AgeWhenTrafficked",
        "vic_TraffickingStatus",
        "vic_TraffickingStatusDecisionMakingOrg",
        "vic_RelationshipToTrafficker",
        "vic_RecruitmentWebsitesAndApps",
        "vic_MethodOfRecruitment",
        "vic_MethodsOfControl",
        "vic_TypeOfExploitation",
        "vic_ForcedLabourIndustry",
        "vic_TypeOfSexExploitation",
        "vic_Vulnerabilities",
    ],
    "person_perpetrator": ["Id", "CaseId", "per_RoleInProcess"],
    "referral": [
        "Id",
        "CaseId",
        "cas_ReferringOrganisation",
        "cas_ReferredOrganisation",
        "cas_OutgoingReferralDate",
        "cas_ReasonForOutgoingReferral",
    ],
    "historic_trafficking_event": [
        "Id",
        "CaseId",
        "hte_Country",
        "hte_State",
        "hte_Date",
        "hte_Type",
    ],
    "support_plan": ["Id", "CaseId", "spl_PlannedEndDate", "spl_ActualEndDate", "spl_Type"],
    # A case worker's formal update: the case notes, with the persons' names and ID or phone
    # numbers taken out (the export is pseudonymous).
    "case_comment": ["Id", "CaseId", "cco_CaseComment"],
    # The person's consent as Saphan records it: to share their identity on a referral.
    "consent": ["Id", "CaseId", "con_Consent"],
}


def _local_date(value) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _age_on(person: dict, day: dt.date | None):
    if day is None:
        return None
    precision = person["birth_date_precision"]
    born = person["birth_date"]
    if precision in ("exact", "year") and born:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if precision == "estimated" and person["age_estimate_min"] is not None:
        since = person["age_estimated_on"] or timezone.localtime(person["created_at"]).date()
        passed = day.year - since.year - ((day.month, day.day) < (since.month, since.day))
        return (person["age_estimate_min"] + person["age_estimate_max"]) // 2 + passed
    return None


def _first_intakes(cases) -> dict:
    out: dict = {}
    for case_id, received_at, agency_id in (
        Intake.objects.filter(case__in=cases)
        .order_by("case_id", "received_at")
        .values_list("case_id", "received_at", "referring_agency_id")
    ):
        out.setdefault(case_id, (received_at, agency_id))
    return out


def _latest(cases, model, order: str, *fields) -> dict:
    out: dict = {}
    rows = model.objects.filter(case__in=cases).order_by("case_id", order)
    for row in rows.values("case_id", *fields):
        out[row["case_id"]] = row  # the last in order wins
    return out


def htcds_rows(*, actor) -> dict[str, list[dict]]:
    """Every HTCDS table as a list of rows (dicts keyed by the table's columns), over the cases
    ``access.exportable_cases`` opens to the actor (rule 1: no unscoped read of cases)."""
    cases = access.exportable_cases(actor)
    provinces = {}
    from saphan.geo.models import Province

    for p in Province.objects.all():
        provinces[p.code] = p.name_en
    agencies = {}
    org_rows = []
    for a in Agency.objects.all().order_by("code"):
        agencies[a.pk] = a.name_en or a.name_th
        org_rows.append(
            {
                "Id": pseudonym("org", a.pk),
                "org_Name": a.name_en or a.name_th,
                "org_ShippingCountry": "TH",
                "org_ShippingState": provinces.get(a.province_id, ""),
                "org_Type": _pick("org_Type", ORG_TYPE.get(a.kind, "")),
            }
        )
    intakes = _first_intakes(cases)
    closures = _latest(cases, CaseClosure, "requested_at", "reason", "approved")
    case_rows = []
    for case in cases.values("id", "phase"):
        closure = closures.get(case["id"])
        reason = closure["reason"] if closure and case["phase"] == "closed" else ""
        received, referring = intakes.get(case["id"], (None, None))
        case_rows.append(
            {
                "Id": pseudonym("case", case["id"]),
                "cas_Status": _pick("cas_Status", process.case_status(case["phase"], reason)),
                "cas_ReasonForCaseClosure": reason,
                "cas_ReferringOrganisation": agencies.get(referring, ""),
                "cas_IncomingReferralDate": _local_date(received),
            }
        )
    decisions = _latest(cases, IdentificationDecision, "decided_at", "status", "deciding_org")
    screenings = _latest(
        cases,
        ScreeningInterview,
        "interviewed_at",
        "methods_of_control",
        "exploitation_types",
        "sex_exploitation_types",
        "forced_labour_industry",
        "recruitment_methods",
        "recruitment_apps",
        "relationship_to_trafficker",
        "vulnerabilities",
    )
    persons = {
        p["id"]: p
        for p in access.exportable_persons(actor)
        .filter(case_links__role="victim")
        .values(
            "id",
            "sex",
            "citizenships",
            "languages",
            "birth_date",
            "birth_date_precision",
            "age_estimate_min",
            "age_estimate_max",
            "age_estimated_on",
            "created_at",
        )
    }
    exploitation = dict(cases.values_list("id", "exploitation_types"))
    victim_rows = []
    victims = CaseParty.objects.filter(role="victim", case__in=cases)
    for party in victims.values("id", "case_id", "person_id"):
        person = persons[party["person_id"]]
        decision = decisions.get(party["case_id"]) or {}
        screening = screenings.get(party["case_id"]) or {}
        received = intakes.get(party["case_id"], (None, None))[0]
        age = _age_on(person, timezone.localtime(received).date() if received else None)
        victim_rows.append(
            {
                "Id": pseudonym("victim", party["id"]),
                "CaseId": pseudonym("case", party["case_id"]),
                "prs_Gender": _pick("prs_Gender", person["sex"]),
                "prs_Citizenship": ";".join(person["citizenships"] or []),
                "prs_PrimaryLanguage": (person["languages"] or [""])[0],
                "vic_AgeWhenTrafficked": "" if age is None else age,
                "vic_TraffickingStatus": _pick("vic_TraffickingStatus", decision.get("status", "")),
                "vic_TraffickingStatusDecisionMakingOrg": _pick(
                    "vic_TraffickingStatusDecisionMakingOrg", decision.get("deciding_org", "")
                ),
                "vic_RelationshipToTrafficker": _pick(
                    "vic_RelationshipToTrafficker", screening.get("relationship_to_trafficker", "")
                ),
                "vic_RecruitmentWebsitesAndApps": _multi(
                    "vic_RecruitmentWebsitesAndApps", screening.get("recruitment_apps")
                ),
                "vic_MethodOfRecruitment": _multi(
                    "vic_MethodOfRecruitment", screening.get("recruitment_methods")
                ),
                "vic_MethodsOfControl": _multi(
                    "vic_MethodsOfControl", screening.get("methods_of_control")
                ),
                "vic_TypeOfExploitation": _multi(
                    "vic_TypeOfExploitation",
                    screening.get("exploitation_types") or exploitation.get(party["case_id"]),
                ),
                "vic_ForcedLabourIndustry": _pick(
                    "vic_ForcedLabourIndustry", screening.get("forced_labour_industry", "")
                ),
                "vic_TypeOfSexExploitation": _multi(
                    "vic_TypeOfSexExploitation", screening.get("sex_exploitation_types")
                ),
                "vic_Vulnerabilities": _multi(
                    "vic_Vulnerabilities", screening.get("vulnerabilities")
                ),
            }
        )
    perpetrator_rows = [
        {
            "Id": pseudonym("perpetrator", p["id"]),
            "CaseId": pseudonym("case", p["case_id"]),
            "per_RoleInProcess": _multi("per_RoleInProcess", p["roles"]),
        }
        for p in Perpetrator.objects.filter(case__in=cases).values("id", "case_id", "roles")
    ]
    referral_rows = [
        {
            "Id": pseudonym("referral", r["id"]),
            "CaseId": pseudonym("case", r["case_id"]),
            "cas_ReferringOrganisation": agencies.get(r["from_agency_id"], ""),
            "cas_ReferredOrganisation": agencies.get(r["to_agency_id"], ""),
            "cas_OutgoingReferralDate": _local_date(r["sent_at"]),
            "cas_ReasonForOutgoingReferral": _pick("cas_ReasonForOutgoingReferral", r["reason"]),
        }
        for r in Referral.objects.filter(case__in=cases).values(
            "id", "case_id", "from_agency_id", "to_agency_id", "sent_at", "reason"
        )
    ]
    place_rows = [
        {
            "Id": pseudonym("place", p["id"]),
            "CaseId": pseudonym("case", p["case_id"]),
            "hte_Country": p["country"],
            "hte_State": provinces.get(p["province_id"], ""),
            "hte_Date": p["date"].isoformat() if p["date"] else "",
            "hte_Type": _pick("hte_Type", p["place_type"]),
        }
        for p in TraffickingPlace.objects.filter(case__in=cases).values(
            "id", "case_id", "country", "province_id", "date", "place_type"
        )
    ]
    service_types = defaultdict(list)
    services_of_cases = PlannedService.objects.filter(plan__case__in=cases)
    for plan_id, kind in services_of_cases.values_list("plan_id", "type"):
        service_types[plan_id].append(kind)
    plan_rows = []
    plans = AssistancePlan.objects.filter(case__in=cases)
    for plan in plans.values("id", "case_id", "planned_end", "actual_end"):
        # spl_Type is single-valued: one row per type of support the plan holds.
        for kind in sorted(set(service_types.get(plan["id"]) or [""])):
            plan_rows.append(
                {
                    "Id": pseudonym("plan", plan["id"]),
                    "CaseId": pseudonym("case", plan["case_id"]),
                    "spl_PlannedEndDate": plan["planned_end"].isoformat(),
                    "spl_ActualEndDate": plan["actual_end"].isoformat()
                    if plan["actual_end"]
                    else "",
                    "spl_Type": _pick("spl_Type", kind),
                }
            )
    return {
        "organization": org_rows,
        "case": case_rows,
        "person_victim": victim_rows,
        "person_perpetrator": perpetrator_rows,
        "referral": referral_rows,
        "historic_trafficking_event": place_rows,
        "support_plan": plan_rows,
        "case_comment": _comment_rows(cases, access.exportable_persons(actor)),
        "consent": [
            {
                "Id": pseudonym("consent", r["id"]),
                "CaseId": pseudonym("case", r["case_id"]),
                "con_Consent": "true" if r["consent_recorded"] else "false",
            }
            for r in Referral.objects.filter(case__in=cases)
            .order_by("sent_at")
            .values("id", "case_id", "consent_recorded")
        ],
    }


REDACTED = "[…]"
# 13-digit Thai ID (with or without dashes or spaces), phone numbers of 9-10 digits
NUMBERS = re.compile(r"(?<!\d)(?:\d[\s-]?){8,12}\d(?!\d)")


def redact(text: str, names) -> str:
    """``text`` without the given names (whole names first, then their words of two or more
    letters) and without ID or phone numbers."""
    pieces = set()
    for name in names:
        name = (name or "").strip()
        if name:
            pieces.add(name)
            pieces.update(w for w in re.split(r"\s+", name) if len(w) >= 2)
    for piece in sorted(pieces, key=len, reverse=True):
        text = re.sub(re.escape(piece), REDACTED, text, flags=re.IGNORECASE)
    return NUMBERS.sub(REDACTED, text)


def _comment_rows(cases, persons) -> list[dict]:
    """The case notes, each without the names of its case's persons (every script they were
    recorded in) and without numbers that could be an ID or a phone."""
    notes = list(
        CaseNote.objects.filter(case__in=cases)
        .order_by("created_at")
        .values("id", "case_id", "text")
    )
    names = defaultdict(list)
    parties = CaseParty.objects.filter(
        case_id__in={n["case_id"] for n in notes}, person__in=persons
    )
    person_cases = defaultdict(set)
    for case_id, person_id, full_name in parties.values_list(
        "case_id", "person_id", "person__full_name"
    ):
        person_cases[person_id].add(case_id)
        names[case_id].append(full_name)
    for person_id, full_name in PersonName.objects.filter(
        person_id__in=list(person_cases)
    ).values_list("person_id", "full_name"):
        for case_id in person_cases[person_id]:
            names[case_id].append(full_name)
    return [
        {
            "Id": pseudonym("note", n["id"]),
            "CaseId": pseudonym("case", n["case_id"]),
            "cco_CaseComment": redact(n["text"], names[n["case_id"]]),
        }
        for n in notes
    ]


def export_htcds(*, actor, out_dir: Path) -> dict[str, int]:
    """Write one CSV per HTCDS table into ``out_dir``; returns rows per table."""
    require_exporter(actor)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, rows in htcds_rows(actor=actor).items():
        columns = TABLES[table]
        with (out_dir / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = spreadsheets.SafeCsvWriter(f, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        counts[table] = len(rows)
    services.export_log(
        actor=actor,
        kind="htcds",
        scope="nation",
        params={"tables": counts},
        rows=sum(counts.values()),
        destination=str(out_dir),
    )
    return counts


# --- CTDC-style dataset ----------------------------------------------------------------------
QUASI_IDENTIFIERS = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
]
CONTROL_COLUMNS = {
    "MethodsOfControlDebtBondage": [MethodOfControl.DEBT_BONDAGE],
    "MethodsOfControlTakesEarnings": [MethodOfControl.TAKES_EARNINGS],
    "MethodsOfControlRestrictsFinancialAccess": [MethodOfControl.RESTRICTS_FINANCIAL_ACCESS],
    "MethodsOfControlThreats": [
        MethodOfControl.PHYSICAL_THREATS,
        MethodOfControl.THREATENS_CHILDREN_FAMILY,
    ],
    "MethodsOfControlPsychologicalAbuse": [MethodOfControl.PSYCHOLOGICAL_ABUSE],
    "MethodsOfControlPhysicalAbuse": [MethodOfControl.PHYSICAL_ABUSE],
    "MethodsOfControlSexualAbuse": [MethodOfControl.SEXUAL_ABUSE],
    "MethodsOfControlFalsePromises": [MethodOfControl.FALSE_PROMISES],
    "MethodsOfControlPsychoactiveSubstances": [MethodOfControl.PSYCHOACTIVE_SUBSTANCE],
    "MethodsOfControlRestrictsMedicalCare": [MethodOfControl.RESTRICTS_MEDICAL_CARE],
    "MethodsOfControlExcessiveWorkingHours": [MethodOfControl.EXCESSIVE_WORKING_HOURS],
    "MethodsOfControlThreatOfLawEnforcement": [MethodOfControl.THREATS_LAW_ENFORCEMENT],
    "MethodsOfControlWithholdsNecessities": [MethodOfControl.WITHHOLDS_NECESSITIES],
    "MethodsOfControlWithholdsDocuments": [MethodOfControl.WITHHOLDS_DOCUMENTS],
    "MethodsOfControlOther": [MethodOfControl.OTHER],
}
CTDC_COLUMNS = [*QUASI_IDENTIFIERS, *CONTROL_COLUMNS]
GENDER = {"Feminine": "Female", "Masculine": "Male"}
AGE_BANDS = [
    (0, 8, "0--8"),
    (9, 17, "9--17"),
    (18, 20, "18--20"),
    (21, 23, "21--23"),
    (24, 26, "24--26"),
    (27, 29, "27--29"),
    (30, 38, "30--38"),
    (39, 47, "39--47"),
    (48, 200, "48+"),
]
FORCED_LABOUR = {ExploitationType.FORCED_LABOUR, ExploitationType.CHILD_LABOUR}
SEXUAL = {ExploitationType.SEXUAL_EXPLOITATION}


def _age_band(age) -> str:
    if age is None:
        return MISSING
    for low, high, name in AGE_BANDS:
        if low <= age <= high:
            return name
    return MISSING


def ctdc_records(*, actor) -> list[dict]:
    """One record per identified victim (the victims_identified definition), full detail, over
    the cases ``access.exportable_cases`` opens to the actor."""
    with connection.cursor() as cursor:
        cursor.execute(*ind._identified_cases_sql(None))
        identified_ids = [case_id for case_id, _first in cursor.fetchall()]
    cases = access.exportable_cases(actor).filter(id__in=identified_ids)
    identified = set(cases.values_list("id", flat=True))
    intakes = _first_intakes(cases)
    screenings = _latest(cases, ScreeningInterview, "interviewed_at", "methods_of_control")
    exploitation_places: dict = {}
    for case_id, country in (
        TraffickingPlace.objects.filter(place_type="Exploitation", case__in=cases)
        .order_by("case_id", "created_at")
        .values_list("case_id", "country")
    ):
        exploitation_places.setdefault(case_id, country)
    cases = {c["id"]: c for c in cases.values("id", "exploitation_types", "created_at")}
    persons = {
        p["id"]: p
        for p in access.exportable_persons(actor)
        .filter(case_links__case__in=cases)
        .values(
            "id",
            "sex",
            "citizenships",
            "birth_date",
            "birth_date_precision",
            "age_estimate_min",
            "age_estimate_max",
            "age_estimated_on",
            "created_at",
        )
    }
    records = []
    for party in CaseParty.objects.filter(role="victim", case_id__in=identified).values(
        "case_id", "person_id"
    ):
        case = cases[party["case_id"]]
        person = persons[party["person_id"]]
        received = intakes.get(case["id"], (case["created_at"], None))[0] or case["created_at"]
        registered = timezone.localtime(received).date()
        age = _age_on(person, registered)
        forms = set(case["exploitation_types"] or [])
        controls = set((screenings.get(case["id"]) or {}).get("methods_of_control") or [])
        record = {
            "yearOfRegistration": str(registered.year),
            "gender": GENDER.get(person["sex"], MISSING),
            "ageBroad": _age_band(age),
            "majorityStatus": MISSING if age is None else ("Adult" if age >= 18 else "Minor"),
            "citizenship": (person["citizenships"] or [MISSING])[0],
            "CountryOfExploitation": exploitation_places.get(case["id"], MISSING),
            "isForcedLabour": int(bool(forms & FORCED_LABOUR)),
            "isSexualExploit": int(bool(forms & SEXUAL)),
            "isOtherExploit": int(bool(forms - FORCED_LABOUR - SEXUAL)),
        }
        for column, values in CONTROL_COLUMNS.items():
            record[column] = int(bool(controls & set(values)))
        records.append(record)
    return records


# Generalisation steps, applied in order until few enough records fall in small classes.
def _coarse_age(r):
    band = r["ageBroad"]
    if band == MISSING:
        return r
    low = int(band.split("--")[0].rstrip("+"))
    r["ageBroad"] = "0--17" if low < 18 else ("18--29" if low < 30 else "30+")
    return r


def _rare_to_other(column: str, k: int):
    def step(records):
        counts = Counter(r[column] for r in records)
        for r in records:
            if r[column] != MISSING and counts[r[column]] < k:
                r[column] = "Other"
        return records

    return step


def _years_to_bands(records):
    for r in records:
        year = int(r["yearOfRegistration"])
        start = year - (year % 3)
        r["yearOfRegistration"] = f"{start}--{start + 2}"
    return records


def _age_to_majority(records):
    for r in records:
        r["ageBroad"] = MISSING
    return records


def _top_or_other(column: str, keep: int):
    def step(records):
        counts = Counter(r[column] for r in records if r[column] not in (MISSING, "Other"))
        top = {value for value, _n in counts.most_common(keep)}
        for r in records:
            if r[column] not in top and r[column] != MISSING:
                r[column] = "Other"
        return records

    return step


def _withhold(column: str):
    def step(records):
        for r in records:
            r[column] = MISSING
        return records

    return step


def _per_record(fn):
    def step(records):
        return [fn(r) for r in records]

    return step


@dataclass
class CtdcResult:
    records: list[dict]
    suppressed: int
    total: int
    steps: list[str]


def k_anonymise(records: list[dict], *, k: int = K, max_suppressed_share: float = 0.05):
    """Generalise step by step, then drop the records whose combination of the quasi-
    identifiers occurs fewer than k times. Stops generalising once at most
    ``max_suppressed_share`` of the records would be dropped."""
    steps = [
        ("citizenship: rare values as Other", _rare_to_other("citizenship", k)),
        (
            "country of exploitation: rare values as Other",
            _rare_to_other("CountryOfExploitation", k),
        ),
        ("age: 0--17, 18--29, 30+", _per_record(_coarse_age)),
        ("year of registration: three-year bands", _years_to_bands),
        ("age: majority status only", _age_to_majority),
        ("citizenship: the three most common, others as Other", _top_or_other("citizenship", 3)),
        ("country of exploitation: Thailand or Other", _top_or_other("CountryOfExploitation", 1)),
        ("year of registration: withheld", _withhold("yearOfRegistration")),
    ]
    records = [dict(r) for r in records]
    applied: list[str] = []

    def small(rs):
        counts = Counter(tuple(r[c] for c in QUASI_IDENTIFIERS) for r in rs)
        return [r for r in rs if counts[tuple(r[c] for c in QUASI_IDENTIFIERS)] < k]

    for name, step in steps:
        if len(small(records)) <= max_suppressed_share * len(records):
            break
        records = step(records)
        applied.append(name)
    counts = Counter(tuple(r[c] for c in QUASI_IDENTIFIERS) for r in records)
    kept = [r for r in records if counts[tuple(r[c] for c in QUASI_IDENTIFIERS)] >= k]
    return CtdcResult(kept, len(records) - len(kept), len(records), applied)


def export_ctdc(*, actor, out_file: Path, k: int = K) -> CtdcResult:
    require_exporter(actor)
    result = k_anonymise(ctdc_records(actor=actor), k=k)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with out_file.open("w", encoding="utf-8", newline="") as f:
        writer = spreadsheets.SafeCsvWriter(f, fieldnames=CTDC_COLUMNS)
        writer.writeheader()
        writer.writerows(result.records)
    services.export_log(
        actor=actor,
        kind="ctdc",
        scope="nation",
        params={"k": k, "generalisation": result.steps, "total": result.total},
        rows=len(result.records),
        suppressed=result.suppressed,
        destination=str(out_file),
    )
    return result
