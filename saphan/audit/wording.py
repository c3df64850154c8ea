"""The two logs in the auditor's words: a record type as its model's name ("cases.case" is
"กรณี" / "Case"), a scope as a phrase with the agency's and the province's names, a purpose as
what the person did ("GET cases:detail" is "เปิดหน้าแฟ้มกรณี", "rows=12" is "ส่งออกรายการ 12
แถว"), an account as the person's name. The raw values stay in the log (and in the page's
``title`` attributes): the stored rows are part of the hash chain and never change.

Record types come from the app registry (each model's verbose_name). Scopes and purposes written
by the layers below this one (access rules, areas, refusals, exports, the auditors' own searches)
are worded here; an app higher up that writes scopes or purposes of its own, exports, or pages
a refused attempt may name, words them with ``register_scopes``, ``register_purposes``,
``register_export_kinds`` and ``register_pages`` (from its ``nav`` module, which the site app
loads at start). A page nobody worded is named by its app and its address name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.utils.functional import Promise

_SCOPES: dict[str, Promise | str] = {}
_SCOPE_PREFIXES: dict[str, Promise | str] = {}
_EXPORT_KINDS: dict[str, Promise | str] = {}
_PURPOSES: dict[str, Promise | str] = {}
_PURPOSE_PREFIXES: dict[str, Promise | str] = {}
_PAGES: dict[str, Promise | str] = {
    "audit:download": gettext_lazy("Encrypted export download"),
    "audit:search": gettext_lazy("Audit log"),
    "audit:verify": gettext_lazy("Check of the read log's chain"),
}

_AGENCY_SCOPE = re.compile(r"^agency:(?P<agency>[^@]*)@province:(?P<province>\w+)$")
_AREA_SCOPE = re.compile(r"^(?P<level>province|region|nation):(?P<code>[\w-]*)$")
_GRANT_SCOPE = re.compile(r"^(?P<reason>[a-z_]+):(?P<id>[0-9a-f-]{36})$")
_REFUSED_SCOPE = re.compile(r"^refused:\s*(?P<why>.*)$")
_MODEL_LABEL = re.compile(r"^[a-z_]+\.[A-Za-z_]+$")
# A refused attempt's purpose (middleware.py): the method and the page's URL name, with the
# action of a case page ("POST cases:action/screening"); the method alone for an unknown address.
_REQUEST = re.compile(
    r"^(?P<method>GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)"
    r"(?: (?P<name>[\w.:-]+)(?:/(?P<action>[\w.-]+))?)?$"
)
# An export's purpose (sealed.py, views.py, insight): how many rows, then what it says of them.
_ROWS = re.compile(r"^rows=(?P<rows>\d+)(?: suppressed=(?P<suppressed>\d+))?(?: (?P<rest>.*))?$")
_EXPORTED_READ = re.compile(r"^export [0-9a-f-]{36}$")
_SEARCH_TYPES = ("audit:reads", "audit:changes")

_PAGE_STATUS = {
    "403": gettext_lazy("Refused: not allowed"),
    "404": gettext_lazy("Refused: not found or not allowed"),
}
_AUDIT_TYPES = {
    "audit:reads": gettext_lazy("Audit log search (who saw)"),
    "audit:changes": gettext_lazy("Audit log search (who changed)"),
    "audit:verify": gettext_lazy("Check of the read log's chain"),
}
_CHANGE_LABELS = {
    "insert": pgettext_lazy("change log", "Created"),
    "update": pgettext_lazy("change log", "Changed"),
    "delete": pgettext_lazy("change log", "Removed"),
}


def register_scopes(
    exact: dict[str, Promise | str] | None = None,
    prefixes: dict[str, Promise | str] | None = None,
) -> None:
    """Words for the scopes an app writes into the read log: ``exact`` by the whole value,
    ``prefixes`` by how it starts (the rest is ``%(rest)s`` in the words, if they use it)."""
    _SCOPES.update(exact or {})
    _SCOPE_PREFIXES.update(prefixes or {})


def register_purposes(
    exact: dict[str, Promise | str] | None = None,
    prefixes: dict[str, Promise | str] | None = None,
) -> None:
    """Words for the purposes an app writes into the read log ("case_page", "profile edit"):
    ``exact`` by the whole value, ``prefixes`` by how it starts (``%(rest)s`` as above)."""
    _PURPOSES.update(exact or {})
    _PURPOSE_PREFIXES.update(prefixes or {})


def register_pages(names: dict[str, Promise | str]) -> None:
    """The nouns of an app's pages by URL name ("cases:detail": "case file"), for the purposes
    that name a page (a refused attempt on it); "cases:action/screening" names one action of a
    page whose address carries it."""
    _PAGES.update(names)


def register_export_kinds(choices: Iterable[tuple[str, Promise | str]]) -> None:
    """The names of an app's exports (the ``kind`` given to ``list_export`` or ``seal``)."""
    _EXPORT_KINDS.update(dict(choices))


def model_name(label: str) -> str:
    """The translated noun of a model label ("cases.case" or "cases.Case"), or "" if none."""
    if not _MODEL_LABEL.match(label or ""):
        return ""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return ""
    return capfirst(str(model._meta.verbose_name))


def model_label_for(name: str) -> str:
    """The other way: the label of the model whose translated noun is ``name`` (an auditor
    searching for "กรณี" means "cases.case"), or ""."""
    wanted = (name or "").strip().casefold()
    if not wanted:
        return ""
    for model in apps.get_models():
        if str(model._meta.verbose_name).casefold() == wanted:
            return model._meta.label_lower
    return ""


def export_name(kind: str) -> str:
    label = _EXPORT_KINDS.get(kind)
    return str(label) if label is not None else kind


def record_type_name(value: str) -> str:
    """What kind of record a row of the read log is about, in words."""
    if noun := model_name(value):
        return noun
    if value in _AUDIT_TYPES:
        return str(_AUDIT_TYPES[value])
    if value.startswith("export:"):
        return _("Export: %(what)s") % {"what": export_name(value.removeprefix("export:"))}
    if value.startswith("url:"):
        return _("Page")
    return value


def change_label(value: str) -> str:
    label = _CHANGE_LABELS.get(value)
    return str(label) if label is not None else value


def field_name(label: str, field: str) -> str:
    """A changed field by its translated name, or as stored."""
    try:
        return capfirst(str(apps.get_model(label)._meta.get_field(field).verbose_name))
    except (LookupError, ValueError, FieldDoesNotExist):  # FieldDoesNotExist: since removed
        return field


@dataclass
class _Places:
    """Names of the areas and agencies a page of rows mentions, read once per page."""

    provinces: dict[str, str]
    regions: dict[str, str]
    agencies: dict[str, str]
    grants: dict[str, tuple[str, str]]  # access row id: (reason, agency name)


def _places(scopes: Iterable[str]) -> _Places:
    provinces, regions, agencies, grants = set(), set(), set(), set()
    for scope in scopes:
        if m := _AGENCY_SCOPE.match(scope):
            agencies.add(m["agency"])
            provinces.add(m["province"])
        elif m := _AREA_SCOPE.match(scope):
            (provinces if m["level"] == "province" else regions).add(m["code"])
        elif m := _GRANT_SCOPE.match(scope):
            grants.add(m["id"])
    Province = apps.get_model("geo", "Province")
    Region = apps.get_model("geo", "Region")
    Agency = apps.get_model("orgs", "Agency")
    return _Places(
        provinces={k: v.name for k, v in Province.objects.in_bulk(provinces).items()},
        regions={k: v.name for k, v in Region.objects.in_bulk(regions).items()},
        agencies={a.code: a.name for a in Agency.objects.filter(code__in=agencies)},
        grants=_grants(grants),
    )


def _grant_reasons() -> dict[str, str]:
    """The reasons a case is opened beyond the province and agency rules (the case access
    rows that access.py reads), by their translated labels."""
    try:
        field = apps.get_model("cases", "CaseAccess")._meta.get_field("reason")
    except LookupError:
        return {}
    return {value: str(label) for value, label in field.choices}


def _grants(ids: set[str]) -> dict[str, tuple[str, str]]:
    if not ids:
        return {}
    CaseAccess = apps.get_model("cases", "CaseAccess")
    rows = CaseAccess.objects.filter(pk__in=ids).select_related("agency")
    return {str(r.pk): (r.reason, r.agency.name if r.agency_id else "") for r in rows}


def scope_phrase(scope: str, places: _Places | None = None) -> str:
    """Why a record was seen, in words; the stored value if it has none."""
    places = places or _places([scope])
    if scope in _SCOPES:
        return str(_SCOPES[scope])
    if m := _AGENCY_SCOPE.match(scope):
        return _("Cases of the agency %(agency)s, province of %(province)s") % {
            "agency": places.agencies.get(m["agency"], m["agency"]),
            "province": places.provinces.get(m["province"], m["province"]),
        }
    if m := _AREA_SCOPE.match(scope):
        if m["level"] == "nation":
            return _("The whole country")
        if m["level"] == "region":
            return _("All of the region: %(region)s") % {
                "region": places.regions.get(m["code"], m["code"])
            }
        return _("All of the province: %(province)s") % {
            "province": places.provinces.get(m["code"], m["code"])
        }
    if m := _GRANT_SCOPE.match(scope):
        reasons = _grant_reasons()
        if m["reason"] in reasons:
            agency = places.grants.get(m["id"], ("", ""))[1]
            if agency:
                return _("%(reason)s: %(agency)s") % {
                    "reason": reasons[m["reason"]],
                    "agency": agency,
                }
            return reasons[m["reason"]]
    if m := _REFUSED_SCOPE.match(scope):
        return str(_PAGE_STATUS.get(m["why"], pgettext_lazy("access to a record", "Refused")))
    if scope.startswith("export:"):
        return _("Export: %(what)s") % {"what": export_name(scope.removeprefix("export:"))}
    if scope.startswith("provinces:"):
        return _("Provinces in the report: %(n)s") % {"n": scope.removeprefix("provinces:")}
    if scope == "audit":
        return _("Audit log")
    if scope == "none":
        return _("No access")
    for prefix, words in _SCOPE_PREFIXES.items():
        if scope.startswith(prefix):
            return str(words) % {"rest": scope.removeprefix(prefix)}
    if scope in _EXPORT_KINDS:  # an export whose scope is its kind
        return _("Export: %(what)s") % {"what": export_name(scope)}
    return scope


def page_name(view_name: str) -> str:
    """A page by its URL name ("cases:detail"), in words; one nobody worded by its app's name
    and its address name made readable ("Cases: perpetrator merge")."""
    if view_name in _PAGES:
        return str(_PAGES[view_name])
    namespace, _sep, name = view_name.rpartition(":")
    readable = re.sub(r"[_\-.]+", " ", name).strip() or view_name
    app = namespace.split("-")[0]
    try:
        app_name = str(apps.get_app_config(app).verbose_name) if app else ""
    except LookupError:
        app_name = namespace
    return f"{capfirst(app_name)}: {readable}" if app_name else readable


def _request_phrase(method: str, name: str, action: str) -> str:
    if not name:
        if method in ("GET", "HEAD"):
            return _("Open an address that does not exist")
        return _("Send to an address that does not exist")
    if action:
        full = f"{name}/{action}"
        page = (
            str(_PAGES[full])
            if full in _PAGES
            else _("%(page)s (%(action)s)") % {"page": page_name(name), "action": action}
        )
    else:
        page = page_name(name)
    if method in ("GET", "HEAD"):
        return _("Open the page: %(page)s") % {"page": page}
    if method == "POST":
        return _("Send a form on the page: %(page)s") % {"page": page}
    return _("%(method)s request to the page: %(page)s") % {"method": method, "page": page}


def _export_phrase(rows: int, suppressed: str | None, rest: str) -> str:
    parts = [ngettext("Export of %(n)s row", "Export of %(n)s rows", rows) % {"n": rows}]
    if suppressed is not None:
        parts.append(_("cells hidden (under 5): %(n)s") % {"n": suppressed})
    if rest == "command":
        parts.append(_("by a command on the server"))
    elif rest:
        parts.append(rest)
    return "; ".join(parts)


def _search_phrase(query: str) -> str:
    """An auditor's search (its query string) as the search form's labels and choices."""
    from .forms import LogSearchForm

    fields = LogSearchForm.base_fields
    said = []
    for key, value in parse_qsl(query, keep_blank_values=False):
        field = fields.get(key)
        if field is None:
            label = _("Page") if key == "page" else key
        else:
            label = str(field.label)
            choices = dict(getattr(field, "choices", None) or ())
            value = str(choices.get(value, value))
        said.append(f"{label}: {value}")
    if not said:
        return _("Search without conditions")
    return _("Search: %(conditions)s") % {"conditions": "; ".join(said)}


def purpose_phrase(purpose: str, record_type: str = "") -> str:
    """What the person did, in words, from a read-log row's purpose (and its record type); the
    stored value when it is free text nobody worded."""
    purpose = purpose or ""
    if not purpose:
        return ""
    if purpose in _PURPOSES:
        return str(_PURPOSES[purpose])
    if record_type in _SEARCH_TYPES:
        return _search_phrase(purpose)
    if record_type == "audit:verify":
        if purpose == "intact":
            return _("The chain holds.")
        if purpose == "broken:hash":
            return (
                _("The chain is broken.")
                + " "
                + _("Its content does not match its hash: the row was edited after it was written.")
            )
        if purpose.startswith("broken:"):
            return (
                _("The chain is broken.")
                + " "
                + _(
                    "It does not follow the row before it: a row before it was removed or inserted."
                )
            )
    if m := _REQUEST.match(purpose):
        return _request_phrase(m["method"], m["name"] or "", m["action"] or "")
    if m := _ROWS.match(purpose):
        return _export_phrase(int(m["rows"]), m["suppressed"], (m["rest"] or "").strip())
    if _EXPORTED_READ.match(purpose):
        return _("Taken away in an encrypted export")
    for prefix, words in _PURPOSE_PREFIXES.items():
        if purpose.startswith(prefix):
            return str(words) % {"rest": purpose.removeprefix(prefix)}
    return purpose


def word_reads(rows: list) -> list:
    """Give each read-log row of a page its words: ``type_name``, ``scope_text``,
    ``purpose_text``, ``who``."""
    places = _places(r.scope for r in rows)
    for row in rows:
        row.type_name = record_type_name(row.record_type)
        row.scope_text = scope_phrase(row.scope, places)
        row.purpose_text = purpose_phrase(row.purpose, row.record_type)
        row.who = row.user.display_name if row.user_id and row.user else row.username
    return rows


def word_changes(events: list) -> list:
    """The same for the change log's rows (pghistory events): ``who``, ``username``,
    ``type_name``, ``change`` and ``diff`` as (field name, before, after)."""
    User = get_user_model()
    ids = {str((e.pgh_context or {}).get("user") or "") for e in events} - {""}
    users = {str(u.pk): u for u in User.objects.filter(pk__in=ids)}
    for e in events:
        user = users.get(str((e.pgh_context or {}).get("user") or ""))
        e.who = user.display_name if user else ""
        e.username = user.username if user else ""
        e.type_name = model_name(e.pgh_obj_model) or e.pgh_obj_model
        e.change = change_label(e.pgh_label)
        e.diff = [
            (field_name(e.pgh_obj_model, k), k, v[0], v[1]) for k, v in (e.pgh_diff or {}).items()
        ]
    return events
