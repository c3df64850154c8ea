"""The indicators: key, label, unit and how each is aggregated (the definitions are in
the package's docstring)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from saphan.cases.enums import ProceedingStatus, TraffickingStatus


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str  # lazy
    unit: str  # persons, cases, hours, days, percent, baht, visits
    unit_label: str  # lazy
    aggregation: str  # count, sum, median, share
    description: str = ""  # lazy

    @property
    def is_count(self) -> bool:
        """Counts of people or cases: the cells that small-cell suppression applies to."""
        return self.aggregation == "count"


ACTUAL = TraffickingStatus.ACTUAL.value
PROSECUTED = [
    ProceedingStatus.PROSECUTION.value,
    ProceedingStatus.TRIAL.value,
    ProceedingStatus.APPEAL.value,
    ProceedingStatus.JUDGMENT_FINAL.value,
]

_UNITS = {
    "persons": _("persons"),
    "cases": _("cases"),
    "hours": _("hours"),
    "days": _("days"),
    "percent": _("percent"),
    "baht": _("baht"),
}


def _ind(key, label, unit, aggregation, description=""):
    return Indicator(key, label, unit, _UNITS[unit], aggregation, description)


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in [
        _ind(
            "victims_identified",
            _("Victims identified"),
            "persons",
            "count",
            _("Persons identified as actual victims, by the date of the approved decision."),
        ),
        _ind(
            "custody_to_screening_hours",
            _("Hours from custody to screening (median)"),
            "hours",
            "median",
            _("Median hours from the start of screening custody to the screening interview."),
        ),
        _ind(
            "days_to_identification",
            _("Days to identification (median)"),
            "days",
            "median",
            _("Median days from the first tip or referral to the identification decision."),
        ),
        _ind(
            "rights_notice_share",
            _("Identified cases told their rights"),
            "percent",
            "share",
            _("Share of identified cases with the rights notice (s.33-34) recorded."),
        ),
        _ind(
            "shelter_days",
            _("Shelter days"),
            "days",
            "sum",
            _("Days spent in shelters within the period."),
        ),
        _ind(
            "compensation_ordered_baht",
            _("Compensation ordered"),
            "baht",
            "sum",
            _("Compensation ordered by courts or the fund, by the date of the order."),
        ),
        _ind(
            "compensation_paid_baht",
            _("Compensation paid"),
            "baht",
            "sum",
            _("Compensation actually paid to victims, by the date of payment."),
        ),
        _ind(
            "followups_on_time_share",
            _("Follow-up visits on time"),
            "percent",
            "share",
            _("Share of follow-up visits due in the period that were done by their day."),
        ),
        _ind(
            "referrals_answered_3d_share",
            _("Referrals answered within 3 days"),
            "percent",
            "share",
            _("Share of referrals sent in the period answered within the answer deadline."),
        ),
        _ind(
            "cases_opened",
            _("Cases opened"),
            "cases",
            "count",
            _("Cases whose first tip or referral was received in the period."),
        ),
        _ind(
            "prosecutions",
            _("Prosecutions"),
            "cases",
            "count",
            _("Legal proceedings that reached the public prosecutor or the court."),
        ),
    ]
}
