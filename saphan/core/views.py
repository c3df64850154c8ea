from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
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


# --- messages that reach people (messaging.py) --------------------------------------------------
@login_required
def message_preferences(request):
    """Which alerts reach me by e-mail or LINE, and my daily digest; linking my LINE account."""
    from django.contrib import messages as flash
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from . import messaging
    from .forms import MessagePreferenceForm, refusal_on_form

    pref = messaging.preference_of(request.user)
    line = messaging.line_available()
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    if action == "line_code":
        messaging.line_link_code_issue(actor=request.user)
        return redirect("message_preferences")
    if action == "line_unlink":
        messaging.line_unlink(actor=request.user)
        flash.success(request, _("Your LINE account is no longer linked."))
        return redirect("message_preferences")
    initial = {
        "email": pref.email, "email_alerts": pref.email_alerts, "line_alerts": pref.line_alerts,
        "digest_email": pref.digest_email, "digest_line": pref.digest_line,
        "digest_hour": pref.digest_hour,
    }  # fmt: skip
    form = MessagePreferenceForm(request.POST or None, initial=initial, line=line)
    if action == "save" and form.is_valid():
        data = form.cleaned_data
        with refusal_on_form(form):
            messaging.message_preferences_save(
                actor=request.user, email=data["email"], email_alerts=data["email_alerts"],
                line_alerts=data.get("line_alerts", "none"), digest_email=data["digest_email"],
                digest_line=data.get("digest_line", False), digest_hour=data["digest_hour"],
            )  # fmt: skip
            flash.success(request, _("Your message choices are saved."))
            return redirect("message_preferences")
    code_live = bool(
        pref.line_link_code and pref.line_link_expires and pref.line_link_expires > timezone.now()
    )
    return render(
        request,
        "core/message_preferences.html",
        {
            "form": form, "pref": pref, "line": line, "code_live": code_live,
            "line_bot_id": settings.SAPHAN_LINE_BOT_ID,
            "recent": request.user.outgoing_messages.all()[:10],
        },
    )  # fmt: skip


@login_required
def message_failures(request):
    """For administrators: messages not delivered (the worker gave up), with their errors."""
    from django.core.exceptions import PermissionDenied
    from django.core.paginator import Paginator

    from .models import OutgoingMessage

    if not request.user.has_perm("core.view_message_failures"):
        raise PermissionDenied("not an administrator")
    show = request.GET.get("show", "failed")
    qs = OutgoingMessage.objects.select_related("user")
    if show == "failed":
        qs = qs.filter(status=OutgoingMessage.Status.FAILED)
    elif show == "retrying":
        qs = qs.filter(status=OutgoingMessage.Status.QUEUED, attempts__gt=0)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    counts = {
        "failed": OutgoingMessage.objects.filter(status=OutgoingMessage.Status.FAILED).count(),
        "retrying": OutgoingMessage.objects.filter(
            status=OutgoingMessage.Status.QUEUED, attempts__gt=0
        ).count(),
    }
    return render(
        request, "core/message_failures.html", {"page": page, "show": show, "counts": counts}
    )


@require_POST
@login_required
def message_resend(request, pk: int):
    from django.contrib import messages as flash
    from django.shortcuts import get_object_or_404, redirect
    from django.utils.translation import gettext as _

    from . import messaging
    from .models import OutgoingMessage

    if not request.user.has_perm("core.resend_message"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("not an administrator")
    messaging.message_resend(actor=request.user, message=get_object_or_404(OutgoingMessage, pk=pk))
    flash.success(request, _("The message is sent again by the background worker."))
    return redirect("message_failures")


@csrf_exempt
@require_POST
def line_webhook(request):
    """LINE's webhook (set this URL in the LINE Developers console): a text message holding a
    person's link code links their LINE account. The signature is checked with the channel
    secret by line-bot-sdk; anything unsigned is refused."""
    from django.http import HttpResponse, HttpResponseBadRequest
    from linebot.v3 import WebhookParser
    from linebot.v3.exceptions import InvalidSignatureError
    from linebot.v3.webhooks import MessageEvent, TextMessageContent

    from . import messaging

    secret = settings.SAPHAN_LINE_CHANNEL_SECRET
    if not secret:
        return HttpResponse(status=404)
    signature = request.headers.get("X-Line-Signature", "")
    try:
        events = WebhookParser(secret).parse(request.body.decode("utf-8"), signature)
    except (InvalidSignatureError, ValueError, UnicodeDecodeError):
        return HttpResponseBadRequest("bad signature")
    for event in events:
        if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
            user_id = getattr(event.source, "user_id", "") or ""
            messaging.line_link_by_code(line_user_id=user_id, text=event.message.text)
    return HttpResponse("OK")


# --- saved filters (saved_filters.py) --------------------------------------------------------------
@require_POST
@login_required
def saved_filter_save(request):
    """Save the list's present search under a name; back to the list with it applied. A
    refusal (no name) goes back to the same search with the message: nothing typed is lost."""
    from django.contrib import messages as flash
    from django.core.exceptions import ValidationError
    from django.http import Http404
    from django.utils.translation import gettext as _

    from . import saved_filters

    page = request.POST.get("page", "")
    if not saved_filters.registered(page):
        raise Http404("not a list")
    query = saved_filters.clean_query(request.POST.get("query", ""))
    try:
        saved = saved_filters.saved_filter_save(
            actor=request.user, page=page, name=request.POST.get("name", ""), query=query
        )
    except ValidationError as exc:
        for message in exc.messages:
            flash.error(request, message)
        from django.urls import reverse

        return HttpResponseRedirect(reverse(page) + (f"?{query}" if query else ""))
    flash.success(request, _("Search saved as “%(name)s”.") % {"name": saved.name})
    return HttpResponseRedirect(saved_filters.list_url(saved))


@require_POST
@login_required
def saved_filter_delete(request, pk: int):
    from django.contrib import messages as flash
    from django.shortcuts import get_object_or_404
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from . import saved_filters
    from .models import SavedFilter

    # another person's saved filter is not found, as if it did not exist
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    page = saved.page
    saved_filters.saved_filter_delete(actor=request.user, saved=saved)
    flash.success(request, _("Saved search deleted."))
    return HttpResponseRedirect(reverse(page))
