"""Standards, complete (issue 13, item 6): every value of the HTCDS export is valid against the
reference (100 %), ids are unique, lookups carry organisation ids, consents asked at screening
are exported, and the coverage of the standard's non-identity fields is reported. The CTDC
export uses CTDC's column names and codes and is k-anonymous over every released
quasi-identifier."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter

import pytest
from django.core.management import call_command

from saphan.cases.models import PlannedService, ScreeningInterview
from saphan.core.tests.module_db import rolled_back
from saphan.insight import exports
from saphan.insight.tests.world import make_world
from saphan.orgs.models import User
from saphan.people.models import Person

pytestmark = pytest.mark.django_db

REFERENCE = exports.REFERENCE
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        w = make_world(n_cases=40, seed=7)
        # What the case file now holds: consents asked at screening, the services the s.33 plan
        # names one by one, and a stateless person.
        first = ScreeningInterview.objects.order_by("interviewed_at").first()
        ScreeningInterview.objects.filter(pk=first.pk).update(
            consent_interview=True, consent_data_use=False
        )
        ScreeningInterview.objects.exclude(pk=first.pk).update(
            consent_interview=True, consent_data_use=True
        )
        plan_service = PlannedService.objects.first()
        for kind in ("MentalHealth", "FamilyTracing", "Shelter", "Interpreter"):
            PlannedService.objects.create(
                plan=plan_service.plan, type=kind, planned_start=plan_service.planned_start
            )
        victim = Person.objects.filter(case_links__role="victim").first()
        Person.objects.filter(pk=victim.pk).update(citizenships=["XX"])
        yield w


def _types() -> dict[str, str]:
    with REFERENCE.open(encoding="utf-8") as f:
        return {
            (row["Field Name including Prefix"] or "").strip(): (row["Field Type"] or "").strip()
            for row in csv.DictReader(f)
            if (row["Field Name including Prefix"] or "").strip()
        }


def invalid(column: str, value: str, *, org_ids: set[str]) -> str | None:
    """Why ``value`` is not a valid value of the HTCDS field ``column`` (None when it is)."""
    kind = _types()[column]
    allowed = exports.reference_fields()[column]
    if value == "":
        return None
    if kind.startswith("Multiselect") or kind == "Picklist":
        parts = value.split(";") if kind.startswith("Multiselect") else [value]
        if allowed:
            bad = [p for p in parts if p not in allowed]
            return f"not in the picklist: {bad}" if bad else None
        if "country" in column.lower() or column == "prs_Citizenship":
            bad = [p for p in parts if not COUNTRY.match(p) or p in exports.NOT_A_COUNTRY]
            return f"not an ISO 3166 code: {bad}" if bad else None
        if "Language" in column:
            bad = [p for p in parts if not LANGUAGE.match(p)]
            return f"not an ISO 639 code: {bad}" if bad else None
        return None
    if kind == "Date":
        return None if ISO_DATE.match(value) else "not an ISO date"
    if kind == "Checkbox":
        return None if value in ("true", "false") else "not a checkbox value"
    if kind == "Number":
        return None if re.fullmatch(r"\d+", value) else "not a number"
    if kind.startswith("Lookup [to organisation]"):
        return None if value in org_ids else "not an organisation id"
    if kind.startswith("Picklist or Text"):
        if "Country" in column:
            return None if COUNTRY.match(value) else "not an ISO 3166 code"
    return None


def test_every_exported_value_is_valid_and_the_coverage_is_reported(world, tmp_path, capsys):
    out = tmp_path / "htcds"
    call_command("export_htcds", "--out", str(out), "--user", "central")
    org_ids = {r["Id"] for r in csv.DictReader((out / "organization.csv").open(encoding="utf-8"))}
    values = bad = 0
    problems = []
    exported: set[str] = set()
    for table in exports.TABLES:
        with (out / f"{table}.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        ids = [r["Id"] for r in rows]
        assert len(ids) == len(set(ids)), f"{table}: ids repeat"
        for row in rows:
            for column, value in row.items():
                if column in exports.KEY_COLUMNS:
                    continue
                assert column not in exports.IDENTITY_FIELDS, column
                values += 1
                if value:
                    exported.add(column)
                if (why := invalid(column, value, org_ids=org_ids)) is not None:
                    bad += 1
                    problems.append((table, column, value, why))
    assert values > 1000
    assert not problems, problems[:10]
    validity = 1 - bad / values
    standard = exports.non_identity_fields()
    declared = {c for cols in exports.TABLES.values() for c in cols} - exports.KEY_COLUMNS
    coverage = len(declared & set(standard)) / len(standard)
    filled = len(exported & set(standard)) / len(standard)
    with capsys.disabled():
        print(
            f"\nHTCDS: {values} values, {validity:.1%} valid; {len(declared)} of "
            f"{len(standard)} non-identity fields exported ({coverage:.0%}), "
            f"{len(exported)} with values in this world ({filled:.0%}); not exported: "
            f"{sorted(set(standard) - declared)}"
        )
    assert validity == 1.0
    assert coverage >= 0.6


def test_htcds_maps_saphan_values_to_the_standard(world, tmp_path):
    out = tmp_path / "htcds"
    call_command("export_htcds", "--out", str(out), "--user", "central")

    def rows(table):
        return list(csv.DictReader((out / f"{table}.csv").open(encoding="utf-8")))

    plans = rows("support_plan")
    assert {"MentalHealth", "FamilyTracing", "Shelter", "Interpreter"}.isdisjoint(
        r["spl_Type"] for r in plans
    )
    assert {"Health", "SocialCare"} <= {r["spl_Type"] for r in plans}
    victims = rows("person_victim")
    assert not any("XX" in r["prs_Citizenship"].split(";") for r in victims)
    assert {"true", "false"} <= {r["vic_AgreementToManagePersonalData"] for r in victims}
    orgs = {r["Id"] for r in rows("organization")}
    for r in rows("referral"):
        assert r["cas_ReferringOrganisation"] in orgs and r["cas_ReferredOrganisation"] in orgs
    for r in rows("case"):
        assert not r["cas_ReferringOrganisation"] or r["cas_ReferringOrganisation"] in orgs
    consents = rows("consent")
    assert {"interview", "data_use"} <= {r["ConsentTo"] for r in consents}
    screened = ScreeningInterview.objects.count()
    assert sum(1 for r in consents if r["ConsentTo"] == "data_use") == screened


def test_htcds_carries_the_places_and_perpetrators_of_the_case_file(world, tmp_path):
    from saphan.cases.models import PerpetratorLink, TraffickingPlace

    out = tmp_path / "htcds"
    call_command("export_htcds", "--out", str(out), "--user", "central")

    def rows(table):
        return list(csv.DictReader((out / f"{table}.csv").open(encoding="utf-8")))

    orgs = {r["Id"]: r for r in rows("organization")}
    victims = rows("person_victim")
    # every victim of a case with an exploitation (recruitment) place looks it up as an account
    for field, kind in (("vic_LocationOfExploitation", "Exploitation"),
                        ("vic_LocationOfRecruitment", "Recruitment")):  # fmt: skip
        with_place = {
            exports.pseudonym("case", c)
            for c in TraffickingPlace.objects.filter(place_type=kind).values_list(
                "case_id", flat=True
            )
        }
        assert with_place
        for r in victims:
            assert bool(r[field]) == (r["CaseId"] in with_place), field
            if r[field]:
                assert orgs[r[field]]["org_ShippingCountry"] in {"TH", "MM", "KH"}
    assert {"CorporateBusiness"} <= {o["org_Type"] for o in orgs.values()}
    events = rows("historic_trafficking_event")
    assert len(events) == TraffickingPlace.objects.count()
    assert {"Scam compound", "Factory", "Online"} <= {
        r["hte_Description"].split(";")[0] for r in events
    }
    perpetrators = rows("person_perpetrator")
    assert len(perpetrators) == PerpetratorLink.objects.count() > 0
    for r in perpetrators:
        assert (r["prs_Gender"], r["prs_Citizenship"]) == ("Masculine", "TH")
        # the perpetrator's name and the phone number in the worker's words are taken out
        assert "นายหน้า" not in r["per_RoleDetails"] and "0812345678" not in r["per_RoleDetails"]
        assert "ชวนไปทำงาน" in r["per_RoleDetails"]


# --- CTDC ---------------------------------------------------------------------------------------
CTDC_NAMES = re.compile(r"^(yearOfRegistration|Datasource|gender|ageBroad|majorityStatus|"
                        r"citizenship|meansOfControl\w+|is\w+|typeOf\w+|RecruiterRelationship|"
                        r"CountryOfExploitation|recruiterRelation\w+)$")  # fmt: skip


def test_ctdc_uses_the_global_dataset_names_and_codes(world, tmp_path):
    out = tmp_path / "ctdc.csv"
    call_command("export_ctdc", "--out", str(out), "--user", "central")
    with out.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == exports.CTDC_COLUMNS
    assert all(CTDC_NAMES.match(c) for c in header), header
    records = exports.ctdc_records(actor=User.objects.get(username="central"))
    assert records
    for r in records:
        for column in header:
            value = r[column]
            if column.startswith(("meansOfControl", "is", "typeOf", "recruiterRelation")) and (
                not column.endswith("Concatenated")
            ):
                assert value in (0, 1, "-99"), (column, value)
        assert r["ageBroad"] in {b for _l, _h, b in exports.AGE_BANDS} | {"-99"}
        assert r["citizenship"] == "-99" or COUNTRY.match(r["citizenship"])
    assert_k_anonymous(exports.k_anonymise(records).records, exports.K)


def test_forced_criminality_and_begging_are_labour_as_ctdc_files_them():
    person = {"sex": "Masculine", "citizenships": ["KH"], "birth_date": dt.date(2012, 1, 1),
              "birth_date_precision": "exact", "age_estimate_min": None, "age_estimate_max": None,
              "age_estimated_on": None, "created_at": None}  # fmt: skip
    record = exports.ctdc_record(
        registered=dt.date(2026, 9, 1), person=person, forms=["ForcedBegging"],
        screening={"methods_of_control": ["DebtBondage"], "indicators": ["RestrictionOfMovement"],
                   "relationship_to_trafficker": "Familial"},
        country="TH", decision={"basis": "s6", "means": ["abduction"]},
    )  # fmt: skip
    assert record["isForcedLabour"] == 1 and record["typeOfLabourBegging"] == 1
    assert record["majorityStatus"] == "Minor" and record["ageBroad"] == "9--17"
    assert (
        record["meansOfControlDebtBondage"] == 1 and record["meansOfControlRestrictsMovement"] == 1
    )
    assert record["recruiterRelationFamily"] == 1 and record["RecruiterRelationship"] == "Family"
    assert record["isAbduction"] == 1 and record["CountryOfExploitation"] == "TH"
    scam = exports.ctdc_record(
        registered=dt.date(2026, 9, 1), person=person | {"citizenships": ["XX"]},
        forms=["ForcedCriminality"], screening={}, country=None, decision=None,
    )  # fmt: skip
    assert scam["isForcedLabour"] == 1 and scam["typeOfLabourIllicitActivities"] == 1
    assert scam["citizenship"] == "-99" and scam["CountryOfExploitation"] == "-99"
    assert scam["meansOfControlDebtBondage"] == "-99" and scam["isAbduction"] == "-99"
    assert scam["recruiterRelationUnknown"] == 1


def assert_k_anonymous(records, k):
    """Every released combination of the quasi-identifiers occurs at least k times (and so
    does every sub-combination of them)."""
    counts = Counter(tuple(r[c] for c in exports.QUASI_IDENTIFIERS) for r in records)
    assert all(n >= k for n in counts.values()), min(counts.values())
    for column in exports.QUASI_IDENTIFIERS:
        single = Counter(r[column] for r in records)
        assert all(n >= k for n in single.values()), column
