"""Stage 10, s.37: permission to stay (and work) while the proceedings, treatment,
rehabilitation or a compensation claim need the person in Thailand."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Case, StayPermit
from .common import case_write, record_event

if TYPE_CHECKING:
    from saphan.orgs.models import User

PERM = "cases.change_legal"


@case_write(PERM)
def stay_permit_record(
    *, actor: User, case: Case, purpose: str, permit_type: str, valid_from: dt.date,
    valid_to: dt.date,
    issuing_office: str, reference: str = "", expected_version: int | None = None,
) -> StayPermit:  # fmt: skip
    """A permission as issued. A renewal is simply a later permission running past this one;
    the expiry clock (clocks.py) sees it."""
    if valid_to <= valid_from:
        raise ValidationError({"valid_to": _("The permission must end after it starts.")})
    if not issuing_office.strip():
        raise ValidationError({"issuing_office": _("Name the office that issued the permission.")})
    permit = StayPermit.objects.create(
        case=case, purpose=purpose, permit_type=permit_type, valid_from=valid_from,
        valid_to=valid_to, issuing_office=issuing_office.strip(), reference=reference.strip(),
        recorded_by=actor,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="stay_permit_recorded", permit_type=permit_type,
        purpose=purpose, valid_from=valid_from, valid_to=valid_to,
    )  # fmt: skip
    return permit
