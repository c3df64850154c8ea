"""Tips and concerns: three ways in (a volunteer's report, the public form, a 1300 call) and the
province's triage (open a case, add to a case, refer to another province, close with a reason).

A tip that becomes a case goes in through the case intake services, so the rules of
cases/process.py hold; the case timeline notes which tip it came from."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.cases.enums import Channel, TipSource, Urgency
from saphan.cases.models import Case
from saphan.cases.services import case_open, intake_add
from saphan.cases.services.common import not_in_future, record_event
from saphan.cases.services.stages import IntakeInput
from saphan.core import uploads
from saphan.geo.models import Province
from saphan.geo.selectors import area_errors
from saphan.orgs import access
from saphan.orgs.access import require

from ..models import MemberKind, NetworkMember, Tip, TipCloseReason, TipStatus, TipWay

if TYPE_CHECKING:
    from saphan.orgs.models import User

PUBLIC_LIMIT_PER_HOUR = 5


class RateLimited(Exception):
    message = _(
        "Too many reports from this connection in the last hour. Please try again later, or call the 1300 hotline."
    )


@dataclass
class TipInput:
    province_id: str
    seen_at: dt.datetime
    description: str
    urgency: str = Urgency.ROUTINE
    district_id: str | None = None
    subdistrict_id: str | None = None
    village_code: str = ""
    place_detail: str = ""
    reporter_agrees_to_contact: bool = False
    reporter_name: str = ""
    reporter_contact: str = ""
    # From the public form only: a photo (an uploaded file, cleaned by _photo) and the phone's
    # position, which the form sends only when the reporter ticked the consent box.
    photo: File | None = None
    latitude: Decimal | float | None = None
    longitude: Decimal | float | None = None


ONE_KM = Decimal("0.01")  # 0.01° of latitude is 1.1 km


def tip_photo_max_bytes() -> int:
    return getattr(settings, "TIP_PHOTO_MAX_BYTES", 10 * uploads.MB)


def _photo(upload: File | None) -> ContentFile | None:
    """The photo re-encoded without any metadata (core/uploads.clean_photo), or None."""
    if not upload:
        return None
    try:
        return ContentFile(uploads.clean_photo(upload, limit=tip_photo_max_bytes()))
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from None


def _position(latitude: object, longitude: object) -> tuple[Decimal | None, Decimal | None]:
    """The position rounded to about 1 km, or (None, None) when not given; both or neither."""
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        lat, lng = Decimal(str(latitude)), Decimal(str(longitude))
    except (InvalidOperation, ValueError):
        lat = lng = Decimal("NaN")
    if not (lat.is_finite() and lng.is_finite() and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationError({"latitude": _("The position from the phone could not be read.")})
    return (
        lat.quantize(ONE_KM, rounding=ROUND_HALF_UP),
        lng.quantize(ONE_KM, rounding=ROUND_HALF_UP),
    )


def _clean(data: TipInput) -> dict:
    errors: dict[str, str] = {}
    if not data.province_id:
        errors["province"] = _("Choose the province.")
    errors |= area_errors(
        province_id=data.province_id,
        district_id=data.district_id,
        subdistrict_id=data.subdistrict_id,
    )
    village = (data.village_code or "").strip()
    if village and not (
        len(village) == 8 and village.isascii() and village.isdigit()
        and data.subdistrict_id and village.startswith(data.subdistrict_id)
    ):  # fmt: skip
        errors["village_code"] = _("The village is not in the chosen subdistrict.")
    if not (data.description or "").strip():
        errors["description"] = _("Write what you saw or heard.")
    if data.urgency not in Urgency.values:
        errors["urgency"] = _("Choose how urgent it is.")
    if data.seen_at is None:
        errors["seen_at"] = _("Say when it was seen.")
    if data.reporter_agrees_to_contact and not (data.reporter_contact or "").strip():
        errors["reporter_contact"] = _("Give a phone number or LINE ID, or untick the box.")
    if errors:
        raise ValidationError(errors)
    not_in_future(data.seen_at, "seen_at")
    latitude, longitude = _position(data.latitude, data.longitude)
    agrees = bool(data.reporter_agrees_to_contact)
    # Contact is kept only when the reporter agrees to be contacted.
    return {
        "province_id": data.province_id,
        "district_id": data.district_id or None,
        "subdistrict_id": data.subdistrict_id or None,
        "village_code": village,
        "place_detail": (data.place_detail or "").strip()[:300],
        "seen_at": data.seen_at,
        "description": data.description.strip(),
        "urgency": data.urgency,
        "reporter_agrees_to_contact": agrees,
        "reporter_name": (data.reporter_name or "").strip()[:200] if agrees else "",
        "reporter_contact": (data.reporter_contact or "").strip()[:200] if agrees else "",
        "latitude": latitude,
        "longitude": longitude,
    }


@transaction.atomic
def tip_report(*, actor: User, data: TipInput) -> Tip:
    """A volunteer's or youth-council member's concern from their area."""
    require(actor, "network.report_concern")
    member = NetworkMember.objects.filter(user=actor).first()
    if not data.province_id:
        data.province_id = member.province_id if member else actor.province_id
    fields = _clean(data)
    if not fields["reporter_name"] and fields["reporter_agrees_to_contact"]:
        fields["reporter_name"] = actor.get_full_name() or actor.username
    youth = (member and member.kind == MemberKind.YOUTH_COUNCIL) or (
        not member and actor.has_role("youth_council")
    )
    return Tip.objects.create(
        way=TipWay.NETWORK,
        source=TipSource.YOUTH_COUNCIL if youth else TipSource.VOLUNTEER,
        reported_by=actor,
        recorded_by=actor,
        **fields,
    )


def sender_key(address: str) -> str:
    """A keyed hash of the sender's address: enough to count, useless to find the sender."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def tip_submit_public(*, data: TipInput, sender_address: str) -> Tip:
    """The public form: no sign-in; a few reports per connection per hour."""
    key = sender_key(sender_address or "unknown")
    since = timezone.now() - dt.timedelta(hours=1)
    if Tip.objects.filter(sender_key=key, created_at__gte=since).count() >= PUBLIC_LIMIT_PER_HOUR:
        raise RateLimited()
    fields = _clean(data)
    photo = _photo(data.photo)
    tip = Tip(way=TipWay.PUBLIC, source=TipSource.PUBLIC, sender_key=key, **fields)
    if photo is None:
        tip.save()
        return tip
    tip.photo.save("photo.jpg", photo, save=False)
    try:
        tip.save()
    except Exception:
        tip.photo.delete(save=False)  # nothing stored when the record is not
        raise
    return tip


@transaction.atomic
def tip_record_hotline(*, actor: User, data: TipInput, source: str = TipSource.HOTLINE_1300) -> Tip:
    """Staff writing down a 1300 hotline call; it goes to the queue of the province it concerns."""
    require(actor, "network.enter_hotline_tip")
    if source not in TipSource.values:
        raise ValidationError({"source": _("Choose the source.")})
    fields = _clean(data)
    return Tip.objects.create(way=TipWay.HOTLINE, source=source, recorded_by=actor, **fields)


# --- triage ------------------------------------------------------------------------------------
def _triage(actor: User, tip: Tip) -> Tip:
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    require(actor, "network.triage_tip", tip)
    if tip.status != TipStatus.NEW:
        raise ValidationError(_("This tip was already dealt with."))
    return tip


def _intake(tip: Tip) -> IntakeInput:
    channel = {TipWay.HOTLINE: Channel.PHONE}.get(tip.way, Channel.ONLINE)
    return IntakeInput(
        received_at=tip.created_at,
        source=tip.source,
        channel=channel,
        description=tip.description,
        urgency=tip.urgency,
        reporter_name=tip.reporter_name,
        reporter_contact=tip.reporter_contact,
        reporter_agrees_to_contact=tip.reporter_agrees_to_contact,
        place_province_id=tip.province_id,
        place_district_id=tip.district_id,
        place_subdistrict_id=tip.subdistrict_id,
        place_detail=" ".join(
            p
            for p in (tip.place_detail, f"หมู่บ้าน {tip.village_code}" if tip.village_code else "")
            if p
        ),
    )


def _done(tip: Tip, *, actor: User, status: str, note: str = "", **extra: object) -> Tip:
    tip.status = status
    tip.triaged_by = actor
    tip.triaged_at = timezone.now()
    tip.triage_note = note.strip()
    for k, v in extra.items():
        setattr(tip, k, v)
    tip.save()
    return tip


def _linked(tip: Tip, *, actor: User, case: Case, status: str, note: str) -> None:
    """The tip is an intake of ``case`` now: the case's timeline says which tip, and the tip is
    done."""
    record_event(
        case=case, actor=actor, kind="network_tip_linked",
        tracking_code=tip.tracking_code, way=tip.way,
    )  # fmt: skip
    _done(tip, actor=actor, status=status, note=note, case=case)


@transaction.atomic
def tip_open_case(*, actor: User, tip: Tip, note: str = "") -> Case:
    """Open a case whose intake is this tip (the case intake service, its rules and events)."""
    tip = _triage(actor, tip)
    case = case_open(actor=actor, intake=_intake(tip))
    _linked(tip, actor=actor, case=case, status=TipStatus.CASE_OPENED, note=note)
    return case


@transaction.atomic
def tip_attach(*, actor: User, tip: Tip, case_code: str, note: str = "") -> Case:
    """Add the tip to a case the actor can open, as another intake of that case."""
    tip = _triage(actor, tip)
    case = access.visible_cases(actor).filter(code=(case_code or "").strip()).first()
    if case is None:
        raise ValidationError({"case_code": _("No case with this code that you can open.")})
    intake_add(actor=actor, case=case, intake=_intake(tip))
    _linked(tip, actor=actor, case=case, status=TipStatus.ATTACHED, note=note)
    return case


@transaction.atomic
def tip_refer(*, actor: User, tip: Tip, province: Province, note: str) -> Tip:
    """Send the tip to the queue of the province where it belongs."""
    tip = _triage(actor, tip)
    if province.pk == tip.province_id:
        raise ValidationError({"province": _("Choose another province.")})
    if not note.strip():
        raise ValidationError({"note": _("Say why it belongs to that province.")})
    from_province = tip.province_id
    tip.province = province
    tip.district = tip.subdistrict = None
    tip.village_code = ""
    tip.referred_from_id = from_province
    tip.triage_note = note.strip()
    tip.triaged_by = actor
    tip.triaged_at = timezone.now()
    tip.save()
    return tip


@transaction.atomic
def tip_close(*, actor: User, tip: Tip, reason: str, note: str = "") -> Tip:
    tip = _triage(actor, tip)
    if reason not in TipCloseReason.values:
        raise ValidationError({"reason": _("Choose a reason for closing.")})
    return _done(tip, actor=actor, status=TipStatus.CLOSED, note=note, close_reason=reason)
