"""What the export commands share: the --user option and the refusal."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from saphan.insight.exports import PERM


def exporting_user(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user %(username)s.") % {"username": username})
    if not user.has_perm(PERM):
        raise CommandError(
            _(
                "%(username)s may not export national data: exports are for central officers "
                "with national jurisdiction."
            )
            % {"username": username}
        )
    return user
