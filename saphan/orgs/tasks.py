"""Background work of the accounts: a province's staff imported from a spreadsheet (its progress
on its ImportRun)."""

from __future__ import annotations

from procrastinate.contrib.django import app


@app.task(queue="default", pass_context=False)
def staff_import_run(run_id: str) -> None:
    """A staff import sent from the account pages by an administrator."""
    from saphan.core.importing import import_run_execute

    from .importing_accounts import staff_import, staff_summary

    import_run_execute(run_id, importer=staff_import, summary=staff_summary)
