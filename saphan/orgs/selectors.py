from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .roles import Jurisdiction

if TYPE_CHECKING:
    from .models import User


def jurisdiction_label(user: User) -> str:
    if user.jurisdiction == Jurisdiction.NATION:
        return _("The whole country")
    if user.jurisdiction == Jurisdiction.REGION and user.region_id:
        return _("Region: %(region)s") % {"region": user.region}
    if user.province_id:
        return _("Province: %(province)s") % {"province": user.province}
    return _("No jurisdiction set")
