from django.utils.translation import gettext_lazy as _

from saphan.core.menus import NavItem, register_menu
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
register_menu(*ITEMS, place=50)
