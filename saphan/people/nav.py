"""The people app's menu item: supervisors' duplicate persons (the linkage review queue)."""

from django.utils.translation import gettext_lazy as _

from saphan.core.menus import NavItem, register_menu

register_menu(
    NavItem(_("Duplicate persons"), "people:linkage", perm="people.review_links"), place=15
)
