"""`manage.py restore FILE`: restore an encrypted backup into the configured database, which must
be empty (e.g. `SAPHAN_DATA_DIR=/new/dir manage.py restore FILE`), then check every table's rows
against the counts taken at backup time and the read log's hash chain."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from saphan.audit.services import verify_chain
from saphan.core import backup

from .backup import passphrase


class Command(BaseCommand):
    help = "Restore an encrypted backup into an empty database and verify it."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--jobs", type=int, default=2, help="parallel pg_restore jobs")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        connection.close()  # pg_restore works on its own connections
        try:
            result = backup.restore(
                db=connection.settings_dict, path=path, passphrase=passphrase(confirm=False),
                jobs=opts["jobs"],
            )  # fmt: skip
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        intact, broken_at = verify_chain()
        self.stdout.write(
            _("Restored %(tables)d tables, %(rows)d rows in %(s).1f s.")
            % {"tables": result.tables, "rows": result.rows, "s": result.seconds}
        )
        problems = []
        for table, (before, after) in sorted(result.mismatched.items()):
            problems.append(
                _("%(table)s: %(before)d rows at backup, %(after)d restored.")
                % {"table": table, "before": before, "after": after}
            )
        if not intact:
            problems.append(
                _("The read log's hash chain is broken at row %(id)s.") % {"id": broken_at}
            )
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(
            self.style.SUCCESS(
                _("Every table has the rows it had at backup; the read log's hash chain is intact.")
            )
        )
