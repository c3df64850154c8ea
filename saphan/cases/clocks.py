"""Every statutory and practice deadline of a case, computed from its records (DESIGN.md rule 3).

Durations live in the ClockSetting table (defaults below), so a change of law or practice is a
row edit. Pages, alerts and reports ask this module; nothing else adds hours to a timestamp.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ClockSetting, ClockUnit

# key: (value, unit, legal basis)
DEFAULTS: dict[str, tuple[int, str, str]] = {
    "screening_custody": (24, ClockUnit.HOURS, "Anti-Trafficking in Persons Act B.E. 2551 s.29"),
    "screening_custody_court_max": (
        7,
        ClockUnit.DAYS,
        "s.29: a court may extend custody to at most 7 days",
    ),
    "screening_custody_due_soon": (6, ClockUnit.HOURS, "warn this long before custody ends"),
    "temporary_protection": (15, ClockUnit.DAYS, "National Referral Mechanism: reflection period"),
    "permit_expiry_warning": (30, ClockUnit.DAYS, "s.37 permission: warn before expiry"),
    "referral_response": (3, ClockUnit.DAYS, "a referral must be answered"),
    "compensation_unpaid": (90, ClockUnit.DAYS, "a court-ordered compensation still unpaid"),
    "follow_up_1": (1, ClockUnit.MONTHS, "reintegration follow-up visits"),
    "follow_up_2": (3, ClockUnit.MONTHS, "reintegration follow-up visits"),
    "follow_up_3": (6, ClockUnit.MONTHS, "reintegration follow-up visits"),
    "follow_up_4": (12, ClockUnit.MONTHS, "reintegration follow-up visits"),
    "due_soon": (3, ClockUnit.DAYS, "a deadline this close counts as due soon"),
}
FOLLOW_UP_KEYS = ["follow_up_1", "follow_up_2", "follow_up_3", "follow_up_4"]


def setting(key: str) -> tuple[int, str]:
    row = ClockSetting.objects.filter(key=key).values_list("value", "unit").first()
    if row:
        return row
    value, unit, _basis = DEFAULTS[key]
    return value, unit


def add(start: dt.datetime, key: str) -> dt.datetime:
    """``start`` plus the duration of clock ``key``. Months are calendar months (1 Jan + 1 = 1 Feb;
    31 Jan + 1 = 28/29 Feb), as people count follow-ups."""
    value, unit = setting(key)
    if unit == ClockUnit.HOURS:
        return start + dt.timedelta(hours=value)
    if unit == ClockUnit.DAYS:
        return start + dt.timedelta(days=value)
    month = start.month - 1 + value
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def ensure_defaults() -> int:
    """Create the missing clock rows (idempotent); returns how many were created."""
    existing = set(ClockSetting.objects.values_list("key", flat=True))
    rows = [
        ClockSetting(key=k, value=v, unit=u, note=basis)
        for k, (v, u, basis) in DEFAULTS.items()
        if k not in existing
    ]
    ClockSetting.objects.bulk_create(rows)
    return len(rows)


class DeadlineStatus(StrEnum):
    DUE = "due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE = "done"


STATUS_LABELS = {
    DeadlineStatus.DUE: _("due"),
    DeadlineStatus.DUE_SOON: _("due soon"),
    DeadlineStatus.OVERDUE: _("overdue"),
    DeadlineStatus.DONE: _("done"),
}


@dataclass(frozen=True)
class Deadline:
    kind: str
    label: str
    due_at: dt.datetime
    status: DeadlineStatus
    case_id: object = None
    subject_id: object = None
    basis: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def status_of(
    due_at: dt.datetime, *, now: dt.datetime, done: bool, soon: dt.timedelta
) -> DeadlineStatus:
    if done:
        return DeadlineStatus.DONE
    if now > due_at:
        return DeadlineStatus.OVERDUE
    if due_at - now <= soon:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.DUE


def _soon(key: str = "due_soon") -> dt.timedelta:
    now = timezone.now()
    return add(now, key) - now


# --- the clocks -------------------------------------------------------------------------------
def custody_limit(custody) -> dt.datetime:
    """The latest a court may extend screening custody to (s.29: 7 days from custody)."""
    return add(custody.started_at, "screening_custody_court_max")


def custody_deadline(custody) -> dt.datetime:
    """When screening custody must end: 24 hours from custody, or the court's new deadline."""
    extensions = [e.new_deadline for e in custody.extensions.all()]
    return max(extensions) if extensions else add(custody.started_at, "screening_custody")


def temporary_protection_deadline(protection) -> dt.datetime:
    return add(protection.started_at, "temporary_protection")


def case_deadlines(case, *, now: dt.datetime | None = None) -> list[Deadline]:
    """Every deadline of one case, open ones first by due date."""
    from .models import Custody

    now = now or timezone.now()
    soon = _soon()
    out: list[Deadline] = []
    custody = Custody.objects.filter(case=case).prefetch_related("extensions").first()
    if custody is not None:
        due = custody_deadline(custody)
        out.append(
            Deadline(
                kind="screening_custody",
                label=str(_("Screening custody ends (s.29)")),
                due_at=due,
                status=status_of(
                    due,
                    now=now,
                    done=custody.ended_at is not None,
                    soon=_soon("screening_custody_due_soon"),
                ),
                case_id=case.pk,
                subject_id=custody.pk,
                basis=DEFAULTS["screening_custody"][2],
            )
        )
    decided = case.identifications.exclude(status="PossibleVictimOfTrafficking").exists()
    for protection in case.temporary_protections.all():
        due = temporary_protection_deadline(protection)
        out.append(
            Deadline(
                kind="temporary_protection",
                label=str(_("Temporary protection period ends: identification due")),
                due_at=due,
                status=status_of(
                    due, now=now, done=decided or protection.ended_at is not None, soon=soon
                ),
                case_id=case.pk,
                subject_id=protection.pk,
                basis=DEFAULTS["temporary_protection"][2],
            )
        )
    order = {
        DeadlineStatus.OVERDUE: 0,
        DeadlineStatus.DUE_SOON: 1,
        DeadlineStatus.DUE: 2,
        DeadlineStatus.DONE: 3,
    }
    return sorted(out, key=lambda d: (order[d.status], d.due_at))
