"""The offline field app: the web-app manifest, the service worker (at /sw.js), the page shown
when a page was never opened online, and the two JSON endpoints the phone's queue sends to
(static/network/field.js). The pages themselves are the volunteer's own (views.mine,
views.visit_record, views.report); the phone keeps only those, encrypted."""

from __future__ import annotations

import hashlib
import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from saphan.orgs import access

from . import forms
from .selectors import member_of
from .services.field_sync import (
    VisitConflict,
    VisitSend,
    report_sync,
    visit_as_sent,
    visit_sync,
)

# What the service worker keeps for the app to open with no signal: code, styles, fonts, icons
# and the offline page. No personal data: the pages with names are kept encrypted (field.js).
PRECACHE_STATIC = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx.org/htmx.min.js",
    "vendor/fontsource-sarabun/sarabun.css",
    "vendor/fontsource-sarabun/files/sarabun-latin-400-normal.woff2",
    "vendor/fontsource-sarabun/files/sarabun-latin-500-normal.woff2",
    "vendor/fontsource-sarabun/files/sarabun-latin-700-normal.woff2",
    "vendor/fontsource-sarabun/files/sarabun-thai-400-normal.woff2",
    "vendor/fontsource-sarabun/files/sarabun-thai-500-normal.woff2",
    "vendor/fontsource-sarabun/files/sarabun-thai-700-normal.woff2",
    "css/saphan.css",
    "js/saphan.js",
    "img/saphan.svg",
    "cases/forms.js",
    "network/area_fields.js",
    "network/field_store.js",
    "network/field.js",
    "network/icons/icon-192.png",
    "network/icons/icon-512.png",
]


def precache_urls() -> list[str]:
    return [staticfiles_storage.url(p) for p in PRECACHE_STATIC] + [reverse("network:offline")]


def precache_static_bytes() -> int:
    """The bytes of the static files the service worker keeps (the offline page comes on top)."""
    total = 0
    for p in PRECACHE_STATIC:
        found = finders.find(p)
        if found:
            with open(found, "rb") as f:
                total += len(f.read())
    return total


def _bundle_version() -> str:
    """Changes whenever a kept file changes, so the service worker takes the new ones."""
    h = hashlib.sha256()
    for p in PRECACHE_STATIC:
        found = finders.find(p)
        if found:
            with open(found, "rb") as f:
                h.update(f.read())
    h.update(render_to_string("network/sw.js", {"precache": "[]", "version": ""}).encode())
    return h.hexdigest()[:16]


@require_GET
def service_worker(request):
    """/sw.js: at the root so that it may control /network/ (registered with that scope)."""
    body = render_to_string(
        "network/sw.js",
        {
            "precache": json.dumps(precache_urls()),
            "version": f"{_bundle_version()}-{get_language()}",
            "store": json.dumps(staticfiles_storage.url("network/field_store.js")),
            "offline": json.dumps(reverse("network:offline")),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    data = {
        "name": _("Saphan: volunteers in the field"),
        "short_name": _("Saphan field"),
        "description": _(
            "Record visits and report concerns, also with no signal; sent when the phone is online."
        ),
        "lang": get_language(),
        "start_url": reverse("network:mine"),
        "scope": reverse("network:home"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#1d5c7a",
        "icons": [
            {
                "src": staticfiles_storage.url(f"network/icons/icon-{n}.png"),
                "sizes": f"{n}x{n}",
                "type": "image/png",
                "purpose": "any",
            }
            for n in (192, 512)
        ]
        + [
            {
                "src": staticfiles_storage.url("network/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            }
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def offline(request):
    """Shown by the service worker for a page this phone was never given."""
    return render(request, "network/offline.html")


def _errors(form) -> dict:
    return {field: [str(m) for m in msgs] for field, msgs in form.errors.items()}


def _key(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        return None


def _bad(message: str, errors: dict | None = None, status: int = 400) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message, "errors": errors or {}}, status=status)


def _validation(e: ValidationError) -> JsonResponse:
    errors = (
        {k: [str(m) for m in v] for k, v in e.message_dict.items()}
        if hasattr(e, "error_dict")
        else {"__all__": [str(m) for m in e.messages]}
    )
    return _bad(_("Please check what you typed."), errors)


@require_POST
@login_required
def visit_send(request, pk):
    user = request.user
    key = _key(request)
    if key is None:
        return _bad(_("The send has no key; open the form again."))
    visit = access.visible_visits(user).filter(pk=pk).first()
    if visit is None or visit.assigned_to_id != user.pk:
        return _bad(_("This visit is no longer yours to record."), status=403)
    form = forms.VisitRecordForm(request.POST)
    if not form.is_valid():
        return _bad(_("Please check what you typed."), _errors(form))
    d = form.cleaned_data
    data = VisitSend(
        done_on=d["done_on"], findings=d["findings"], risk_factors=d["risk_factors"],
        referrals=d["referrals"], awareness_given=d["awareness_given"],
        household_code=d["household_code"],
    )  # fmt: skip
    try:
        answer = visit_sync(
            actor=user, visit=visit, key=key, base_version=request.POST.get("version", ""),
            data=data,
        )  # fmt: skip
    except VisitConflict as c:
        return JsonResponse(
            {
                "ok": False,
                "conflict": True,
                "message": _("This visit changed on the server after you opened it."),
                "server": visit_as_sent(c.visit),
            },
            status=409,
        )
    except PermissionDenied:
        return _bad(_("This visit is no longer yours to record."), status=403)
    except ValidationError as e:
        return _validation(e)
    return _sent(request, answer)


@require_POST
@login_required
def report_send(request):
    from .views import _tip_input

    user = request.user
    if not user.has_perm("network.report_concern"):
        return _bad(_("You cannot report a concern with this account."), status=403)
    key = _key(request)
    if key is None:
        return _bad(_("The send has no key; open the form again."))
    member = member_of(user)
    province = member.province_id if member else user.province_id
    form = forms.NetworkTipForm(request.POST, province=province)
    if not form.is_valid():
        return _bad(_("Please check what you typed."), _errors(form))
    try:
        answer = report_sync(actor=user, key=key, data=_tip_input(form.cleaned_data))
    except PermissionDenied:
        return _bad(_("You cannot report a concern with this account."), status=403)
    except ValidationError as e:
        return _validation(e)
    return _sent(request, answer)


def _sent(request, answer: dict) -> JsonResponse:
    """What a send from the phone gets back: the message, shown once (not again when the send
    was a replay), and the way back to the volunteer's page."""
    if not answer.get("replayed"):
        messages.success(request, answer["message"])
    return JsonResponse(answer | {"redirect": reverse("network:mine")})
