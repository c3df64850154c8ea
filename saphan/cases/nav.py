from django.utils.translation import gettext_lazy as _

from saphan.audit.wording import register_export_kinds, register_scopes
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

# The read log's scopes and exports this app writes, in the auditor's words (/audit/).
register_scopes(
    exact={
        "identity via case list": _("Names shown in a case list"),
        "perpetrator": _("Alleged perpetrator's record"),
        "perpetrator_search": _("Search of alleged perpetrators"),
        "cases:mine": _("Case list: my cases"),
        "cases:all": _("Case list: all I can see"),
        "deadlines:mine": _("My deadlines"),
    }
)
register_export_kinds([("case_list", _("Cases")), ("deadlines", _("My deadlines"))])
