"""Navigation by role: each item appears only for users whose permissions open it.

Each app that adds pages to the menu keeps its items in its own ``nav.py`` as ``ITEMS`` (a list
of NavItem); they are shown after the case items, in the order of APP_NAV_MODULES.
"""

import importlib
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saphan.orgs.access import CASE_ROLES
from saphan.orgs.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str | None = None  # None = every signed-in user
    staff_only: bool = False
    roles: tuple[str, ...] = ()  # () = any role; otherwise the user needs one of these

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def shown_to(self, user) -> bool:
        if self.roles and not user.has_role(*self.roles):
            return False
        return self.perm is None or user.has_perm(self.perm)


ITEMS = [
    NavItem(_("Home"), "home"),
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
        roles=(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR),
    ),
]
TAIL_ITEMS = [
    NavItem(_("Audit log"), "audit:search", perm="audit.view_logs"),
    NavItem(_("Administration"), "admin:index", perm="orgs.manage_users"),
]
APP_NAV_MODULES = (
    "saphan.people.nav",
    "saphan.network.nav",
    "saphan.knowledge.nav",
    "saphan.capacity.nav",
    "saphan.plans.nav",
    "saphan.insight.nav",
)


def _app_items() -> list[NavItem]:
    items: list[NavItem] = []
    for name in APP_NAV_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real import error inside the module: let it show
                raise
            continue
        items.extend(getattr(module, "ITEMS", []))
    return items


def all_items() -> list[NavItem]:
    return [*ITEMS, *_app_items(), *TAIL_ITEMS]


def navigation_for(user) -> list[NavItem]:
    if not (user and user.is_authenticated):
        return []
    return [item for item in all_items() if item.shown_to(user)]
