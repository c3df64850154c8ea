"""Sign-in: Argon2 hashes (settings), lockout after repeated wrong passwords."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone


class LockoutModelBackend(ModelBackend):
    """The usual username/password backend, refusing accounts that are locked."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not user.is_locked


def record_failed_login(username: str) -> None:
    """Count one wrong password; lock the account when the limit is reached."""
    User = get_user_model()
    if not username:
        return
    qs = User.objects.filter(username=username)
    qs.update(failed_login_count=F("failed_login_count") + 1)
    limit = settings.SAPHAN_LOCKOUT_ATTEMPTS
    until = timezone.now() + timedelta(minutes=settings.SAPHAN_LOCKOUT_MINUTES)
    # Lock on reaching the limit; the count restarts so the next lock needs the full count again.
    qs.filter(failed_login_count__gte=limit).update(locked_until=until, failed_login_count=0)


def unlock(user) -> None:
    type(user).objects.filter(pk=user.pk).update(locked_until=None, failed_login_count=0)


@receiver(user_login_failed)
def _on_failed(sender, credentials, request=None, **kwargs):
    record_failed_login(credentials.get("username", ""))


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    from .otp import requires_second_factor

    if requires_second_factor(user):
        # The count of wrong passwords and codes starts again only once the code is given
        # (otp.second_factor_passed): the right password must not wipe out wrong codes.
        if user.locked_until:  # a lock that has run out (a live one refuses the password)
            type(user).objects.filter(pk=user.pk).update(locked_until=None)
    elif user.failed_login_count or user.locked_until:
        type(user).objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    if user.language and request is not None:
        request.session["_language"] = user.language
