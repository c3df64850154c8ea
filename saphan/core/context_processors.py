from django.conf import settings

from .navigation import navigation_for
from .selectors import unread_alert_count


def saphan(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "SAPHAN_DEMO": settings.SAPHAN_DEMO,
        "nav_items": navigation_for(user) if user is not None else [],
        "unread_alerts": unread_alert_count(actor=user) if signed_in else 0,
    }
