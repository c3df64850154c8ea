"""Stored files streamed to the one person allowed to read them (a case document, a report's
evidence, a person's photo): never served from a public /media URL, never cached, never sniffed
into another type than the checked one."""

from __future__ import annotations

from django.http import FileResponse


def private_file(handle, *, content_type: str, filename: str = "") -> FileResponse:
    """The open file ``handle`` as the response: a download named ``filename`` when one is given,
    else shown in the page."""
    response = FileResponse(
        handle, as_attachment=bool(filename), filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
