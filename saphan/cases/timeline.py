"""How each kind of timeline event reads, in the reader's language (the data stays neutral)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from saphan.core.thai import format_date, format_datetime
from saphan.people.models import ProfilePart

from . import enums
from .models.stages import Right
from .process import Phase

TEMPLATES = {
    "case_opened": _("Case %(code)s opened"),
    "intake_recorded": _("Tip or referral received from %(source)s by %(channel)s (%(urgency)s)"),
    "person_linked": _("Person linked to the case as %(role)s"),
    "person_profile_changed": _("The person's record was updated: %(parts)s"),
    # A merge of two person records (people/merging.py) names no one; the merge page does.
    "persons_merged": _(
        "Two records of the same person were merged by the supervisor (merge %(merge)s)"
    ),
    "persons_merge_undone": _(
        "The merge %(merge)s of two person records was undone by the supervisor"
    ),
    "case_assigned": _("Case assigned to %(worker)s"),
    "custody_started": _("Screening custody started at %(place)s; it must end by %(deadline)s"),
    "custody_extended": _(
        "Court order %(order_number)s (%(court)s) extended custody to %(deadline)s"
    ),
    "custody_ended": _("Screening custody ended"),
    "screening_recorded": _(
        "Screening interview recorded: %(indicators)s indicators; %(exploitation)s"
    ),
    "screening_unqualified": _(
        "Screening by an interviewer without a valid qualification: %(reason)s"
    ),
    "temporary_protection_started": _("Temporary protection at %(shelter)s until %(deadline)s"),
    "identification_decided": _(
        "Identification decision: %(status)s (%(deciding_org)s, %(members)s members present)"
    ),
    "identification_approved": _("The supervisor approved the identification record: %(status)s"),
    "identification_sent_back": _(
        "The supervisor sent the identification decision back: %(reason)s"
    ),
    "rights_notified": _("Rights explained in %(language)s: %(rights)s"),
    "phase_changed": _("Phase: %(from_phase)s → %(to_phase)s"),
    "closure_requested": _("Closure requested: %(reason)s"),
    "closure_sent_back": _("The supervisor sent the closure back: %(note)s"),
    "case_closed": _("Case closed: %(reason)s"),
    "case_reopened": _("Case reopened: %(reason)s"),
    "access_request_granted": _(
        "Access to the person's identity granted to %(requester)s (duplicate check)"
    ),
    "access_request_declined": _("Access to the person's identity declined for %(requester)s"),
    # parallel tracks (stages 7-12), referrals, notes and documents
    "assistance_plan_created": _(
        "Protection and assistance plan made (s.33), planned to end %(planned_end)s"
    ),
    "assistance_plan_closed": _("Protection and assistance plan ended on %(actual_end)s"),
    "service_planned": _(
        "Service planned: %(service_type)s by %(provider)s from %(planned_start)s"
    ),
    "service_updated": _("Service %(service_type)s: %(service_status)s"),
    "shelter_stay_started": _("Stay at %(shelter)s from %(started_on)s"),
    "shelter_stay_ended": _("Left %(shelter)s: %(exit_reason)s"),
    "legal_proceeding_added": _(
        "Legal proceedings recorded: case %(number)s, %(legal_status)s; the person's role: %(victim_role)s"
    ),
    "legal_proceeding_updated": _("Legal proceedings, case %(number)s: %(legal_status)s"),
    "testimony_scheduled": _("Testimony scheduled: %(testimony_kind)s on %(scheduled_at)s"),
    "testimony_given": _("Testimony given: %(testimony_kind)s"),
    "protection_measure_added": _("Protection measure from %(started_on)s: %(measure)s"),
    "compensation_claimed": _("Compensation claimed (%(claim_kind)s): %(amount)s baht"),
    "compensation_ordered": _(
        "Compensation ordered by %(decided_by)s (%(claim_kind)s): %(amount)s baht"
    ),
    "compensation_paid": _("Compensation paid by %(payer)s (%(claim_kind)s): %(amount)s baht"),
    "stay_permit_recorded": _(
        "Permission under s.37 (%(permit_type)s; purpose: %(purpose)s), %(valid_from)s to %(valid_to)s"
    ),
    "family_assessed": _("Family assessed: %(safe_to_return)s"),
    "return_planned": _("Return planned for %(planned_on)s: %(return_kind)s (%(country)s)"),
    "return_completed": _(
        "Returned on %(returned_on)s (%(return_kind)s), handed over to %(handed_over_to)s"
    ),
    "reintegration_planned": _(
        "Reintegration plan with %(agency)s, %(province)s, from %(started_on)s; %(visits)s follow-up visits scheduled"
    ),
    "follow_up_done": _("Follow-up visit %(number)s made on %(done_on)s"),
    "follow_up_missed": _("Follow-up visit %(number)s missed: %(note)s"),
    "referral_sent": _("%(referral_kind)s to %(to_agency)s: %(referral_reason)s; %(identity)s"),
    "referral_accepted": _("%(to_agency)s accepted the referral"),
    "referral_declined": _("%(to_agency)s declined the referral: %(decline_reason)s"),
    "referral_withdrawn": _("Referral to %(to_agency)s withdrawn: %(note)s"),
    "case_transferred": _(
        "Case transferred from %(from_agency)s to %(to_agency)s, %(province)s; the case code stays"
    ),
    "place_recorded": _("Place of %(place_type)s recorded: %(setting)s, %(country)s"),
    "perpetrator_recorded": _("Alleged perpetrator recorded: %(per_roles)s"),
    "perpetrator_linked": _(
        "An alleged perpetrator already known in another case was linked: %(per_roles)s"
    ),
    "perpetrator_updated": _("An alleged perpetrator's record was corrected: %(per_parts)s"),
    # A merge of two perpetrator records names no one; the merge page (supervisors) does.
    "perpetrators_merged": _(
        "Two records of the same alleged perpetrator were merged by the supervisor "
        "(merge %(merge)s)"
    ),
    "perpetrators_merge_undone": _(
        "The merge %(merge)s of two perpetrator records was undone by the supervisor"
    ),
    "mdt_member_added": _(
        "%(member)s (%(agency)s) joined the case's team; the person's identity: %(identity_shown)s"
    ),
    "mdt_member_removed": _("%(member)s (%(agency)s) left the case's team: %(note)s"),
    "note_added": _("Note added (%(phase)s)"),
    "document_attached": _("Document attached (%(size)s, %(phase)s)"),
    "victim_charge_recorded": _("Charge against the victim recorded: %(offence)s"),
    "victim_charge_waived": _("Charge against the victim waived: %(offence)s"),
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
    "phase": Phase,
    "service_type": enums.SupportType,
    "service_status": enums.ServiceStatus,
    "exit_reason": enums.ShelterExitReason,
    "victim_role": enums.VictimRole,
    "legal_status": enums.ProceedingStatus,
    "testimony_kind": enums.WitnessTestimonyKind,
    "measure": enums.ProtectionMeasureKind,
    "claim_kind": enums.CompensationKind,
    "purpose": enums.PermitPurpose,
    "permit_type": enums.PermitType,
    "safe_to_return": enums.SafeToReturn,
    "return_kind": enums.ReturnKind,
    "referral_kind": enums.ReferralKind,
    "referral_reason": enums.ReferralReason,
    "identity": enums.IdentitySharing,
    "parts": ProfilePart,
    "offence": enums.VictimChargeOffence,
    "basis": enums.DecisionBasis,
    "place_type": enums.PlaceType,
    "setting": enums.PlaceSetting,
    "per_roles": enums.PerpetratorRole,
    "per_parts": enums.PerpetratorPart,
}
DATE_KEYS = {
    "planned_end", "actual_end", "planned_start", "started_on", "claimed_on", "ordered_on",
    "paid_on", "valid_from", "valid_to", "assessed_on", "planned_on", "returned_on", "done_on",
}  # fmt: skip
DATETIME_KEYS = {"deadline", "scheduled_at"}
AGENCY_KEYS = {"shelter", "to_agency", "from_agency", "agency", "provider"}


def _agency_name(code: str) -> str:
    from saphan.orgs.models import Agency

    agency = Agency.objects.filter(code=code).first()
    return agency.name if agency else code


def _province_name(code: str) -> str:
    from saphan.geo.models import Province

    province = Province.objects.filter(code=code).first()
    return province.name if province else code


def _size(value) -> str:
    size = int(value)
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size // 1024, 1)} KB"


def _show(key: str, value) -> str:
    enum = _LABELS.get(key)
    if isinstance(value, list):
        return ", ".join(_show(key, v) for v in value) or "—"
    if enum is not None and value in enum.values:
        return str(enum(value).label)
    if key in DATETIME_KEYS and isinstance(value, str) and (when := parse_datetime(value)):
        return format_datetime(when)
    if key in DATE_KEYS and isinstance(value, str) and (day := parse_date(value)):
        return format_date(day)
    if key in AGENCY_KEYS and isinstance(value, str) and value:
        return _agency_name(value)
    if key == "province" and isinstance(value, str) and value:
        return _province_name(value)
    if key == "amount" and isinstance(value, str | int | float):
        try:
            return f"{Decimal(str(value)):,.2f}"
        except InvalidOperation:
            return str(value)
    if key == "identity_shown" and isinstance(value, bool):
        return str(_("shown") if value else _("hidden"))
    if key == "size" and isinstance(value, int):
        return _size(value)
    if key == "language" and isinstance(value, str) and value:
        from saphan.people.codes import language_name

        return str(language_name(value) or value)
    if key in ("country", "destination_country") and isinstance(value, str) and value:
        from saphan.people.codes import country_name

        return str(country_name(value) or value)
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
        # Free text kept in both languages (``step`` and ``step_en``): the reader's own.
        if (get_language() or "th").startswith("en"):
            params.update(
                {
                    k[:-3]: str(v)
                    for k, v in data.items()
                    if k.endswith("_en") and k[:-3] in data and v
                }
            )
        try:
            text = str(template) % params
        except (KeyError, TypeError, ValueError):  # an old event missing a newer field
            text = str(template).split("%(")[0].rstrip(" :(")
    actor = event.actor.display_name if event.actor_id and event.actor else ""
    return Line(at=event.at, actor=actor, kind=event.kind, text=text)
