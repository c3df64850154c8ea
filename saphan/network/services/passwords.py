"""A volunteer imported from a file has no password. Their coordinator gives them a one-time
link (printed or sent by message) on which they choose their own: no one types a password for
someone else. The link carries Django's password-reset token under this app's own salt: it
expires after SAPHAN_SET_PASSWORD_DAYS days and stops working once a password is set or the
volunteer signs in (the token is bound to the password hash and the last sign-in)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from saphan.orgs.access import require
from saphan.orgs.services_accounts import has_chosen_password, is_network_account

from ..models import NetworkMember

if TYPE_CHECKING:
    from saphan.orgs.models import User


class SetPasswordTokens(PasswordResetTokenGenerator):
    key_salt = "saphan.network.SetPasswordTokens"

    def __init__(self):
        super().__init__()
        self.timeout = settings.SAPHAN_SET_PASSWORD_DAYS * 24 * 3600

    def check_token(self, user: User, token: str) -> bool:
        """Django's check with this link's own lifetime (the parent reads PASSWORD_RESET_TIMEOUT,
        the staff's password-reset setting)."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return self._num_seconds(self._now()) - ts <= self.timeout


tokens = SetPasswordTokens()


@dataclass(frozen=True)
class SetPasswordLink:
    path: str
    expires_on: dt.date


def set_password_link(*, actor: User, member: NetworkMember) -> SetPasswordLink:
    """A one-time link for the member to choose their own password."""
    require(actor, "network.issue_password_link", member)
    user = member.user
    if not user.is_active:
        raise PermissionDenied("inactive")
    if not is_network_account(user, province_id=member.province_id):
        # A staff, national or other province's account is never reached through a member row.
        raise PermissionDenied("not a volunteer or youth-council account of this province")
    if has_chosen_password(user):
        # No silent reset: the password is the member's own. A forgotten one is reset by the
        # member (the sign-in page's "forgot your password" link, by e-mail).
        raise ValidationError(
            _(
                "%(name)s has already chosen a password: no new link is made. If they forgot it, "
                "they use “Forgot your password?” on the sign-in page."
            )
            % {"name": user.get_full_name() or user.username}
        )
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("network:set_password", args=[uid, tokens.make_token(user)])
    expires = timezone.localdate() + dt.timedelta(days=settings.SAPHAN_SET_PASSWORD_DAYS)
    return SetPasswordLink(path=path, expires_on=expires)


def user_for_link(uidb64: str, token: str) -> User | None:
    """The member whose link this is, or None when it is unknown, used or expired."""
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, ValidationError, User.DoesNotExist):
        return None  # ValidationError: an id that is not a UUID
    member = NetworkMember.objects.filter(user=user).first()
    if (
        member is None
        or not is_network_account(user, province_id=member.province_id)
        or has_chosen_password(user)
    ):
        return None
    return user if tokens.check_token(user, token) else None
