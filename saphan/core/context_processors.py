from django.conf import settings

from .navigation import navigation_for


def saphan(request):
    user = getattr(request, "user", None)
    return {
        "SAPHAN_DEMO": settings.SAPHAN_DEMO,
        "nav_items": navigation_for(user) if user is not None else [],
    }
