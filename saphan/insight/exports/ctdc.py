"""A de-identified CTDC-style dataset (the Counter Trafficking Data Collaborative's global
schema): one record per identified victim."""

from django.db import connection
from django.utils import timezone

from saphan.cases.enums import ExploitationType, MethodOfControl
from saphan.cases.models import (
    IdentificationDecision,
    ScreeningInterview,
    TraffickingPlace,
)
from saphan.orgs import access
from saphan.people.models import CaseParty

from .. import indicators as ind
from .common import MISSING, NOT_A_COUNTRY, _age_on, _exportable_persons, _first_intakes, _latest

# --- CTDC-style dataset ----------------------------------------------------------------------
# The column names and codes of the CTDC global victim dataset (IOM's Counter Trafficking Data
# Collaborative): 1/0 flags, -99 for not known or withheld, ISO 3166 alpha-2 countries, CTDC's
# age bands. Forced criminality (e.g. scam compounds), forced begging and s.6/1 forced labour or
# services are forced labour as CTDC files them (typeOfLabourIllicitActivities, ...Begging).
#
# k-anonymity (k = 11) holds over the combination of every released quasi-identifier: the
# columns an outsider could know about a person (when, sex, age, citizenship, where, what kind
# of exploitation). Each combination of their published values occurs at least k times, so
# every sub-combination does too. Means of control and the recruiter's relation are released
# as they are: they are not known outside the case file.
DATASOURCE = "Case Management"
CONTROL_COLUMNS = {
    "meansOfControlDebtBondage": [MethodOfControl.DEBT_BONDAGE],
    "meansOfControlTakesEarnings": [MethodOfControl.TAKES_EARNINGS],
    "meansOfControlRestrictsFinancialAccess": [MethodOfControl.RESTRICTS_FINANCIAL_ACCESS],
    "meansOfControlThreats": [
        MethodOfControl.PHYSICAL_THREATS,
        MethodOfControl.THREATENS_CHILDREN_FAMILY,
    ],
    "meansOfControlPsychologicalAbuse": [MethodOfControl.PSYCHOLOGICAL_ABUSE],
    "meansOfControlPhysicalAbuse": [MethodOfControl.PHYSICAL_ABUSE],
    "meansOfControlSexualAbuse": [MethodOfControl.SEXUAL_ABUSE],
    "meansOfControlFalsePromises": [MethodOfControl.FALSE_PROMISES],
    "meansOfControlPsychoactiveSubstances": [MethodOfControl.PSYCHOACTIVE_SUBSTANCE],
    "meansOfControlRestrictsMovement": ["RestrictionOfMovement"],  # the ILO indicator
    "meansOfControlRestrictsMedicalCare": [MethodOfControl.RESTRICTS_MEDICAL_CARE],
    "meansOfControlExcessiveWorkingHours": [
        MethodOfControl.EXCESSIVE_WORKING_HOURS,
        "ExcessiveOvertime",
    ],
    "meansOfControlUsesChildren": [],
    "meansOfControlThreatOfLawEnforcement": [MethodOfControl.THREATS_LAW_ENFORCEMENT],
    "meansOfControlWithholdsNecessities": [MethodOfControl.WITHHOLDS_NECESSITIES],
    "meansOfControlWithholdsDocuments": [
        MethodOfControl.WITHHOLDS_DOCUMENTS,
        "RetentionOfIdentityDocuments",
    ],
    "meansOfControlOther": [MethodOfControl.OTHER],
}
E = ExploitationType
# Forced labour as CTDC files it, and the type of labour each Saphan value is.
LABOUR_FORMS = {
    E.FORCED_LABOUR,
    E.CHILD_LABOUR,
    E.FORCED_LABOUR_OR_SERVICES,
    E.FORCED_CRIMINALITY,
    E.FORCED_BEGGING,
}
SEXUAL = {E.SEXUAL_EXPLOITATION}
OTHER_FORMS = {
    E.FORCED_MARRIAGE,
    E.SERVITUDE,
    E.FORCED_MILITARY,
    E.ORGAN_REMOVAL,
    E.FORCED_ADOPTION,
    E.SURROGACY,
    E.OTHER,
}
LABOUR_TYPES = [
    "Agriculture", "Aquafarming", "Begging", "Construction", "DomesticWork", "Hospitality",
    "IllicitActivities", "Manufacturing", "MiningOrDrilling", "Peddling", "Transportation",
    "Other",
]  # fmt: skip
INDUSTRY_LABOUR = {  # ISIC section (vic_ForcedLabourIndustry) → CTDC type of labour
    "A_AgricultureForestryAndFishing": "Agriculture",
    "B_MiningAndQuarrying": "MiningOrDrilling",
    "C_Manufacturing": "Manufacturing",
    "F_Construction": "Construction",
    "G_WholesaleAndRetailTradeRepairOfMotorVehicles": "Peddling",
    "H_TransportationAndStorage": "Transportation",
    "I_AccommodationAndFoodServiceActivities": "Hospitality",
    "T_ActivitiesOfHouseholdsAsEmployers": "DomesticWork",
}
SEX_TYPES = {
    "Prostitution": "typeOfSexProstitution",
    "Pornography": "typeOfSexPornography",
    "RemoteInteractiveServices": "typeOfSexRemoteInteractiveServices",
    "PrivateSexualServices": "typeOfSexPrivateSexualServices",
}
RECRUITER = {  # vic_RelationshipToTrafficker → CTDC recruiterRelation*
    "Familial": "Family",
    "Acquainted": "Friend",
    "Unaquainted": "Other",
}
RECRUITER_COLUMNS = [
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
    "recruiterRelationUnknown",
]
OTHER_FLAGS = {
    "isForcedMarriage": E.FORCED_MARRIAGE,
    "isForcedMilitary": E.FORCED_MILITARY,
    "isOrganRemoval": E.ORGAN_REMOVAL,
    "isSlaveryAndPractices": E.SERVITUDE,
}
LABOUR_COLUMNS = [f"typeOfLabour{t}" for t in LABOUR_TYPES] + ["typeOfLabourNotSpecified"]
SEX_COLUMNS = [*SEX_TYPES.values(), "typeOfSexNotSpecified"]
# The quasi-identifiers: each combination of their values occurs at least k times.
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
    "isSexAndLabour",
    *OTHER_FLAGS,
    *LABOUR_COLUMNS,
    *SEX_COLUMNS,
]
CTDC_COLUMNS = [
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    *CONTROL_COLUMNS,
    "meansOfControlNotSpecified",
    "meansOfControlConcatenated",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    *OTHER_FLAGS,
    "typeOfExploitConcatenated",
    *LABOUR_COLUMNS,
    "typeOfLabourConcatenated",
    *SEX_COLUMNS,
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    *RECRUITER_COLUMNS,
]
GENDER = {"Feminine": "Female", "Masculine": "Male"}
for _g in ("TransgenderFeminine", "TransgenderMasculine", "NonConforming"):
    GENDER[_g] = "Transgender/NonConforming"
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
FORCED_LABOUR = LABOUR_FORMS  # kept for the readers of the old name


def _age_band(age) -> str:
    if age is None:
        return MISSING
    for low, high, name in AGE_BANDS:
        if low <= age <= high:
            return name
    return MISSING


def _flags(columns, chosen: set[str], *, known: bool, none_column: str | None = None) -> dict:
    """1/0 flags of ``columns`` (-99 when not known), and its "not specified" column."""
    out = {c: (int(c in chosen) if known else MISSING) for c in columns}
    if none_column:
        out[none_column] = int(not chosen) if known else MISSING
    return out


def _concatenated(flags: dict, prefix: str) -> str:
    names = [
        c[len(prefix) :] for c, v in flags.items() if v == 1 and not c.endswith("NotSpecified")
    ]
    return ";".join(names) if names else MISSING


def ctdc_record(*, registered, person, forms, screening, country, decision) -> dict:
    """One victim's CTDC record at full detail (before k-anonymisation)."""
    age = _age_on(person, registered)
    forms = set(forms or [])
    labour = bool(forms & LABOUR_FORMS)
    sexual = bool(forms & SEXUAL)
    known = bool(forms)
    record = {
        "yearOfRegistration": str(registered.year),
        "Datasource": DATASOURCE,
        "gender": GENDER.get(person["sex"], MISSING),
        "ageBroad": _age_band(age),
        "majorityStatus": MISSING if age is None else ("Adult" if age >= 18 else "Minor"),
        "citizenship": next(
            (c for c in person["citizenships"] or [] if c not in NOT_A_COUNTRY), MISSING
        ),
    }
    signals = set(screening.get("methods_of_control") or []) | set(
        screening.get("indicators") or []
    )
    controls = {c for c, values in CONTROL_COLUMNS.items() if signals & set(values)}
    control_flags = _flags(
        list(CONTROL_COLUMNS), controls, known=bool(screening),
        none_column="meansOfControlNotSpecified",
    )  # fmt: skip
    record |= control_flags
    record["meansOfControlConcatenated"] = _concatenated(
        {c: control_flags[c] for c in CONTROL_COLUMNS}, "meansOfControl"
    )
    record |= {
        "isForcedLabour": int(labour) if known else MISSING,
        "isSexualExploit": int(sexual) if known else MISSING,
        "isOtherExploit": int(bool(forms & OTHER_FORMS)) if known else MISSING,
        "isSexAndLabour": int(labour and sexual) if known else MISSING,
    }
    for column, form in OTHER_FLAGS.items():
        record[column] = int(form in forms) if known else MISSING
    kinds = [
        name
        for name, flag in (
            ("ForcedLabour", labour),
            ("SexualExploit", sexual),
            ("OtherExploit", bool(forms & OTHER_FORMS)),
        )
        if flag
    ]
    record["typeOfExploitConcatenated"] = ";".join(kinds) if kinds else MISSING
    labour_types = set()
    if labour:
        if E.FORCED_CRIMINALITY in forms:
            labour_types.add("typeOfLabourIllicitActivities")
        if E.FORCED_BEGGING in forms:
            labour_types.add("typeOfLabourBegging")
        industry = screening.get("forced_labour_industry") or ""
        if industry:
            labour_types.add(f"typeOfLabour{INDUSTRY_LABOUR.get(industry, 'Other')}")
    labour_flags = _flags(
        LABOUR_COLUMNS[:-1], labour_types, known=labour, none_column="typeOfLabourNotSpecified"
    )
    record |= labour_flags
    record["typeOfLabourConcatenated"] = _concatenated(labour_flags, "typeOfLabour")
    sex_types = {
        SEX_TYPES[v] for v in screening.get("sex_exploitation_types") or [] if v in SEX_TYPES
    }
    sex_flags = _flags(
        SEX_COLUMNS[:-1], sex_types, known=sexual, none_column="typeOfSexNotSpecified"
    )
    record |= sex_flags
    record["typeOfSexConcatenated"] = _concatenated(sex_flags, "typeOfSex")
    means = (decision or {}).get("means") or []
    record["isAbduction"] = (
        int("abduction" in means) if decision and decision.get("basis") else MISSING
    )
    relation = RECRUITER.get((screening or {}).get("relationship_to_trafficker") or "")
    record["RecruiterRelationship"] = relation or MISSING
    record["CountryOfExploitation"] = country or MISSING
    for column in RECRUITER_COLUMNS:
        record[column] = int(column == f"recruiterRelation{relation or 'Unknown'}")
    return record


def ctdc_records(*, actor) -> list[dict]:
    """One record per identified victim (the victims_identified definition), full detail, over
    the cases ``access.exportable_cases`` opens to the actor."""
    with connection.cursor() as cursor:
        cursor.execute(*ind._identified_cases_sql(None))
        identified_ids = [case_id for case_id, _first in cursor.fetchall()]
    cases = access.exportable_cases(actor).filter(id__in=identified_ids)
    identified = set(cases.values_list("id", flat=True))
    intakes = _first_intakes(cases)
    screenings = _latest(
        cases, ScreeningInterview, "interviewed_at", "methods_of_control", "indicators",
        "forced_labour_industry", "sex_exploitation_types", "relationship_to_trafficker",
    )  # fmt: skip
    decisions = _latest(cases, IdentificationDecision, "decided_at", "basis", "means")
    exploitation_places: dict = {}
    for case_id, country in (
        TraffickingPlace.objects.filter(place_type="Exploitation", case__in=cases)
        .order_by("case_id", "created_at")
        .values_list("case_id", "country")
    ):
        exploitation_places.setdefault(case_id, country)
    cases = {c["id"]: c for c in cases.values("id", "exploitation_types", "created_at")}
    persons = _exportable_persons(actor, case_links__case__in=cases)
    records = []
    for party in CaseParty.objects.filter(role="victim", case_id__in=identified).values(
        "case_id", "person_id"
    ):
        case = cases[party["case_id"]]
        received = intakes.get(case["id"], (case["created_at"], None))[0] or case["created_at"]
        records.append(
            ctdc_record(
                registered=timezone.localtime(received).date(),
                person=persons[party["person_id"]],
                forms=case["exploitation_types"],
                screening=screenings.get(case["id"]) or {},
                country=exploitation_places.get(case["id"]),
                decision=decisions.get(case["id"]),
            )
        )
    return records
