"""Background work of the network: the household survey import (progress kept on its row)."""

from __future__ import annotations

from procrastinate.contrib.django import app


@app.task(queue="default", pass_context=False)
def household_import_run(import_id: str) -> None:
    from .households.services import household_import_execute

    household_import_execute(import_id)
