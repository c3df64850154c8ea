"""The site's own menu item: the approvals queue, for those who approve (found like every app's
nav.py by SiteConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from saphan.core.menus import NavItem, register_menu
from saphan.orgs.roles import Role

APPROVALS = NavItem(
    _("Approvals"),
    "queue",
    roles=(Role.PROVINCIAL_SUPERVISOR, Role.CENTRAL_OFFICER, Role.REGIONAL_OFFICER),
)
register_menu(APPROVALS, place=15)  # after the case work (10), before the apps on top (20+)
