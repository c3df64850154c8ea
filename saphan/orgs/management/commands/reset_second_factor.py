"""`manage.py reset_second_factor USERNAME`: for a person who lost both their phone and their
recovery codes. Their authenticator and recovery codes are removed and every session of theirs
ends; at the next sign-in (password first) they enrol a new authenticator."""

from django.utils.translation import gettext as _

from saphan.orgs.management.account_command import AccountCommand
from saphan.orgs.otp import second_factor_reset


class Command(AccountCommand):
    help = "Remove an account's authenticator and recovery codes; it enrols again at sign-in."

    def act(self, user) -> str:
        second_factor_reset(user=user)
        return _("%(username)s will set up a new authenticator at the next sign-in.") % {
            "username": user.username
        }
