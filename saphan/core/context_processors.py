from django.conf import settings

from .selectors import unread_alert_count


def once_per_request(request, key: str, build):
    """A context processor's values, computed once per request: the case page renders its
    panels as templates of their own, and each render would otherwise ask again."""
    memo = request.__dict__.setdefault("_saphan_context", {})
    if key not in memo:
        memo[key] = build()
    return memo[key]


def saphan(request):
    def build():
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        return {
            "SAPHAN_DEMO": settings.SAPHAN_DEMO,
            "unread_alerts": unread_alert_count(actor=user) if signed_in else 0,
        }

    return once_per_request(request, "saphan", build)
