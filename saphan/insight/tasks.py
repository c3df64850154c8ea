"""The dashboards' rollup: a periodic task recomputes the national and regional dashboards
(the heavy pages) for the default period, so that they open from their snapshot."""

from __future__ import annotations

import logging
import time

from django.utils import translation
from procrastinate.contrib.django import app

from saphan.geo.models import Region

from . import selectors

logger = logging.getLogger(__name__)


def refresh_snapshots(*, languages=("th",)) -> dict:
    """Recompute the nation and the four regions for the default period; returns seconds."""
    started = time.monotonic()
    period = selectors.parse_period(None)
    places = [selectors.Place("nation", None, "", None)]
    for region in Region.objects.order_by("order"):
        codes = tuple(region.provinces.order_by("code").values_list("code", flat=True))
        places.append(selectors.Place("region", region.code, "", codes, region.code, ""))
    for language in languages:
        with translation.override(language):
            for place in places:
                named = _named(place)
                selectors.compute_dashboard(named, period, suppress=True)
    return {"places": len(places), "seconds": round(time.monotonic() - started, 2)}


def _named(place: selectors.Place) -> selectors.Place:
    """The place with its name in the active language (the snapshot holds translated labels)."""
    if place.level == "nation":
        return selectors.Place("nation", None, str(selectors._("Whole country")), None)
    region = Region.objects.get(code=place.code)
    return selectors.Place("region", region.code, region.name, place.province_codes,
                           region.code, region.name)  # fmt: skip


@app.periodic(cron="*/10 * * * *", periodic_id="insight_snapshots")
@app.task(queue="default", pass_context=False)
def insight_snapshots(timestamp: int | None = None) -> None:
    result = refresh_snapshots()
    logger.info("insight snapshots: %s places in %s s", result["places"], result["seconds"])
