from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from saphan.orgs.auth import unlock


class Command(BaseCommand):
    help = "Unlock an account locked after too many wrong passwords."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **opts):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No account named %(username)s.") % {"username": username})
        unlock(user)
        self.stdout.write(_("%(username)s is unlocked.") % {"username": username})
