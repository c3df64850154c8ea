"""`manage.py load_demo`: the demo accounts and a few synthetic cases (after load_reference)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from saphan.orgs.demo import DemoDataError
from saphan.site.demo import ensure_demo_data, format_accounts_table


class Command(BaseCommand):
    help = "Create the demo accounts and synthetic demo cases, or reset their password. Safe to run again."

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            summary = ensure_demo_data()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(format_accounts_table(summary))
        from saphan.orgs.otp import demo_enrol, format_demo_second_factor

        self.stdout.write(format_demo_second_factor(demo_enrol(accounts=summary.accounts)))
        self.stdout.write(
            _("Accounts created: %(accounts)d; cases created: %(cases)d (%(s).1f s).")
            % {
                "accounts": summary.accounts_created,
                "cases": summary.cases_created,
                "s": time.monotonic() - started,
            }
        )
