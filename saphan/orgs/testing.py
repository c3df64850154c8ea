"""Test help for the second factor: what a person does after the password, done for a test
client that signed in with ``force_login`` or ``login`` (root conftest.py wires it in).

The account gets a real authenticator (a confirmed TOTP device) if it has none, and the code
for the current half-minute is computed from its secret and checked by django-otp exactly as
the code page checks a typed one. A code is accepted once (django-otp refuses replays); this
uses the code of now or of the next half-minute, so a third sign-in of the same account within
one half-minute uses one of its recovery codes, also checked for real.
"""

from __future__ import annotations

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import otp


def pass_second_factor(client, user) -> None:
    """Give the second factor in ``client``'s session, when ``user`` needs one."""
    if not otp.requires_second_factor(user):
        return
    device = otp.totp_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    now_t = int(time.time()) // device.step
    # Now or the next step: both stay inside the window (one step either side) even if the
    # half-minute turns before the code is checked.
    step = max(now_t, device.last_t + 1)
    if step <= now_t + 1:
        token = otp.totp_code(key_hex=device.key, at=step * device.step)
    else:
        recovery, _created = StaticDevice.objects.get_or_create(
            user=user, name=otp.RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        token = StaticToken.random_token()
        StaticToken.objects.create(device=recovery, token=token)
    result = otp.verify(user=user, token=token)
    assert result.device is not None, f"the second factor of {user.username} was refused"
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = result.device.persistent_id
    session.save()


def install(client_class) -> None:
    """Make ``client_class.login``/``force_login`` go through the second factor too. A client
    whose ``second_factor`` attribute is False stops after the password (to test the guard)."""
    original = client_class._login
    if getattr(original, "with_second_factor", False):
        return

    def _login(self, user, backend=None):
        original(self, user, backend)
        if getattr(self, "second_factor", True):
            pass_second_factor(self, user)

    _login.with_second_factor = True
    client_class._login = _login
