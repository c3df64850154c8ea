"""`manage.py demo_totp_code USERNAME`: the 6-digit code a demo account's authenticator shows
now, for trying the demo without a phone. Refused for any account that is not a demo account."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from saphan.orgs import otp
from saphan.orgs.models import User


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account (demo accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username, is_demo=True).first()
        device = otp.totp_device(user) if user else None
        if device is None or device.name != otp.DEMO_DEVICE_NAME:
            raise CommandError(
                _("%(username)s is not a demo account with a demo authenticator.")
                % {"username": username}
            )
        now = time.time()
        left = device.step - int(now) % device.step
        self.stdout.write(
            _("%(code)s (for %(username)s; changes in %(s)d s)")
            % {"code": otp.totp_code(key_hex=device.key, at=now), "username": username, "s": left}
        )
