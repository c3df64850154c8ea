from django.utils.translation import gettext_lazy as _

from saphan.core.navigation import NavItem
from saphan.orgs.roles import Role

ITEMS = [
    NavItem(
        _("Action plan"),
        "plans:index",
        roles=(
            Role.CASE_WORKER,
            Role.PROVINCIAL_SUPERVISOR,
            Role.MDT_MEMBER,
            Role.SHELTER_STAFF,
            Role.REGIONAL_OFFICER,
            Role.CENTRAL_OFFICER,
        ),
    ),
]
