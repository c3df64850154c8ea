"""Navigation by role: each item appears only for users whose permissions open it.

The top of the menu is the home page; below it come the items each app registers from its own
``nav.py`` (``saphan.core.menus.register_menu``), found at start-up by ``SiteConfig.ready``.
"""

from django.utils.translation import gettext_lazy as _

from saphan.core.menus import NavItem, registered_items

HOME = NavItem(_("Home"), "home")


def all_items() -> list[NavItem]:
    return [HOME, *registered_items()]


def navigation_for(user) -> list[NavItem]:
    if not (user and user.is_authenticated):
        return []
    return [item for item in all_items() if item.shown_to(user)]
