from django.utils.translation import gettext_lazy as _

from saphan.core.menus import NavItem, register_menu
from saphan.orgs.access import CASE_ROLES
from saphan.orgs.roles import Role

ITEMS = [
    # Everyone whose role can hold case rows; which cases they see is access.py's business.
    NavItem(_("Cases"), "cases:list", roles=tuple(sorted(CASE_ROLES))),
    NavItem(
        _("My deadlines"),
        "cases:deadlines",
        roles=(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR),
    ),
    # The receiving side of referrals: those who may accept or decline them (orgs/rules.py).
    NavItem(
        _("Referrals waiting"),
        "cases:referrals",
        roles=(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR, Role.MDT_MEMBER),
    ),
]
ITEMS += [
    NavItem(
        _("Perpetrators"),
        "cases:perpetrators",
        roles=(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR, Role.MDT_MEMBER),
    ),
]
register_menu(*ITEMS, place=10)
