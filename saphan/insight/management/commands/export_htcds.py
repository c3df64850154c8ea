"""manage.py export_htcds --out DIR --user USERNAME: the HTCDS v2 tables as CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from saphan.insight.exports import export_htcds

from ._common import exporting_user


class Command(BaseCommand):
    help = "Write the HTCDS v2 tables (de-identified) as CSV files into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="folder to write the CSV files to")
        parser.add_argument("--user", required=True, help="who exports (a central officer)")

    def handle(self, *args, **opts):
        user = exporting_user(opts["user"])
        counts = export_htcds(actor=user, out_dir=Path(opts["out"]))
        for table, n in counts.items():
            self.stdout.write(f"{table}.csv: {n}")
        self.stdout.write(_("Exported to %(dir)s; the export is logged.") % {"dir": opts["out"]})
