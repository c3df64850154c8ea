"""How the apps that stand on the protection process plug into it, without cases naming them.

Each such app keeps its registrations in its own ``case_plugins.py``; ``CasesConfig.ready``
imports every installed app's ``case_plugins`` with ``autodiscover_modules``. What can be
registered:

- a panel on the case page: ``register_case_panel(render)``, where ``render(*, request, case)``
  returns the panel's HTML or None (panels show in the order the apps are installed);
- timeline lines for the app's own event kinds: ``register_timeline_templates``;
- the check of a screening interviewer's qualification: ``register_screening_check``;
- the figures counted from case data (insight's indicators), for the apps beside it that show
  them (plans' computed indicators): ``register_case_figures``.
"""

from __future__ import annotations

from collections.abc import Callable

from . import timeline

_PANELS: list[Callable] = []


def register_case_panel(render: Callable) -> None:
    if render not in _PANELS:
        _PANELS.append(render)


def case_panels(*, request, case) -> list[str]:
    """The registered panels' HTML for this case page (a panel with nothing to show is left
    out)."""
    return [html for render in _PANELS if (html := render(request=request, case=case))]


def register_timeline_templates(templates: dict, *, labels: dict | None = None) -> None:
    """Lines of the case timeline for an app's own event kinds (``kind -> lazy text with
    %(key)s``), and how to show the values of new data keys (``key -> choices enum``; a key
    cases already shows keeps its own)."""
    timeline.TEMPLATES.update(templates)
    for key, enum in (labels or {}).items():
        timeline._LABELS.setdefault(key, enum)


# --- the screening interviewer's qualification ---------------------------------------------
_SCREENING: dict[str, Callable] = {}


def register_screening_check(*, check: Callable, unqualified: Callable) -> None:
    """``check(*, actor, interviewed_at, reason) -> str`` gives the reason to keep ("" when
    the interviewer was qualified) or raises ValidationError; ``unqualified(user)`` gives the
    lapsed or missing qualification to show on the form (None when qualified)."""
    _SCREENING.update(check=check, unqualified=unqualified)


def screening_qualification_check(*, actor, interviewed_at, reason: str) -> str:
    check = _SCREENING.get("check")
    return check(actor=actor, interviewed_at=interviewed_at, reason=reason) if check else ""


def screening_unqualified(user):
    unqualified = _SCREENING.get("unqualified")
    return unqualified(user) if unqualified else None


# --- figures counted from case data ------------------------------------------------------------
_FIGURES: list = []


def register_case_figures(source) -> None:
    """``source`` has ``INDICATORS`` ({key: indicator with a ``label``}) and
    ``compute(key, *, start, end, province_codes)``: the app that counts case data offers its
    figures to the apps beside it, which never import it."""
    _FIGURES[:] = [source]


def case_figures():
    """The registered source of case-data figures, or None when no app offers them."""
    return _FIGURES[0] if _FIGURES else None
