"""Saved filters: a person names the search they made on a list and opens it again in one
click. A list takes part by ``register_list("<url name>")``; the filters are kept as the
list's own query string, so the list reads them exactly as when they were typed."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import SavedFilter

MAX_PER_LIST = 30
# Parts of an address that are not filters: the page number, the form's token.
NOT_FILTERS = {"page", "csrfmiddlewaretoken"}
_LISTS: set[str] = set()


def register_list(url_name: str) -> None:
    _LISTS.add(url_name)


def registered(url_name: str) -> bool:
    return url_name in _LISTS


def clean_query(query: str) -> str:
    pairs = [
        (k, v) for k, v in parse_qsl(query or "", keep_blank_values=False) if k not in NOT_FILTERS
    ]
    return urlencode(pairs)[:1000]


def list_url(saved: SavedFilter) -> str:
    base = reverse(saved.page)
    return f"{base}?{saved.query}" if saved.query else base


def saved_filter_list(*, actor, page: str) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(user=actor, page=page)


@transaction.atomic
def saved_filter_save(*, actor, page: str, name: str, query: str) -> SavedFilter:
    """Keep the search under ``name`` for ``actor`` (the same name again replaces it)."""
    if not registered(page):
        raise ValidationError({"page": _("This list cannot keep saved filters.")})
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    if len(name) > 80:
        raise ValidationError({"name": _("A name of at most 80 characters.")})
    query = clean_query(query)
    existing = SavedFilter.objects.select_for_update().filter(user=actor, page=page, name=name)
    if not existing.exists() and saved_filter_list(actor=actor, page=page).count() >= MAX_PER_LIST:
        raise ValidationError(
            {
                "name": _("At most %(n)s saved filters per list: delete one first.")
                % {"n": MAX_PER_LIST}
            }
        )
    saved, _made = SavedFilter.objects.update_or_create(
        user=actor, page=page, name=name, defaults={"query": query}
    )
    return saved


@transaction.atomic
def saved_filter_delete(*, actor, saved: SavedFilter) -> None:
    if saved.user_id != actor.pk:
        raise PermissionDenied("someone else's saved filter")
    saved.delete()
