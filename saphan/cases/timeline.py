"""How each kind of timeline event reads, in the reader's language (the data stays neutral)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from saphan.core.thai import format_datetime

from . import enums
from .models.stages import Right
from .process import Phase

TEMPLATES = {
    "case_opened": _("Case %(code)s opened"),
    "intake_recorded": _("Tip or referral received from %(source)s by %(channel)s (%(urgency)s)"),
    "person_linked": _("Person linked to the case as %(role)s"),
    "case_assigned": _("Case assigned to %(worker)s"),
    "custody_started": _("Screening custody started at %(place)s; it must end by %(deadline)s"),
    "custody_extended": _("Court order %(order_number)s (%(court)s) extended custody to %(deadline)s"),
    "custody_ended": _("Screening custody ended"),
    "screening_recorded": _("Screening interview recorded: %(indicators)s indicators; %(exploitation)s"),
    "screening_unqualified": _("Screening by an interviewer without a valid qualification: %(reason)s"),
    "temporary_protection_started": _("Temporary protection at %(shelter)s until %(deadline)s"),
    "identification_decided": _("Identification decision: %(status)s (%(deciding_org)s, %(members)s members present)"),
    "identification_approved": _("The supervisor approved the identification record: %(status)s"),
    "rights_notified": _("Rights explained in %(language)s: %(rights)s"),
    "phase_changed": _("Phase: %(from_phase)s → %(to_phase)s"),
    "closure_requested": _("Closure requested: %(reason)s"),
    "closure_sent_back": _("The supervisor sent the closure back: %(note)s"),
    "case_closed": _("Case closed: %(reason)s"),
    "case_reopened": _("Case reopened: %(reason)s"),
}

# How to show each kind of value found in event data.
_LABELS = {
    "source": enums.TipSource,
    "channel": enums.Channel,
    "urgency": enums.Urgency,
    "status": enums.TraffickingStatus,
    "deciding_org": enums.DecisionOrg,
    "from_phase": Phase,
    "to_phase": Phase,
    "reason": enums.ClosureReason,
    "exploitation": enums.ExploitationType,
    "rights": Right,
}


def _show(key: str, value) -> str:
    enum = _LABELS.get(key)
    if isinstance(value, list):
        return ", ".join(_show(key, v) for v in value) or "—"
    if enum is not None and value in enum.values:
        return str(enum(value).label)
    if key == "deadline" and isinstance(value, str) and (when := parse_datetime(value)):
        return format_datetime(when)
    if key == "role":
        from saphan.people.models import PartyRole

        return str(PartyRole(value).label) if value in PartyRole.values else value
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Line:
    at: object
    actor: str
    kind: str
    text: str


def render(event) -> Line:
    template = TEMPLATES.get(event.kind)
    data = event.data or {}
    if template is None:
        text = event.kind
    else:
        params = {k: _show(k, v) for k, v in data.items()}
        try:
            text = str(template) % params
        except (KeyError, TypeError, ValueError):  # an old event missing a newer field
            text = str(template).split("%(")[0].rstrip(" :(")
    actor = event.actor.display_name if event.actor_id and event.actor else ""
    return Line(at=event.at, actor=actor, kind=event.kind, text=text)
