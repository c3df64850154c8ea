"""The pages of an import the background worker runs (importing.py): the form that sends the file
and the run's progress that follows it. Each app's view says who may, which service starts its
import and which template shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.shortcuts import redirect, render

from .selectors import import_runs_recent

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest, HttpResponse

    from .models import ImportRun


def sent_file(form: forms.Form) -> dict:
    """What an import's ``…_import_start`` service takes of a valid import form (its ``file``
    and its ``submission_key``)."""
    upload = form.cleaned_data["file"]
    return {
        "file_name": upload.name,
        "data": upload.read(),
        "key": form.cleaned_data["submission_key"],
    }


def import_form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    start: Callable[[forms.Form], ImportRun],
    kind: str,
    template: str,
    run_page: str,
) -> HttpResponse:
    """A valid POST is handed to ``start(form)``, which keeps the file and queues the run, then
    the run's page (``run_page``, a URL name) follows it; otherwise the form again, with the
    actor's last imports of ``kind``."""
    if request.method == "POST" and form.is_valid():
        run = start(form)
        return redirect(run_page, pk=run.pk)
    recent = import_runs_recent(actor=request.user, kind=kind)
    return render(request, template, {"form": form, "recent": recent})


def import_run_progress(request: HttpRequest, run: ImportRun, **context) -> HttpResponse:
    """The run's progress block alone, as the page asks for it again every second (htmx);
    ``context``: where to go once it is done, if the page says."""
    return render(
        request, "includes/import_run.html", {"run": run, "poll_url": request.path, **context}
    )
