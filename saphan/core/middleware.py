"""Request checks that hold for every page."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

BAD_REQUEST = _("The request is not valid.")


def _refuse(request):
    """The 400 page; for the partner API (``/api/v1/``), RFC 9457 problem details instead."""
    if not request.path.startswith("/api/v1/"):
        return render(request, "400.html", status=400)
    messages = {}
    for lang in ("th", "en"):
        with translation.override(lang):
            messages[lang] = str(BAD_REQUEST)
    body = {
        "type": "https://saphan.example/problems/bad-request",
        "title": str(BAD_REQUEST),
        "status": 400,
        "messages": messages,
        "detail": "NUL",
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=400,
        content_type="application/problem+json; charset=utf-8",
    )


class NulInQueryMiddleware:
    """A NUL character in the address, in its path (``/cases/%00/``) or its query
    (``?q=%00``), is refused with a 400 page in the user's language. Nobody types one,
    PostgreSQL cannot take one in a text value, and a lookup, filter or search that passed it on
    would end in a server error. Forms are not concerned: their text fields refuse NUL with a
    message next to the field, and the entries are kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in request.path_info:
            return _refuse(request)
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            return _refuse(request)
        return self.get_response(request)


class PrivacyHeadersMiddleware:
    """Headers for every response: the Permissions-Policy (settings.SAPHAN_PERMISSIONS_POLICY),
    and ``Cache-Control: no-store`` on everything answered to a signed-in user — pages,
    fragments and downloads alike may hold a victim's name, so no browser or proxy keeps a copy
    (static files are answered before this by whitenoise and stay cacheable)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.SAPHAN_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if "Cache-Control" in response:
                del response["Cache-Control"]
            add_never_cache_headers(response)
        return response
