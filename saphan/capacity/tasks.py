"""Background work of training: an import of training records, its progress on its ImportRun."""

from __future__ import annotations

from procrastinate.contrib.django import app


@app.task(queue="default", pass_context=False)
def completions_import_run(run_id: str) -> None:
    from saphan.core.importing import import_run_execute

    from .importing import completions_import, imported_summary

    import_run_execute(run_id, importer=completions_import, summary=imported_summary)
