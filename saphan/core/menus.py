"""The menu registry: each app adds its own items from its ``nav.py``, which the top app (site)
finds with ``autodiscover_modules("nav")``. Nothing here names an app.

``place`` orders the groups: 10 the case work, 20 to 60 the apps that stand on it (network,
knowledge, capacity, plans, insight), 90 and above oversight and administration. Items of one
group keep the order they were registered in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


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


_REGISTERED: list[tuple[int, int, NavItem]] = []


def register_menu(*items: NavItem, place: int) -> None:
    """Add menu items at ``place`` (see the module's docstring); registering the same item
    twice (a module imported again) keeps one."""
    for item in items:
        if not any(existing is item for _p, _n, existing in _REGISTERED):
            _REGISTERED.append((place, len(_REGISTERED), item))


def registered_items() -> list[NavItem]:
    """Every registered item, by place, then in the order registered."""
    return [item for _place, _n, item in sorted(_REGISTERED, key=lambda r: (r[0], r[1]))]
