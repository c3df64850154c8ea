"""Background work of the network: the household survey import and the members import (their
progress kept on their rows)."""

from __future__ import annotations

from procrastinate.contrib.django import app


@app.task(queue="default", pass_context=False)
def household_import_run(import_id: str) -> None:
    from .households.services import household_import_execute

    household_import_execute(import_id)


@app.task(queue="default", pass_context=False)
def members_import_run(run_id: str) -> None:
    """A members' import sent from the members page (its progress on its ImportRun)."""
    from saphan.core.importing import import_run_execute

    from .services.members import members_import, members_summary

    import_run_execute(run_id, importer=members_import, summary=members_summary)
