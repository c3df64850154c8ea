"""Navigation by role: each item appears only for users whose permissions open it.

The top of the menu is the home page; below it come the items each app registers from its own
``nav.py`` (``saphan.core.menus.register_menu``), found at start-up by ``SiteConfig.ready``.
"""

from __future__ import annotations

import threading
import time

from django.utils.translation import gettext_lazy as _

from saphan.core.menus import NavItem, registered_items

HOME = NavItem(_("Home"), "home")

# Every page draws the menu, and asking each item's permission costs a page about 3 ms and two
# queries (the account's model permissions). The menu an account sees is remembered by this
# process for MENU_SECONDS, keyed by everything of the account the permissions read (roles,
# jurisdiction, province, region, agency, the staff and superuser flags): a change of any of
# them shows at once. A model permission given in the admin (the m2m signal below clears the
# memory in this process) shows within MENU_SECONDS in the others. The menu is not a gate:
# every page asks the access rules itself.
MENU_SECONDS = 60
_MENUS: dict[tuple, tuple[float, tuple[int, ...]]] = {}
_LOCK = threading.Lock()
_MAX_MENUS = 2000


def all_items() -> list[NavItem]:
    return [HOME, *registered_items()]


def navigation_for(user) -> list[NavItem]:
    """The items ``user`` may open, asked now."""
    if not (user and user.is_authenticated):
        return []
    return [item for item in all_items() if item.shown_to(user)]


def _account_key(user) -> tuple:
    return (
        user.pk,
        tuple(sorted(user.roles or ())),
        user.jurisdiction,
        user.province_id,
        user.region_id,
        user.agency_id,
        user.is_staff,
        user.is_superuser,
        user.is_active,
    )


def menu_for(user) -> list[NavItem]:
    """``navigation_for``, remembered for MENU_SECONDS (see above)."""
    if not (user and user.is_authenticated):
        return []
    items = all_items()
    key = (_account_key(user), len(items))
    now = time.monotonic()
    with _LOCK:
        known = _MENUS.get(key)
    if known is not None and known[0] > now:
        return [items[i] for i in known[1]]
    shown = tuple(i for i, item in enumerate(items) if item.shown_to(user))
    with _LOCK:
        if len(_MENUS) >= _MAX_MENUS:
            _MENUS.clear()
        _MENUS[key] = (now + MENU_SECONDS, shown)
    return [items[i] for i in shown]


def forget_menus(**_kwargs) -> None:
    with _LOCK:
        _MENUS.clear()
