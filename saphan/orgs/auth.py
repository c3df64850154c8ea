"""Sign-in: Argon2 hashes (settings), lockout after repeated wrong passwords."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import F
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from saphan.core.effects import after_commit

# Accounts known to hold no model permission (Django's, given in the admin: few accounts have
# any). A permission the rules refuse falls through to this backend, which would read the
# account's permissions and its groups' (two queries) on every page that asks one: the answer
# "none" is remembered by this process for NO_PERMISSIONS_SECONDS. Only "none" is remembered,
# so a permission taken away is never seen late; one given shows at once in this process (the
# signals below forget) and within NO_PERMISSIONS_SECONDS in the others.
NO_PERMISSIONS_SECONDS = 60
_NO_PERMISSIONS: dict = {}
_NO_PERMISSIONS_LOCK = threading.Lock()


def forget_accounts_without_permissions(**_kwargs) -> None:
    with _NO_PERMISSIONS_LOCK:
        _NO_PERMISSIONS.clear()


class LockoutModelBackend(ModelBackend):
    """The usual username/password backend, refusing accounts that are locked."""

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super().get_all_permissions(user_obj, obj=obj)
        if hasattr(user_obj, "_perm_cache"):  # asked before in this request
            return user_obj._perm_cache
        now = time.monotonic()
        with _NO_PERMISSIONS_LOCK:
            until = _NO_PERMISSIONS.get(user_obj.pk, 0)
        if until > now:
            user_obj._perm_cache = set()
            return user_obj._perm_cache
        permissions = super().get_all_permissions(user_obj)
        if not permissions:
            with _NO_PERMISSIONS_LOCK:
                if len(_NO_PERMISSIONS) > 50_000:
                    _NO_PERMISSIONS.clear()
                _NO_PERMISSIONS[user_obj.pk] = now + NO_PERMISSIONS_SECONDS
        return permissions

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not user.is_locked

    def get_user(self, user_id):
        """The signed-in account of each request, with its agency and province, which nearly
        every page shows or filters by (one query instead of three)."""
        User = get_user_model()
        user = User._default_manager.select_related("agency", "province").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def record_failed_login(username: str) -> None:
    """Count one wrong password; lock the account when the limit is reached.

    A username without an account is counted and locked the same way (SignInLock), so that
    what the sign-in page answers never tells whether a username exists."""
    from .models import SignInLock

    User = get_user_model()
    if not username:
        return
    username = username[:150]
    qs = User.objects.filter(username=username)
    if not qs.update(failed_login_count=F("failed_login_count") + 1):
        _, made = SignInLock.objects.get_or_create(username=username)
        if made:
            # Names typed once and never again are forgotten after a day.
            SignInLock.objects.filter(updated_at__lt=timezone.now() - timedelta(days=1)).exclude(
                locked_until__gt=timezone.now()
            ).delete()
        qs = SignInLock.objects.filter(username=username)
        qs.update(failed_login_count=F("failed_login_count") + 1)
    limit = settings.SAPHAN_LOCKOUT_ATTEMPTS
    until = timezone.now() + timedelta(minutes=settings.SAPHAN_LOCKOUT_MINUTES)
    # Lock on reaching the limit; the count restarts so the next lock needs the full count again.
    qs.filter(failed_login_count__gte=limit).update(locked_until=until, failed_login_count=0)


def locked_until(username: str):
    """Until when sign-in is locked for this username (an account's or an unknown name's)."""
    from .models import SignInLock

    now = timezone.now()
    User = get_user_model()
    for model in (User, SignInLock):
        row = model.objects.filter(username=username[:150], locked_until__gt=now).first()
        if row is not None:
            return row.locked_until
    return None


def unlock(user) -> None:
    type(user).objects.filter(pk=user.pk).update(locked_until=None, failed_login_count=0)


def _send_password_changed(user_pk) -> None:
    """Tell the owner by e-mail that their password changed (they may not have done it)."""
    import logging

    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None or not user.email:
        return
    with translation.override(user.language or "th"):
        context = {"user": user, "when": timezone.now()}
        subject = render_to_string("registration/password_changed_subject.txt", context)
        body = render_to_string("registration/password_changed_email.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except Exception:  # noqa: BLE001 - the change is saved; a mail server down must not undo it
        logging.getLogger("saphan.orgs").exception("password-changed mail to %s failed", user.pk)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _on_password_changed(sender, instance, created, **kwargs):
    # set_password() keeps the new raw password in _password until save() has finished;
    # make_password() (the demo, factories) and set_unusable_password() do not, and are silent.
    if created or getattr(instance, "_password", None) is None:
        return
    pk = instance.pk
    after_commit(_send_password_changed, pk)


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
