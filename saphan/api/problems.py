"""Errors as RFC 9457 problem details (application/problem+json), in Thai and in English.

``title`` and ``detail`` follow the request's language (Accept-Language; Thai by default);
``messages`` carries the title in both, so a partner's system can show either."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

PROBLEM_BASE = "https://saphan.example/problems/"  # a name, not a page that is fetched

TITLES = {
    400: ("bad-request", _("The request is not valid.")),
    401: ("unauthenticated", _("A valid API token is needed.")),
    403: ("forbidden", _("This account may not do this.")),
    404: ("not-found", _("Not found, or not visible to this account.")),
    405: ("method-not-allowed", _("This method is not allowed here.")),
    409: ("conflict", _("The record changed or the request is already being processed.")),
    413: ("too-large", _("The request is too large.")),
    422: ("invalid", _("The data was not accepted.")),
    429: ("rate-limited", _("Too many requests: slow down and try again.")),
    500: ("server-error", _("Something went wrong on the server.")),
}


def _both(text) -> dict[str, str]:
    out = {}
    for lang in ("th", "en"):
        with translation.override(lang):
            out[lang] = str(text)
    return out


def problem(
    status: int,
    *,
    detail=None,
    title=None,
    errors: list[dict] | None = None,
    headers: dict | None = None,
    **extra,
) -> HttpResponse:
    slug, default_title = TITLES.get(status, TITLES[400 if status < 500 else 500])
    title = title or default_title
    body = {
        "type": PROBLEM_BASE + slug,
        "title": str(title),
        "status": status,
        "messages": _both(title),
    }
    if detail is not None:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/problem+json; charset=utf-8",
    )
    for k, v in (headers or {}).items():
        response[k] = v
    return response


def validation_errors(exc) -> list[dict]:
    """A Django ValidationError as a list of {field, message} in the request's language."""
    if hasattr(exc, "message_dict"):
        return [
            {"field": "" if field == "__all__" else field, "message": str(m)}
            for field, messages in exc.message_dict.items()
            for m in messages
        ]
    return [{"field": "", "message": str(m)} for m in exc.messages]
