from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .models import WorkerHeartbeat


@never_cache
def livez(request):
    """Liveness: the web process answers (nothing else is asked, not even the database). A
    process manager restarts a worker that stops answering this; /healthz says whether it can
    serve. The load bench also uses it as the ceiling of the machine: a view that does nothing."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def healthz(request):
    """Liveness for load balancers and people: 200 when the database answers, else 503."""
    body = {"database": "ok", "embedded": getattr(settings, "EMBEDDED_DATABASE", False)}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except Exception as exc:  # any failure to reach the database is an outage
        body["database"] = "down"
        body["error"] = exc.__class__.__name__
        return JsonResponse(body, status=503)
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    if last is None:
        body["worker"] = "unknown"
    else:
        body["worker"] = "ok" if (timezone.now() - last).total_seconds() < 180 else "stale"
        body["worker_seen_at"] = last.isoformat()
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@require_POST
def set_language(request):
    """Switch th ⇄ en; remembered on the user's account and in a cookie."""
    lang = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if lang in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            get_user_model().objects.filter(pk=request.user.pk).update(language=lang)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        translation.activate(lang)
    return response


@login_required
def alerts(request):
    """The signed-in user's alerts; opening the page marks them read."""
    from django.core.paginator import Paginator

    from .selectors import alert_list
    from .services import alerts_mark_read

    page = Paginator(alert_list(actor=request.user), 50).get_page(request.GET.get("page"))
    response = render(request, "core/alerts.html", {"page": page})
    alerts_mark_read(actor=request.user, ids=[a.pk for a in page.object_list])
    return response
