from django.db.models import QuerySet

from .models import Alert


def alert_list(*, actor) -> QuerySet[Alert]:
    return Alert.objects.filter(user=actor)


def unread_alert_count(*, actor) -> int:
    return Alert.objects.filter(user=actor, read_at__isnull=True).count()
