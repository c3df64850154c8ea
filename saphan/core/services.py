from django.utils import timezone

from .models import Alert


def alerts_mark_read(*, actor, ids: list[int] | None = None) -> int:
    """Mark the actor's own alerts read (all, or those given); nobody marks another's alerts."""
    qs = Alert.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
