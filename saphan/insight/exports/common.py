"""What both standard exports share: who may export, the HTCDS reference values, pseudonymous
keys."""

import csv
import datetime as dt
import hashlib
import hmac
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from saphan.cases.models import (
    Intake,
)
from saphan.orgs import access

REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "htcds_fields_v2.csv"
PERM = "insight.export_national"
K = 11
MISSING = "-99"
VALUE_NAME = re.compile(r"^[A-Za-z0-9_]+$")  # CTDC's mark for a value not known or withheld


def require_exporter(user) -> None:
    if user is None or not user.has_perm(PERM):
        raise PermissionDenied(PERM)


# What both exports read of a person: sex, citizenship and what gives an age, never a name.
PERSON_FIELDS = (
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


def _exportable_persons(actor, *extra: str, **filters) -> dict:
    """The persons ``actor`` may export that match ``filters``, by id: ``PERSON_FIELDS`` and
    the ``extra`` fields of each."""
    rows = access.exportable_persons(actor).filter(**filters).values(*PERSON_FIELDS, *extra)
    return {p["id"]: p for p in rows}


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


NOT_A_COUNTRY = {"XX", "ZZ"}


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
