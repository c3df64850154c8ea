"""The bridge to the live indicators of the insight app.

A computed indicator's value is asked of the insight app's indicators under its ``insight_key``;
nobody types it. Insight offers them through ``saphan.cases.plugins.register_case_figures`` (plans
and insight stand side by side and never import each other), so that a key the insight app does
not (yet) know yields "not available" rather than a broken page.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

log = logging.getLogger(__name__)


def _module():
    from saphan.cases.plugins import case_figures

    return case_figures()


def known_keys() -> set[str]:
    module = _module()
    return set(getattr(module, "INDICATORS", {}) or {}) if module else set()


def compute(key: str, *, start: dt.date, end: dt.date, province_code: str) -> Decimal | None:
    """The value of ``key`` for one province over [start, end], or None when not available."""
    module = _module()
    if module is None or key not in (getattr(module, "INDICATORS", {}) or {}):
        return None
    value = module.compute(key, start=start, end=end, province_codes=[province_code])
    if value is None:
        return None
    return Decimal(str(round(float(value), 2)))


def choices() -> list[tuple[str, str]]:
    """(key, label) of every case-data figure a computed indicator may count."""
    module = _module()
    found = getattr(module, "INDICATORS", {}) or {} if module else {}
    return [(key, str(getattr(ind, "label", key))) for key, ind in found.items()]
