"""manage.py export_htcds --out DIR --user USERNAME: the HTCDS v2 tables as CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from saphan.insight.exports import export_htcds

from ._common import exporting_user, write_encrypted


class Command(BaseCommand):
    help = "Write the HTCDS v2 tables (de-identified) as CSV files into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="folder to write the CSV files to")
        parser.add_argument("--user", required=True, help="who exports (a central officer)")
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help="write one AES-256 ZIP (OUT.zip) instead of the CSV files; print its password",
        )

    def handle(self, *args, **opts):
        user = exporting_user(opts["user"])
        if opts["encrypt"]:
            return self._encrypted(user, Path(opts["out"]))
        counts = export_htcds(actor=user, out_dir=Path(opts["out"]))
        for table, n in counts.items():
            self.stdout.write(f"{table}.csv: {n}")
        self.stdout.write(_("Exported to %(dir)s; the export is logged.") % {"dir": opts["out"]})

    def _encrypted(self, user, out: Path) -> None:
        """The tables go straight into an encrypted ZIP: no plain CSV is left on the disk."""
        import tempfile

        target = out.with_suffix(".zip")
        with tempfile.TemporaryDirectory(prefix="saphan-htcds-") as tmp:
            counts = export_htcds(actor=user, out_dir=Path(tmp))
            files = {f"{t}.csv": (Path(tmp) / f"{t}.csv").read_bytes() for t in counts}
        password = write_encrypted(
            user=user, kind="htcds", files=files, rows=sum(counts.values()), target=target
        )
        self.stdout.write(
            _("Encrypted to %(file)s (AES-256); the export is logged. Password, shown once: %(pw)s")
            % {"file": target, "pw": password}
        )
