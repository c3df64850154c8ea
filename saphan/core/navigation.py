"""Navigation by role: each item appears only for users whose permissions open it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str | None = None  # None = every signed-in user
    staff_only: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ITEMS = [
    NavItem(_("Home"), "home"),
    NavItem(_("Audit log"), "audit:search", perm="audit.view_logs"),
    NavItem(_("Administration"), "admin:index", perm="orgs.manage_users"),
]


def navigation_for(user) -> list[NavItem]:
    if not (user and user.is_authenticated):
        return []
    return [item for item in ITEMS if item.perm is None or user.has_perm(item.perm)]
