"""The transparent risk score of a household: a weighted sum of yes/no factors, the weights in
one table (RiskWeight) that the central office sets, and shown beside every score.

The score expression is plain SQL that DuckDB, PostgreSQL and Spark SQL all run (CASE WHEN,
CAST, COALESCE, + and *), so the same scoring runs on one machine or on a Spark cluster."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import RiskFactor
from .factors import score_key


@dataclass(frozen=True)
class Factor:
    key: str
    label: str
    default: float
    condition: str  # SQL over the household's columns (and f_* visit flags, victim_village)


# Conditions are written against these columns: the five TPMAP deprivations, welfare card,
# the member counts, income per person, the visit flags f_<risk factor> (0/1) and
# victim_village (0/1: a victim identified in the cases came from this village).
LOW_INCOME_BAHT = 38000  # the จปฐ. income criterion per person per year
FACTORS: tuple[Factor, ...] = (
    Factor("deprived_health", _("TPMAP: health"), 1.0, "deprived_health"),
    Factor("deprived_living", _("TPMAP: living conditions"), 1.0, "deprived_living"),
    Factor("deprived_education", _("TPMAP: education"), 1.0, "deprived_education"),
    Factor("deprived_income", _("TPMAP: income"), 1.5, "deprived_income"),
    Factor("deprived_access", _("TPMAP: access to public services"), 1.0, "deprived_access"),
    Factor("low_income", _("Income below 38,000 baht per person a year"), 1.5,
           f"income_per_person < {LOW_INCOME_BAHT}"),
    Factor("welfare_card", _("Holds the state welfare card"), 0.5, "welfare_card"),
    Factor("children_out_of_school", _("A school-age child out of school"), 2.0,
           "children_out_of_school > 0"),
    Factor("adults_without_work", _("An adult of working age without work"), 1.0,
           "adults_without_work > 0"),
    Factor("victim_village", _("Village of origin of identified victims"), 3.0,
           "victim_village = 1"),
    *(
        Factor(score_key(rf.value), rf.label, w, f"f_{rf.value} = 1")
        for rf, w in (
            (RiskFactor.RECRUITED_ONLINE, 4.0), (RiskFactor.RECRUITED_BROKER, 4.0),
            (RiskFactor.DEBT, 2.0), (RiskFactor.SCHOOL_DROPOUT, 2.0),
            (RiskFactor.DOMESTIC_VIOLENCE, 2.0), (RiskFactor.FORMER_VICTIM, 3.0),
        )
    ),
)  # fmt: skip
FACTOR_BY_KEY = {f.key: f for f in FACTORS}
VISIT_FLAGS = [rf.value for rf in RiskFactor]


def weights() -> dict[str, float]:
    """The weights in force: the table's, the defaults for factors it does not hold."""
    from ..models import RiskWeight

    stored = dict(RiskWeight.objects.values_list("key", "weight"))
    return {f.key: float(stored.get(f.key, f.default)) for f in FACTORS}


def score_sql(w: dict[str, float]) -> str:
    """The score as one SQL expression (DuckDB, PostgreSQL and Spark SQL)."""
    terms = [
        f"{float(w[f.key])!r} * (CASE WHEN {f.condition} THEN 1 ELSE 0 END)"
        for f in FACTORS
        if w.get(f.key)
    ]
    return "(" + (" + ".join(terms) or "0") + ")"


def breakdown(household, w: dict[str, float], *, visit_flags: set[str], victim_village: bool):
    """The factors that count for this household, each with its weight."""
    values = {
        "deprived_health": household.deprived_health,
        "deprived_living": household.deprived_living,
        "deprived_education": household.deprived_education,
        "deprived_income": household.deprived_income,
        "deprived_access": household.deprived_access,
        "low_income": household.income_per_person < LOW_INCOME_BAHT,
        "welfare_card": household.welfare_card,
        "children_out_of_school": household.children_out_of_school > 0,
        "adults_without_work": household.adults_without_work > 0,
        "victim_village": victim_village,
        **{score_key(k): k in visit_flags for k in VISIT_FLAGS},
    }
    return [(FACTOR_BY_KEY[k], w[k]) for k, on in values.items() if on and w.get(k)]
