"""The "today" registry: what waits for a person, contributed by each app from its ``today.py``
(found by ``autodiscover_modules("today")`` in the site app), shown on the home page and, for
the approvals, on the queue page. Nothing here names an app.

A provider is a function ``provider(user, *, limit) -> TodaySection | None``: it reads through
the app's own scoped selectors (never a model of a case or a person directly), returns ``None``
or an empty section when the user has nothing of its kind, and costs a bounded number of
queries whatever the number of rows (a count and the first ``limit`` rows).

``place`` orders sections of the same urgency: 10 deadlines, 20 answers asked of the user
(referrals, access requests), 30 approvals, 40 the network (tips, visits), 90 administration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet

# How pressing an entry or a section is: the most urgent first on the page.
OVERDUE = 0
DUE_SOON = 1
WAITING = 2
LATER = 3


@dataclass(frozen=True)
class TodayEntry:
    """One thing to do, one click from the form that settles it."""

    title: str  # what it is, e.g. the case code and the deadline
    url: str  # the form (or page) that settles it
    detail: str = ""  # one more line (what is due, who asks)
    when: dt.datetime | dt.date | None = None  # due at, or waiting since
    when_label: str = ""  # "Due", "Waiting since"
    urgency: int = WAITING
    status_label: str = ""  # e.g. "Overdue"
    all_day: bool = False
    # An approval decided in one step from the queue page: a POST endpoint taking
    # ``decision`` (approve | send_back), ``reason``, ``version`` and ``next``.
    decide_url: str = ""
    version: int | None = None


@dataclass(frozen=True)
class TodaySection:
    key: str  # stable, used as the HTML id (today-<key>) and in tests
    title: str
    count: int  # all of them, not only the entries shown
    entries: list[TodayEntry] = field(default_factory=list)
    more_url: str = ""  # the full list
    more_label: str = ""
    approval: bool = False  # also listed on the queue page
    overdue: int = 0  # how many of ``count`` are overdue

    @property
    def urgency(self) -> int:
        return min((e.urgency for e in self.entries), default=LATER)


def waiting_section(
    qs: QuerySet,
    *,
    limit: int,
    entry: Callable[[Any], TodayEntry],
    key: str,
    title: str,
    rows: QuerySet | None = None,
    more_url: str = "",
    more_label: str = "",
    approval: bool = False,
) -> TodaySection | None:
    """The section of what ``qs`` holds: None when it holds nothing, else its count and an
    entry (``entry(row)``) for each of the first ``limit`` of ``rows`` (``qs`` itself unless
    the entries need its rows ordered or joined). Two queries whatever the number of rows."""
    count = qs.count()
    if not count:
        return None
    return TodaySection(
        key=key,
        title=title,
        count=count,
        entries=[entry(row) for row in (qs if rows is None else rows)[:limit]],
        more_url=more_url,
        more_label=more_label,
        approval=approval,
    )


Provider = Callable[..., "TodaySection | None"]
_REGISTERED: list[tuple[int, int, Provider]] = []


def register_today(provider: Provider, *, place: int) -> Provider:
    """Add a provider of today's work at ``place`` (see the module's docstring); registering
    the same function twice (a module imported again) keeps one. Usable as a decorator
    factory's result: ``register_today(fn, place=10)``."""
    if not any(existing is provider for _p, _n, existing in _REGISTERED):
        _REGISTERED.append((place, len(_REGISTERED), provider))
    return provider


def registered_providers() -> list[Provider]:
    return [p for _place, _n, p in sorted(_REGISTERED, key=lambda r: (r[0], r[1]))]


def today_for(user, *, limit: int = 5, approvals_only: bool = False) -> list[TodaySection]:
    """The sections with something in them for ``user``, the most urgent first (then by place)."""
    if not (user and user.is_authenticated):
        return []
    sections = []
    for order, provider in enumerate(registered_providers()):
        section = provider(user, limit=limit)
        if section is None or section.count == 0:
            continue
        if approvals_only and not section.approval:
            continue
        sections.append((section.urgency, order, section))
    return [s for _u, _o, s in sorted(sections, key=lambda r: (r[0], r[1]))]
