"""manage.py audit_verify: walk the whole read log's hash chain; exit 1 when it is broken."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from saphan.audit.services import check_chain


class Command(BaseCommand):
    help = (
        "Verify the read-access log's hash chain from its first row; name the first broken "
        "row and why, and exit with status 1 when the chain is broken."
    )

    def handle(self, *args, **opts):
        result = check_chain()
        if result.intact:
            self.stdout.write(
                _("The read log's chain holds: %(rows)d rows checked.") % {"rows": result.rows}
            )
            return
        why = (
            _("its content does not match its hash (the row was edited)")
            if result.reason == "hash"
            else _("it does not follow the row before it (a row was removed or inserted)")
        )
        raise CommandError(
            _("The read log's chain is broken at row %(row)s: %(why)s.")
            % {"row": result.broken_id, "why": why},
            returncode=1,
        )
