"""The people app's menu item: supervisors' duplicate persons (the linkage review queue)."""

from django.utils.translation import gettext_lazy as _

from saphan.audit.wording import register_scopes
from saphan.core.menus import NavItem, register_menu

from .matching import SCOPE as DUPLICATE_CHECK

register_menu(
    NavItem(_("Duplicate persons"), "people:linkage", perm="people.review_links"), place=15
)
# The read log's scopes this app writes, in the auditor's words (/audit/).
register_scopes(
    exact={
        DUPLICATE_CHECK: _("Duplicate check of a new person"),
        "merge search": _("Search for the same person (merging records)"),
    },
    prefixes={"identity via ": _("Names of the people in case %(rest)s")},
)
