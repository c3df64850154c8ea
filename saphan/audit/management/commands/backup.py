"""`manage.py backup [--out FILE]`: an encrypted backup of the app database (saphan/core/backup.py)."""

from __future__ import annotations

import getpass
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from saphan.core import backup


def passphrase(*, confirm: bool) -> str:
    """From SAPHAN_BACKUP_PASSPHRASE, or typed (twice for a new backup)."""
    given = os.environ.get(backup.PASSPHRASE_ENV)
    if given:
        return given
    typed = getpass.getpass(_("Backup passphrase: "))
    if confirm and getpass.getpass(_("The same passphrase again: ")) != typed:
        raise CommandError(_("The two passphrases differ."))
    return typed


class Command(BaseCommand):
    help = "Back up the application database: pg_dump (custom format) in an AES-256 encrypted ZIP."

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            help="the file to write (default: <data dir>/backups/saphan-<UTC time>.zip)",
        )

    def handle(self, *args, **opts):
        out = Path(
            opts["out"]
            or Path(settings.DATA_DIR)
            / "backups"
            / time.strftime("saphan-%Y%m%dT%H%M%SZ.zip", time.gmtime())
        )
        try:
            result = backup.backup(
                db=connection.settings_dict, out=out, passphrase=passphrase(confirm=True)
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Backup written: %(path)s (%(mb).1f MB, %(tables)d tables, %(rows)d rows, "
                "%(s).1f s). Keep the passphrase apart from the file: without it the backup "
                "cannot be opened."
            )
            % {
                "path": result.path,
                "mb": result.size / 1024 / 1024,
                "tables": result.tables,
                "rows": result.rows,
                "s": result.seconds,
            }  # fmt: skip
        )
