"""The shape of a command run on one account, named by its username."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class AccountCommand(BaseCommand):
    """``manage.py <command> USERNAME``: ``act`` on the account, then print what it says."""

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **opts):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No account named %(username)s.") % {"username": username})
        self.stdout.write(self.act(user))

    def act(self, user) -> str:
        raise NotImplementedError
