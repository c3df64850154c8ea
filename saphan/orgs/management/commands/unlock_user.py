from django.utils.translation import gettext as _

from saphan.orgs.auth import unlock
from saphan.orgs.management.account_command import AccountCommand


class Command(AccountCommand):
    help = "Unlock an account locked after too many wrong passwords."

    def act(self, user) -> str:
        unlock(user)
        return _("%(username)s is unlocked.") % {"username": user.username}
