import time

from django.conf import settings
from django.utils import translation

SESSION_SEEN_KEY = "_saphan_seen"


class SessionIdleMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE) counts from the last request, but the session row
    is written at most once per SESSION_REFRESH_SECONDS instead of on every request: a write
    and a commit that waits for the disk cost a list page a fifth of its time. A session may so
    end up to that many seconds before a full idle period has passed, never later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            seen = session.get(SESSION_SEEN_KEY, 0)
            if not session.modified and now - seen >= settings.SESSION_REFRESH_SECONDS:
                session[SESSION_SEEN_KEY] = now
        return response


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser's (it is remembered per user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class AccessMemoMiddleware:
    """A GET or HEAD request remembers the answers of orgs.access (may this actor see this
    case?) and the clock table until it ends: a case page asks the same questions a dozen
    times (saphan/core/request_memo.py). A request that
    may write (POST and the rest) asks the database every time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        from saphan.core.request_memo import remembered_for_request

        with remembered_for_request():
            return self.get_response(request)


class SecondFactorMiddleware:
    """An account that needs a second factor (saphan/orgs/otp.py) reaches nothing but the
    sign-in, enrolment, code, sign-out and language pages, static files and /healthz until this
    session has given its code. Needs django_otp's OTPMiddleware before it."""

    OPEN_URL_NAMES = ("login", "logout", "otp_verify", "otp_setup", "set_language", "healthz")

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: frozenset[str] | None = None

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            from django.urls import reverse

            self._open_paths = frozenset(reverse(name) for name in self.OPEN_URL_NAMES)
        return path in self._open_paths or path.startswith(settings.STATIC_URL)

    def __call__(self, request):
        from .otp import is_verified, requires_second_factor

        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or is_verified(request)
            or not requires_second_factor(user)
        ):
            return self.get_response(request)
        if self._is_open(request.path_info):
            # The pages show no menu of what cannot be reached yet (templates/includes/navbar).
            request.second_factor_pending = True
            return self.get_response(request)
        from django.http import HttpResponse, HttpResponseRedirect
        from django.urls import reverse
        from django.utils.http import urlencode

        target = reverse("otp_verify")
        htmx = request.headers.get("HX-Request") == "true"
        if request.method == "GET" and not htmx:
            target += "?" + urlencode({"next": request.get_full_path()})
        if htmx:
            # An htmx request would swap the code page into a part of the page: go there whole.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
