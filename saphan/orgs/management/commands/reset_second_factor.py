"""`manage.py reset_second_factor USERNAME`: for a person who lost both their phone and their
recovery codes. Their authenticator and recovery codes are removed and every session of theirs
ends; at the next sign-in (password first) they enrol a new authenticator."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from saphan.orgs.otp import second_factor_reset


class Command(BaseCommand):
    help = "Remove an account's authenticator and recovery codes; it enrols again at sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **opts):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No account named %(username)s.") % {"username": username})
        second_factor_reset(user=user)
        self.stdout.write(
            _("%(username)s will set up a new authenticator at the next sign-in.")
            % {"username": username}
        )
