"""The second factor: a 6-digit code from an authenticator app (TOTP, RFC 6238) or one of ten
one-time recovery codes, with django-otp.

Who must pass it is decided here and only here (``requires_second_factor``), from what
access.py lets each role see: every role that may hold case rows (access.CASE_ROLES: case
workers, shelter staff, MDT members and supervisors see identities by their own scope or by an
access row; a central officer's need-to-know grant may carry identity too), the regional
officers and central officers who see the aggregates, the auditors who read who saw whom, the
system administrator, and any account that may open Django's admin. Knowledge managers,
volunteers and youth-council members sign in with their password alone.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from pathlib import Path

import django_otp
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from saphan.core.kept import kept_secret

from . import access
from .roles import Role

log = logging.getLogger(__name__)

SECOND_FACTOR_ROLES = frozenset(access.CASE_ROLES) | {
    Role.REGIONAL_OFFICER,
    Role.SYSTEM_ADMIN,
    Role.AUDITOR,
}
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"
DEMO_DEVICE_NAME = "demo"
DEMO_TOTP_SEED_ENV = "SAPHAN_DEMO_TOTP_SEED"


def requires_second_factor(user) -> bool:
    """Whether this account must give a code from its authenticator after its password."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_staff or user.has_role(*SECOND_FACTOR_ROLES))


def totp_device(user) -> TOTPDevice | None:
    """The account's confirmed authenticator, if it has enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(*, user) -> TOTPDevice:
    """The not yet confirmed authenticator shown while enrolling: the same secret on every
    reload of the page, so a code from an app that already scanned it still works."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def base32_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed: base32, no padding."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def grouped(secret: str, size: int = 4) -> str:
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no script, no external image)."""
    import segno

    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=_("QR code for your authenticator app")
    )


def normalised(token: str) -> str:
    return "".join(ch for ch in (token or "") if ch.isalnum()).lower()


def format_recovery_code(code: str) -> str:
    """A recovery code (8 letters and digits of base32, 40 random bits) as shown: abcd-efgh."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


@transaction.atomic
def enrolment_confirm(*, actor, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator being enrolled with a code it shows; the account's recovery
    codes are made anew. Returns the recovery codes to show once, or None for a wrong code."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=actor)
    code = normalised(token)
    if not (code.isdigit() and len(code) == device.digits and device.verify_token(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    log.info("second factor enrolled: %s", actor.username)
    return recovery_codes_renew(actor=actor)


@transaction.atomic
def recovery_codes_renew(*, actor) -> list[str]:
    """Ten new one-time recovery codes; the old ones stop working. Only their holder sees them."""
    device, _created = StaticDevice.objects.get_or_create(
        user=actor, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    log.info("recovery codes renewed: %s", actor.username)
    return [format_recovery_code(c) for c in codes]


@transaction.atomic
def second_factor_reset(*, user) -> None:
    """Remove the account's authenticator and recovery codes and end its sessions (an
    administrator's answer to a lost phone): the next sign-in enrols a new authenticator."""
    from django.contrib.sessions.models import Session

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    key = str(user.pk)
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            session.delete()
    log.info("second factor reset: %s", user.username)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@dataclass(frozen=True)
class Verification:
    device: object | None  # the device that accepted the code
    throttled: bool = False  # too many wrong codes in a row: wait before the next try


def verify(*, user, token: str) -> Verification:
    """Check a 6-digit authenticator code, or a recovery code (used up when it matches)."""
    code = normalised(token)
    if code.isdigit() and len(code) == 6:
        device = totp_device(user)
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not code:
        return Verification(None)
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        return Verification(None, throttled=True)
    return Verification(django_otp.verify_token(user, device.persistent_id, code))


def second_factor_passed(request, device) -> None:
    """This session has given its second factor: remember it, and start the count of wrong
    passwords and codes again."""
    request.session.cycle_key()
    django_otp.login(request, device)
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=request.user.pk).update(
        failed_login_count=0, locked_until=None
    )


def is_verified(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and getattr(user, "otp_device", None) is not None)


# --- the demo ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoSecondFactor:
    username: str
    secret: str  # base32, as typed into an authenticator app
    uri: str  # otpauth://, as a QR code holds it


def demo_totp_seed_file() -> Path:
    return settings.DATA_DIR / "demo-totp-seed.txt"


def demo_totp_seed() -> str:
    """Where every demo account's authenticator secret comes from: ``SAPHAN_DEMO_TOTP_SEED``,
    or one generated on first use and kept (owner-readable) under the data dir, so a restart of
    the demo keeps the secrets that were added to an app."""
    return kept_secret(env=DEMO_TOTP_SEED_ENV, path=demo_totp_seed_file(), nbytes=24)


def demo_totp_key(*, seed: str, username: str) -> str:
    """A demo account's TOTP key (hex, 20 bytes), derived from the seed and the username."""
    return hmac.new(
        seed.encode(), f"saphan-demo-totp:{username}".encode(), hashlib.sha1
    ).hexdigest()


def totp_code(*, key_hex: str, at: float, step: int = 30) -> str:
    """The 6-digit code an authenticator app shows at the time ``at`` (what a person types)."""
    totp = TOTP(unhexlify(key_hex), step=step)
    totp.time = at
    return f"{totp.token():06d}"


@transaction.atomic
def demo_enrol(*, accounts, seed: str | None = None) -> list[DemoSecondFactor]:
    """Enrol the demo accounts that need a second factor with an authenticator whose secret
    derives from the demo seed (like their shared password, reset on every start), so the demo
    needs no phone to try: the secrets and otpauth addresses are printed with the passwords."""
    seed = seed or demo_totp_seed()
    enrolled = []
    for user in accounts:
        if not (user.is_demo and requires_second_factor(user)):
            continue
        key = demo_totp_key(seed=seed, username=user.username)
        device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).first()
        if device is None or device.key != key or not device.confirmed:
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(
                user=user, name=DEMO_DEVICE_NAME, key=key, confirmed=True
            )
        else:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        enrolled.append(DemoSecondFactor(user.username, base32_secret(device), device.config_url))
    return enrolled


def format_demo_second_factor(enrolled: list[DemoSecondFactor]) -> str:
    """What `make run` prints after the demo passwords: how to pass the second factor."""
    if not enrolled:
        return ""
    if os.environ.get(DEMO_TOTP_SEED_ENV):
        where = _("from %(variable)s") % {"variable": DEMO_TOTP_SEED_ENV}
    else:
        where = _("kept in %(path)s") % {"path": demo_totp_seed_file()}
    width = max(len(e.username) for e in enrolled)
    lines = [
        _(
            "Second factor (%(where)s): after the password these accounts ask for the 6-digit "
            "code of an authenticator app (Google Authenticator, Microsoft Authenticator, "
            "FreeOTP, or `oathtool --totp -b SECRET`). Add the secret to the app by hand, or "
            "open the otpauth address:"
        )
        % {"where": where}
    ]
    for e in enrolled:
        lines.append(f"  {e.username.ljust(width)}  {grouped(e.secret)}  {e.uri}")
    lines.append(
        _("Or print the current code of a demo account: manage.py demo_totp_code USERNAME")
    )
    return "\n".join(lines)
