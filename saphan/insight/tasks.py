"""The worker keeps the fact table current: every minute it rebuilds the facts of the cases
whose records changed (facts.sync), so that a burst of changes rarely waits for a reader (every
read of the indicators syncs first anyway)."""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

from . import facts

logger = logging.getLogger(__name__)


@app.periodic(cron="* * * * *", periodic_id="insight_facts")
@app.task(queue="default", pass_context=False)
def insight_facts(timestamp: int | None = None) -> None:
    result = facts.sync()
    if result["cases"] != 0:
        logger.info("insight facts: %s", result)
