"""Stored files streamed to the one person allowed to read them (a case document, a report's
evidence, a person's photo): never served from a public /media URL, never cached, never sniffed
into another type than the checked one. And the files a page makes on the spot (a report, a
template to fill in) as downloads."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from .spreadsheets import CONTENT_TYPES, XLSX


def private_file(handle, *, content_type: str, filename: str = "") -> FileResponse:
    """The open file ``handle`` as the response: a download named ``filename`` when one is given,
    else shown in the page."""
    response = FileResponse(
        handle, as_attachment=bool(filename), filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment(
    data: bytes, *, filename: str, content_type: str = CONTENT_TYPES[XLSX], no_store: bool = False
) -> HttpResponse:
    """``data`` as a download named ``filename`` (an Excel workbook unless said otherwise);
    ``no_store`` for a file made from records that no cache should keep."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    if no_store:
        response["Cache-Control"] = "private, no-store"
    return response
