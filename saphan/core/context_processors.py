from django.conf import settings

from .selectors import unread_alert_count


def saphan(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "SAPHAN_DEMO": settings.SAPHAN_DEMO,
        "unread_alerts": unread_alert_count(actor=user) if signed_in else 0,
    }
