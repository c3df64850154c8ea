"""The people app's menu item (saphan/core/navigation.py): supervisors' duplicate persons."""

from django.utils.translation import gettext_lazy as _

from saphan.core.navigation import NavItem

ITEMS = [NavItem(_("Duplicate persons"), "people:linkage", perm="people.review_links")]
