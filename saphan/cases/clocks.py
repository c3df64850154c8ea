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

from saphan.core.request_memo import remembered

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
    "referral_response_due_soon": (1, ClockUnit.DAYS, "warn this long before a referral is due"),
    "compensation_unpaid": (90, ClockUnit.DAYS, "a court-ordered compensation still unpaid"),
    "follow_up_1": (1, ClockUnit.MONTHS, "reintegration follow-up visits"),
    "follow_up_2": (3, ClockUnit.MONTHS, "reintegration follow-up visits"),
    "follow_up_3": (6, ClockUnit.MONTHS, "reintegration follow-up visits"),
    "follow_up_4": (12, ClockUnit.MONTHS, "reintegration follow-up visits"),
    "due_soon": (3, ClockUnit.DAYS, "a deadline this close counts as due soon"),
}
FOLLOW_UP_KEYS = ["follow_up_1", "follow_up_2", "follow_up_3", "follow_up_4"]


def setting(key: str, table: dict[str, tuple[int, str]] | None = None) -> tuple[int, str]:
    if table is None:
        table = clock_table()
    return table.get(key) or DEFAULTS[key][:2]


def clock_table() -> dict[str, tuple[int, str]]:
    """Every clock's duration in one query (once per read-only request), for code that adds
    many durations at once."""

    def read() -> dict[str, tuple[int, str]]:
        table = {k: (v, u) for k, (v, u, _basis) in DEFAULTS.items()}
        table.update(
            {k: (v, u) for k, v, u in ClockSetting.objects.values_list("key", "value", "unit")}
        )
        return table

    return remembered("clock_table", read)


def add(start: dt.datetime, key: str, *, table: dict | None = None) -> dt.datetime:
    """``start`` plus the duration of clock ``key``. Months are calendar months (1 Jan + 1 = 1 Feb;
    31 Jan + 1 = 28/29 Feb), as people count follow-ups. ``start`` may be a date (days, months).
    ``table`` (from clock_table) saves a query per call."""
    value, unit = setting(key, table)
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
    all_day: bool = False  # due by the end of a day: shown as that day, not as 00:00 of the next

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def due_day(self) -> dt.date:
        """The calendar day a thing is due on (for an all-day deadline, the day before its end)."""
        local = timezone.localtime(self.due_at)
        return (local - dt.timedelta(microseconds=1)).date() if self.all_day else local.date()

    @property
    def due_text(self) -> str:
        """How every page, alert and PDF shows when it is due (Asia/Bangkok; Buddhist Era in
        Thai): an all-day deadline as its day, never as 00:00 of the next day."""
        from saphan.core.thai import format_date, format_datetime

        if self.all_day:
            return format_date(self.due_day)
        return format_datetime(timezone.localtime(self.due_at))

    @property
    def due_text_th(self) -> str:
        """``due_text`` in Thai whatever the reader's language (official documents)."""
        from saphan.core.thai import format_date_be, format_datetime_be

        if self.all_day:
            return format_date_be(self.due_day)
        return format_datetime_be(timezone.localtime(self.due_at))


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


def _soon(key: str = "due_soon", *, table: dict | None = None) -> dt.timedelta:
    now = timezone.now()
    return add(now, key, table=table) - now


# --- the clocks -------------------------------------------------------------------------------
def custody_start_warning(started_at: dt.datetime, *, now: dt.datetime | None = None) -> str | None:
    """A custody start that is hard to believe: longer ago than screening custody may last
    (the 24 hours of s.29 would be over already), or in the future. Asked to confirm."""
    now = now or timezone.now()
    if started_at > now:
        return str(_("The custody start is in the future. Check the date and time."))
    if add(started_at, "screening_custody") < now:
        return str(
            _(
                "The custody start is more than 24 hours ago: the s.29 limit is already over. "
                "Check the date and time, and tick the box to confirm it is right."
            )
        )
    return None


def custody_limit(custody) -> dt.datetime:
    """The latest a court may extend screening custody to (s.29: 7 days from custody)."""
    return add(custody.started_at, "screening_custody_court_max")


def custody_deadline(custody, *, table: dict | None = None) -> dt.datetime:
    """When screening custody must end: 24 hours from custody, or the court's new deadline."""
    extensions = [e.new_deadline for e in custody.extensions.all()]
    return (
        max(extensions) if extensions else add(custody.started_at, "screening_custody", table=table)
    )


def temporary_protection_deadline(protection) -> dt.datetime:
    return add(protection.started_at, "temporary_protection")


def day_end(day: dt.date) -> dt.datetime:
    """The end of a calendar day in Thailand: a thing due "on" a day is late from the next."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def follow_up_due_dates(started_on: dt.date) -> list[dt.date]:
    """The follow-up visits after reintegration starts: 1, 3, 6 and 12 calendar months."""
    table = clock_table()
    return [add(started_on, key, table=table) for key in FOLLOW_UP_KEYS]


def permit_expiry(permit) -> dt.datetime:
    """A s.37 permission runs to the end of its last day."""
    return day_end(permit.valid_to)


def compensation_unpaid_deadline(order, *, table: dict | None = None) -> dt.datetime:
    start = timezone.make_aware(dt.datetime.combine(order.ordered_on, dt.time.min))
    return add(start, "compensation_unpaid", table=table)


def referral_deadline(referral, *, table: dict | None = None) -> dt.datetime:
    return add(referral.sent_at, "referral_response", table=table)


def _baht(amount) -> str:
    return f"{amount:,.2f}"


def _deadline(
    case, subject, kind: str, label, due: dt.datetime, *, now, done: bool, soon, basis_of: str = "",
    **more,
) -> Deadline:  # fmt: skip
    """The deadline ``kind`` of ``subject`` (one of ``case``'s records), with its status now and the
    legal basis of the setting ``basis_of`` (``kind`` unless named); ``more``: all_day, extra."""
    return Deadline(
        kind=kind,
        label=str(label),
        due_at=due,
        status=status_of(due, now=now, done=done, soon=soon),
        case_id=case.pk,
        subject_id=subject.pk,
        basis=DEFAULTS[basis_of or kind][2],
        **more,
    )


def _permit_deadlines(case, *, now, table) -> list[Deadline]:
    """Warn ``permit_expiry_warning`` before a permission ends; overdue once it has ended,
    unless a later permission runs past it or the person was repatriated before it ended."""
    permits = list(case.stay_permits.all())
    if not permits:
        return []
    left_on = min(
        (
            r.returned_on
            for r in case.return_plans.all()
            if r.kind == "repatriation_s38" and r.returned_on is not None
        ),
        default=None,
    )
    warn = add(now, "permit_expiry_warning", table=table) - now
    out = []
    for permit in permits:
        renewed = any(other.valid_to > permit.valid_to for other in permits)
        left = left_on is not None and left_on <= permit.valid_to
        due = permit_expiry(permit)
        out.append(
            _deadline(
                case,
                permit,
                "permit_expiry",
                _("Permission to stay (s.37) ends"),
                due,
                now=now,
                done=renewed or left,
                soon=warn,
                basis_of="permit_expiry_warning",
                all_day=True,
            )  # fmt: skip
        )
    return out


def _compensation_deadlines(case, *, now, soon, table) -> list[Deadline]:
    """Each order is due ``compensation_unpaid`` after it was made and stays open, overdue,
    until the payments on its claim cover it (payments settle the oldest order first)."""
    out = []
    for claim in case.compensation_claims.all():
        paid = sum((p.amount_paid for p in claim.payments.all()), start=0)
        ordered_so_far = 0
        for order in claim.orders.all():
            ordered_so_far += order.amount_ordered
            outstanding = min(order.amount_ordered, max(ordered_so_far - paid, 0))
            due = compensation_unpaid_deadline(order, table=table)
            out.append(
                _deadline(
                    case,
                    order,
                    "compensation_unpaid",
                    _("Ordered compensation not paid in full: %(amount)s baht outstanding")
                    % {"amount": _baht(outstanding)},
                    due,
                    now=now,
                    done=outstanding <= 0,
                    soon=soon,
                    extra={
                        "ordered": order.amount_ordered,
                        "outstanding": outstanding,
                        "decided_by": order.decided_by,
                    },
                )
            )
    return out


def _follow_up_deadlines(case, *, now, soon) -> list[Deadline]:
    """A visit past its day and not done is overdue, also when it was marked missed."""
    out = []
    for visit in case.follow_up_visits.all():
        due = day_end(visit.due_on)
        out.append(
            _deadline(
                case,
                visit,
                "follow_up",
                _("Follow-up visit %(number)s after reintegration") % {"number": visit.number},
                due,
                now=now,
                done=visit.status == "done",
                soon=soon,
                basis_of=FOLLOW_UP_KEYS[min(visit.number, 4) - 1],
                all_day=True,
            )
        )
    return out


def _referral_deadlines(case, *, now, table) -> list[Deadline]:
    """A referral waits ``referral_response`` for its answer (due soon in its last day)."""
    out = []
    soon = add(now, "referral_response_due_soon", table=table) - now
    for referral in case.referrals.all():
        due = referral_deadline(referral, table=table)
        out.append(
            _deadline(
                case,
                referral,
                "referral_response",
                _("Referral to %(agency)s: an answer is due") % {"agency": referral.to_agency},
                due,
                now=now,
                done=referral.answered_at is not None,
                soon=soon,
                extra={"to_agency_id": referral.to_agency_id},
            )
        )
    return out


# What the deadlines of a case read: prefetched once for a whole page of cases.
DEADLINE_PREFETCH = [
    "custody__extensions",
    "identifications",
    "temporary_protections",
    "stay_permits",
    "return_plans",
    "compensation_claims__orders",
    "compensation_claims__payments",
    "follow_up_visits",
]
_ORDER = {
    DeadlineStatus.OVERDUE: 0,
    DeadlineStatus.DUE_SOON: 1,
    DeadlineStatus.DUE: 2,
    DeadlineStatus.DONE: 3,
}


def case_deadlines(case, *, now: dt.datetime | None = None) -> list[Deadline]:
    """Every deadline of one case, open ones first by due date."""
    return deadlines_for_cases([case], now=now)[case.pk]


def deadlines_for_cases(cases, *, now: dt.datetime | None = None) -> dict:
    """The deadlines of many cases (a list page, the alert task) in a fixed number of queries:
    one for the clock table and one per kind of record, whatever the number of cases."""
    from django.db.models import Prefetch, prefetch_related_objects

    from .models import Referral

    cases = list(cases)
    now = now or timezone.now()
    table = clock_table()
    soon = _soon(table=table)
    custody_soon = _soon("screening_custody_due_soon", table=table)
    for case in cases:  # always read fresh: a caller may hold the case across writes
        cached = getattr(case, "_prefetched_objects_cache", {})
        for name in {p.split("__")[0] for p in DEADLINE_PREFETCH} | {"referrals"}:
            cached.pop(name, None)
        case._state.fields_cache.pop("custody", None)
    # Only the kinds of record these cases hold are read (one query says which); the others
    # are known empty without a query each (most cases are at one stage).
    present = _kinds_present(cases)
    lookups = [p for p in DEADLINE_PREFETCH if p.split("__")[0] in present]
    if "referrals" in present:
        lookups.append(Prefetch("referrals", queryset=Referral.objects.select_related("to_agency")))
    if lookups:
        prefetch_related_objects(cases, *lookups)
    return {
        case.pk: _case_deadlines(case, now=now, table=table, soon=soon, custody_soon=custody_soon)
        for case in cases
    }


def _kinds_present(cases: list) -> set[str]:
    """Which reverse relations of ``cases`` named by DEADLINE_PREFETCH (and "referrals") hold a
    row for any of them; each of the others is set empty on every case, as a prefetch would."""
    from django.db.models.fields.related_descriptors import ReverseOneToOneDescriptor

    from saphan.core.request_memo import in_read_only_request

    from .models import Case
    from .presence import case_holds, kinds_present

    if not cases:
        return set()
    names = list(dict.fromkeys([p.split("__")[0] for p in DEADLINE_PREFETCH] + ["referrals"]))
    relations = {name: getattr(Case, name) for name in names}
    models = {
        name: d.related.related_model
        if isinstance(d, ReverseOneToOneDescriptor)
        else d.rel.related_model
        for name, d in relations.items()
    }
    if len(cases) == 1 and in_read_only_request():  # a case page: its one question (case_holds)
        present = {name for name, model in models.items() if case_holds(cases[0], model)}
    else:
        present = kinds_present([case.pk for case in cases], models)
    for name, descriptor in relations.items():
        if name in present:
            continue
        if isinstance(descriptor, ReverseOneToOneDescriptor):
            for case in cases:
                descriptor.related.set_cached_value(case, None)
            continue
        empty = descriptor.rel.related_model.objects.none()  # shared: .all() copies it
        cache_name = descriptor.field.remote_field.cache_name
        for case in cases:
            case.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = empty
    return present


def _custody_of(case):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return case.custody
    except ObjectDoesNotExist:
        return None


def _case_deadlines(case, *, now, table, soon, custody_soon) -> list[Deadline]:
    out: list[Deadline] = []
    custody = _custody_of(case)
    if custody is not None:
        due = custody_deadline(custody, table=table)
        out.append(
            _deadline(
                case,
                custody,
                "screening_custody",
                _("Screening custody ends (s.29)"),
                due,
                now=now,
                done=custody.ended_at is not None,
                soon=custody_soon,
            )
        )
    decided = any(d.status != "PossibleVictimOfTrafficking" for d in case.identifications.all())
    for protection in case.temporary_protections.all():
        due = add(protection.started_at, "temporary_protection", table=table)
        out.append(
            _deadline(
                case,
                protection,
                "temporary_protection",
                _("Temporary protection period ends: identification due"),
                due,
                now=now,
                done=decided or protection.ended_at is not None,
                soon=soon,
            )
        )
    out += _permit_deadlines(case, now=now, table=table)
    out += _compensation_deadlines(case, now=now, soon=soon, table=table)
    out += _follow_up_deadlines(case, now=now, soon=soon)
    out += _referral_deadlines(case, now=now, table=table)
    return sorted(out, key=lambda d: (_ORDER[d.status], d.due_at))
