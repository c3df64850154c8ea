"""Charges against a trafficked person and their waiver (s.41; the non-punishment principle).

s.41: the inquiry official does not prosecute a trafficked person for entering, leaving or
staying without permission, false statements or forged travel documents, prostitution or
working without a permit. The non-punishment principle reaches further (crimes forced on
scam-compound victims). What was charged, what was waived and why is kept and shown."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import process
from ..enums import VictimChargeOffence
from ..models import Case, VictimCharge
from .common import case_write, not_in_future, record_event

if TYPE_CHECKING:
    from saphan.orgs.models import User

PERM = "cases.change_legal"


@case_write(PERM)
def victim_charge_record(
    *, actor: User, case: Case, offence: str, charged_by: str, charged_on: dt.date,
    waived: bool = False, waived_on: dt.date | None = None, reason: str = "", details: str = "",
    expected_version: int | None = None,
) -> VictimCharge:  # fmt: skip
    """A charge against the victim, and whether it was waived. A charge under s.41 that is
    kept (not waived) needs the reason why, as does every waiver."""
    if offence not in VictimChargeOffence.values:
        raise ValidationError({"offence": _("Choose the offence charged.")})
    if not charged_by.strip():
        raise ValidationError({"charged_by": _("Say who brought the charge.")})
    not_in_future(charged_on, "charged_on")
    _check_waiver(
        offence=offence, charged_on=charged_on, waived=waived, waived_on=waived_on, reason=reason
    )
    charge = VictimCharge.objects.create(
        case=case, offence=offence, charged_by=charged_by.strip(), charged_on=charged_on,
        waived=waived, waived_on=waived_on if waived else None, reason=reason.strip(),
        details=details.strip(), recorded_by=actor,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="victim_charge_recorded", offence=offence, waived=waived,
        s41=process.s41_covers(offence),
    )  # fmt: skip
    return charge


@case_write(PERM)
def victim_charge_waive(
    *, actor: User, case: Case, charge: VictimCharge, waived_on: dt.date, reason: str,
    expected_version: int | None = None,
) -> VictimCharge:  # fmt: skip
    """A charge recorded earlier is waived (dropped) later."""
    if charge.case_id != case.pk or charge.waived:
        raise ValidationError(_("This charge is not waiting to be waived."))
    _check_waiver(
        offence=charge.offence, charged_on=charge.charged_on, waived=True, waived_on=waived_on,
        reason=reason,
    )  # fmt: skip
    VictimCharge.objects.filter(pk=charge.pk).update(
        waived=True, waived_on=waived_on, reason=reason.strip()
    )
    charge.refresh_from_db()
    record_event(case=case, actor=actor, kind="victim_charge_waived", offence=charge.offence)
    return charge


def _check_waiver(
    *, offence: str, charged_on: dt.date, waived: bool, waived_on: dt.date | None, reason: str
) -> None:
    if waived:
        if waived_on is None:
            raise ValidationError({"waived_on": _("Give the date the charge was waived.")})
        not_in_future(waived_on, "waived_on")
        if waived_on < charged_on:
            raise ValidationError(
                {"waived_on": _("A charge cannot be waived before it was brought.")}
            )
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the charge was waived.")})
    elif process.s41_covers(offence) and not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "Section 41 says a trafficked person is not prosecuted for this offence: "
                    "say why the charge was not waived."
                )
            }
        )
