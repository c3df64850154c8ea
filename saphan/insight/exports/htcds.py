"""The HTCDS v2 tables (IOM's Human Trafficking Case Data Standard), one row per record."""

import re
from collections import defaultdict
from pathlib import Path

from django.utils import timezone, translation

from saphan.cases import process
from saphan.cases.enums import PlaceSetting
from saphan.cases.models import (
    AssistancePlan,
    CaseClosure,
    CaseNote,
    IdentificationDecision,
    PerpetratorLink,
    PlannedService,
    Referral,
    ScreeningInterview,
    TraffickingPlace,
)
from saphan.core import spreadsheets
from saphan.orgs import access
from saphan.orgs.models import Agency
from saphan.people.models import CaseParty, PersonName

from .. import services
from .common import (
    NOT_A_COUNTRY,
    _age_on,
    _exportable_persons,
    _first_intakes,
    _latest,
    _multi,
    _pick,
    pseudonym,
    reference_fields,
    require_exporter,
)

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
# ``ConsentTo`` says what a con_Consent row is about (the interview, the use of the data, the
# sharing of identity on a referral): the standard has one consent checkbox.
# ``PerpetratorId`` is the same pseudonym for one perpetrator in every case they are found in.
KEY_COLUMNS = {"Id", "CaseId", "PersonId", "OrganisationId", "ConsentTo", "PerpetratorId"}

# Fields of the standard that identify a person (names, birth date, documents, contacts,
# addresses, precise coordinates) or hold free text about them: never exported. Coverage is
# measured over the others (``non_identity_fields``).
IDENTITY_FIELDS = {
    "prs_Salutation", "prs_FirstName", "prs_MiddleName", "prs_SecondName", "prs_Birthdate",
    "prs_IdentityNumber", "prs_Title", "prs_Email", "prs_HomePhone", "prs_MobilePhone",
    "prs_MailingCity", "prs_MailingCountry", "prs_MailingState", "prs_MailingStreet",
    "prs_MailingPostalCode", "prs_MailingLongitude", "prs_MailingLatitude",
    "hte_Street", "hte_PostalCode", "hte_Longitude", "hte_Latitude",
}  # fmt: skip

# Values Saphan records that the standard names otherwise.
SUPPORT_TYPE = {  # spl_Type: the services the s.33 plan names one by one
    "Shelter": "SocialCare",
    "Food": "SocialCare",
    "Interpreter": "SocialCare",
    "FamilyTracing": "SocialCare",
    "MentalHealth": "Health",
}
REFERRAL_REASON = {  # cas_ReasonForOutgoingReferral: the National Referral Mechanism's reasons
    "ReintegrationInHomeProvince": "MigrationOrChangeOfLocation",
    "Repatriation": "MigrationOrChangeOfLocation",
    "ShelterPlacement": "AdditionalServicesRequired",
    "LegalProceedings": "AdditionalServicesRequired",
    "LabourRightsOrMigrantServices": "AdditionalServicesRequired",
}
EXPLOITATION = {  # vic_TypeOfExploitation: s.6/1 forced labour or services is forced labour
    "ForcedLabourOrServices": "ForcedLabour",
}
# vic_LocationOfRecruitment and vic_LocationOfExploitation are lookups to an organisation (the
# standard's Salesforce account): each place of recruitment or exploitation recorded in a case
# is an account of its own in the organization table, named by its kind and area only (never
# the free-text description, which goes, redacted, to hte_Description). A place that is a
# business is a CorporateBusiness; a private home, a street or a website has no org_Type.
BUSINESS_SETTINGS = {
    PlaceSetting.SCAM_COMPOUND, PlaceSetting.FISHING_VESSEL, PlaceSetting.FACTORY,
    PlaceSetting.ENTERTAINMENT, PlaceSetting.FARM, PlaceSetting.CONSTRUCTION,
}  # fmt: skip
# ISO 3166 has no code for "stateless" (Saphan's XX) or "unknown" (ZZ): left out of the
# standard's citizenship, which then lists only real countries.


def non_identity_fields() -> list[str]:
    return [f for f in reference_fields() if f not in IDENTITY_FIELDS]


def _citizenship(codes) -> str:
    return ";".join(c for c in codes or [] if c and c not in NOT_A_COUNTRY)


TABLES: dict[str, list[str]] = {
    "organization": [
        "Id",
        "org_Name",
        "org_ShippingCountry",
        "org_ShippingState",
        "org_ShippingCity",
        "org_Type",
    ],
    "case": [
        "Id",
        "cas_Status",
        "cas_ReasonForCaseClosure",
        "cas_CaseOwner",
        "cas_ReferringOrganisation",
        "cas_IncomingReferralDate",
        "cas_ReasonForIncomingReferral",
    ],
    "person_victim": [
        "Id",
        "CaseId",
        "prs_Gender",
        "prs_Deceased",
        "prs_Citizenship",
        "prs_PrimaryLanguage",
        "prs_SecondaryLanguage",
        "vic_AgreementToManagePersonalData",
        "vic_AgeWhenTrafficked",
        "vic_TraffickingStatus",
        "vic_TraffickingStatusDecisionMakingOrg",
        "vic_RelationshipToTrafficker",
        "vic_LocationOfRecruitment",
        "vic_LocationOfExploitation",
        "vic_RecruitmentWebsitesAndApps",
        "vic_MethodOfRecruitment",
        "vic_MethodsOfControl",
        "vic_TypeOfExploitation",
        "vic_ForcedLabourIndustry",
        "vic_TypeOfSexExploitation",
        "vic_Vulnerabilities",
    ],
    # One row per perpetrator in a case (a perpetrator found in two cases is two rows with one
    # PerpetratorId); a record merged into another is not exported.
    "person_perpetrator": [
        "Id",
        "CaseId",
        "PerpetratorId",
        "prs_Gender",
        "prs_Citizenship",
        "per_RoleInProcess",
        "per_RoleDetails",
    ],
    "referral": [
        "Id",
        "CaseId",
        "cas_ReferringOrganisation",
        "cas_ReferringPrimaryCaseWorker",
        "cas_ReferredOrganisation",
        "cas_ReferredPrimaryCaseWorker",
        "cas_OutgoingReferralDate",
        "cas_ReasonForOutgoingReferral",
        "cas_OutgoingReferralDetails",
    ],
    "historic_trafficking_event": [
        "Id",
        "CaseId",
        "hte_Country",
        "hte_State",
        "hte_City",
        "hte_Date",
        "hte_Type",
        "hte_Description",
    ],
    # One row per planned service (spl_Type is single-valued), its own id.
    "support_plan": ["Id", "CaseId", "spl_PlannedEndDate", "spl_ActualEndDate", "spl_Type"],
    # A case worker's formal update: the case notes, with the persons' names and ID or phone
    # numbers taken out (the export is pseudonymous).
    "case_comment": ["Id", "CaseId", "cco_CaseComment"],
    # The person's consents: to the screening interview and to the use of their data (asked at
    # screening), and to the sharing of their identity on a referral.
    "consent": ["Id", "CaseId", "ConsentTo", "con_Consent"],
}


def _local_date(value) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def htcds_rows(*, actor) -> dict[str, list[dict]]:
    """Every HTCDS table as a list of rows (dicts keyed by the table's columns), over the cases
    ``access.exportable_cases`` opens to the actor (rule 1: no unscoped read of cases)."""
    cases = access.exportable_cases(actor)
    provinces = {}
    from saphan.geo.models import Province

    for p in Province.objects.all():
        provinces[p.code] = p.name_en
    agencies = {}  # lookups to an organisation carry its Id in the organization table
    org_rows = []
    for a in Agency.objects.all().order_by("code"):
        agencies[a.pk] = pseudonym("org", a.pk)
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
    for case in cases.values("id", "phase", "case_worker_id"):
        closure = closures.get(case["id"])
        reason = closure["reason"] if closure and case["phase"] == "closed" else ""
        received, referring = intakes.get(case["id"], (None, None))
        case_rows.append(
            {
                "Id": pseudonym("case", case["id"]),
                "cas_Status": _pick("cas_Status", process.case_status(case["phase"], reason)),
                "cas_ReasonForCaseClosure": reason,
                "cas_CaseOwner": pseudonym("user", case["case_worker_id"])
                if case["case_worker_id"]
                else "",
                "cas_ReferringOrganisation": agencies.get(referring, ""),
                "cas_IncomingReferralDate": _local_date(received),
                # A tip from another agency asks the team to act: additional services.
                "cas_ReasonForIncomingReferral": "AdditionalServicesRequired" if referring else "",
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
        "consent_data_use",
    )
    deceased = set(
        cases.filter(phase="closed", closures__reason="deceased").values_list("id", flat=True)
    )
    persons = _exportable_persons(actor, "languages", case_links__role="victim")
    exploitation = dict(cases.values_list("id", "exploitation_types"))
    places = list(
        TraffickingPlace.objects.filter(case__in=cases)
        .order_by("date", "created_at")
        .values(
            "id", "case_id", "country", "province_id", "district_id", "district__name_en",
            "date", "place_type", "setting", "description",
        )
    )  # fmt: skip
    location_of: dict = {}  # (case id, place type) -> the first such place's account id
    for p in places:
        if p["place_type"] in ("Recruitment", "Exploitation"):
            location_of.setdefault((p["case_id"], p["place_type"]), pseudonym("location", p["id"]))
        org_rows.append(_location_row(p, provinces))
    relations = {}  # the relation recorded with a perpetrator, when screening left it empty
    for case_id, relation in (
        PerpetratorLink.objects.filter(case__in=cases, perpetrator__merged_into__isnull=True)
        .exclude(relation_to_victim="")
        .order_by("created_at")
        .values_list("case_id", "relation_to_victim")
    ):
        relations.setdefault(case_id, relation)
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
                "prs_Deceased": "true" if party["case_id"] in deceased else "false",
                "prs_Citizenship": _citizenship(person["citizenships"]),
                "prs_PrimaryLanguage": (person["languages"] or [""])[0],
                "prs_SecondaryLanguage": ";".join((person["languages"] or [])[1:]),
                "vic_AgreementToManagePersonalData": _checkbox(screening.get("consent_data_use")),
                "vic_AgeWhenTrafficked": "" if age is None else age,
                "vic_TraffickingStatus": _pick("vic_TraffickingStatus", decision.get("status", "")),
                "vic_TraffickingStatusDecisionMakingOrg": _pick(
                    "vic_TraffickingStatusDecisionMakingOrg", decision.get("deciding_org", "")
                ),
                "vic_RelationshipToTrafficker": _pick(
                    "vic_RelationshipToTrafficker",
                    screening.get("relationship_to_trafficker", "")
                    or relations.get(party["case_id"], ""),
                ),
                "vic_LocationOfRecruitment": location_of.get((party["case_id"], "Recruitment"), ""),
                "vic_LocationOfExploitation": location_of.get(
                    (party["case_id"], "Exploitation"), ""
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
                    [
                        EXPLOITATION.get(v, v)
                        for v in screening.get("exploitation_types")
                        or exploitation.get(party["case_id"])
                        or []
                    ],
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
    names = _names_of_cases(cases, access.exportable_persons(actor))
    perpetrator_rows = [
        {
            "Id": pseudonym("perpetrator-link", p["id"]),
            "CaseId": pseudonym("case", p["case_id"]),
            "PerpetratorId": pseudonym("perpetrator", p["perpetrator_id"]),
            "prs_Gender": _pick("prs_Gender", p["perpetrator__sex"]),
            "prs_Citizenship": _citizenship([p["perpetrator__nationality"]]),
            "per_RoleInProcess": _multi("per_RoleInProcess", p["perpetrator__roles"]),
            # How they came to the victim, in the worker's words, without anyone's name.
            "per_RoleDetails": redact(
                p["relation_details"] or "",
                [
                    *names[p["case_id"]],
                    p["perpetrator__name"],
                    *(p["perpetrator__aliases"] or "").split(","),
                ],
            ),
        }
        for p in PerpetratorLink.objects.filter(
            case__in=cases, perpetrator__merged_into__isnull=True
        )
        .order_by("created_at")
        .values(
            "id",
            "case_id",
            "perpetrator_id",
            "relation_details",
            "perpetrator__sex",
            "perpetrator__nationality",
            "perpetrator__roles",
            "perpetrator__name",
            "perpetrator__aliases",
        )  # fmt: skip
    ]
    referral_rows = [
        {
            "Id": pseudonym("referral", r["id"]),
            "CaseId": pseudonym("case", r["case_id"]),
            "cas_ReferringOrganisation": agencies.get(r["from_agency_id"], ""),
            "cas_ReferringPrimaryCaseWorker": pseudonym("user", r["sent_by_id"]),
            "cas_ReferredOrganisation": agencies.get(r["to_agency_id"], ""),
            "cas_ReferredPrimaryCaseWorker": pseudonym("user", r["answered_by_id"])
            if r["answered_by_id"] and r["answer"] == "accepted"
            else "",
            "cas_OutgoingReferralDate": _local_date(r["sent_at"]),
            "cas_ReasonForOutgoingReferral": _pick(
                "cas_ReasonForOutgoingReferral", REFERRAL_REASON.get(r["reason"], r["reason"])
            ),
            "cas_OutgoingReferralDetails": redact(r["details"] or "", names[r["case_id"]]),
        }
        for r in Referral.objects.filter(case__in=cases).values(
            "id", "case_id", "from_agency_id", "to_agency_id", "sent_at", "reason", "details",
            "sent_by_id", "answered_by_id", "answer",
        )
    ]  # fmt: skip
    place_rows = [
        {
            "Id": pseudonym("place", p["id"]),
            "CaseId": pseudonym("case", p["case_id"]),
            "hte_Country": "" if p["country"] in NOT_A_COUNTRY else p["country"],
            "hte_State": provinces.get(p["province_id"], ""),
            "hte_City": p["district__name_en"] or "",
            "hte_Date": p["date"].isoformat() if p["date"] else "",
            "hte_Type": _pick("hte_Type", p["place_type"]),
            "hte_Description": "; ".join(
                x
                for x in (
                    _setting_en(p["setting"]),
                    redact(p["description"] or "", names[p["case_id"]]),
                )
                if x
            ),
        }
        for p in places
    ]
    services_of_plans = defaultdict(list)
    for service in PlannedService.objects.filter(plan__case__in=cases).values(
        "id", "plan_id", "type"
    ):
        services_of_plans[service["plan_id"]].append(service)
    plan_rows = []
    plans = AssistancePlan.objects.filter(case__in=cases)
    for plan in plans.values("id", "case_id", "planned_end", "actual_end"):
        # spl_Type is single-valued: one row per service of the plan, each with its own id
        # (a plan without services is one row without a type).
        for service in services_of_plans.get(plan["id"]) or [{"id": None, "type": ""}]:
            kind = SUPPORT_TYPE.get(service["type"], service["type"])
            plan_rows.append(
                {
                    "Id": pseudonym("service", service["id"])
                    if service["id"]
                    else pseudonym("plan", plan["id"]),
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
        "consent": _consent_rows(cases),
    }


def _setting_en(setting: str) -> str:
    if setting not in PlaceSetting.values:
        return ""
    with translation.override("en"):
        return str(PlaceSetting(setting).label)


def _location_row(place: dict, provinces: dict) -> dict:
    """A place of the crime as the account vic_LocationOf* looks up: named by its kind and area
    ("Scam compound, MM"; "Factory, Mueang Samut Sakhon, Samut Sakhon, TH")."""
    country = "" if place["country"] in NOT_A_COUNTRY else place["country"]
    state = provinces.get(place["province_id"], "")
    city = place["district__name_en"] or ""
    kind = _setting_en(place["setting"]) or place["place_type"]
    return {
        "Id": pseudonym("location", place["id"]),
        "org_Name": ", ".join(x for x in (kind, city, state, country) if x),
        "org_ShippingCountry": country,
        "org_ShippingState": state,
        "org_ShippingCity": city,
        "org_Type": "CorporateBusiness" if place["setting"] in BUSINESS_SETTINGS else "",
    }


def _checkbox(value) -> str:
    return "" if value is None else ("true" if value else "false")


def _consent_rows(cases) -> list[dict]:
    """The consents asked at screening (to the interview, to the use of the data) where the
    answer was recorded, and the consent to share identity on each referral."""
    rows = []
    for s in (
        ScreeningInterview.objects.filter(case__in=cases)
        .order_by("interviewed_at")
        .values("id", "case_id", "consent_interview", "consent_data_use")
    ):
        for purpose, value in (
            ("interview", s["consent_interview"]),
            ("data_use", s["consent_data_use"]),
        ):
            if value is not None:
                rows.append(
                    {
                        "Id": pseudonym(f"consent-{purpose}", s["id"]),
                        "CaseId": pseudonym("case", s["case_id"]),
                        "ConsentTo": purpose,
                        "con_Consent": _checkbox(value),
                    }
                )
    for r in (
        Referral.objects.filter(case__in=cases)
        .order_by("sent_at")
        .values("id", "case_id", "consent_recorded")
    ):
        rows.append(
            {
                "Id": pseudonym("consent", r["id"]),
                "CaseId": pseudonym("case", r["case_id"]),
                "ConsentTo": "identity_sharing",
                "con_Consent": _checkbox(r["consent_recorded"]),
            }
        )
    return rows


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


def _names_of_cases(cases, persons, case_ids=None) -> dict:
    """Every name (every script) of the persons of each case, to take out of free text."""
    names = defaultdict(list)
    parties = CaseParty.objects.filter(person__in=persons)
    parties = (
        parties.filter(case_id__in=case_ids)
        if case_ids is not None
        else parties.filter(case__in=cases)
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
    return names


def _comment_rows(cases, persons) -> list[dict]:
    """The case notes, each without the names of its case's persons (every script they were
    recorded in) and without numbers that could be an ID or a phone."""
    notes = list(
        CaseNote.objects.filter(case__in=cases)
        .order_by("created_at")
        .values("id", "case_id", "text")
    )
    names = _names_of_cases(cases, persons, {n["case_id"] for n in notes})
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
