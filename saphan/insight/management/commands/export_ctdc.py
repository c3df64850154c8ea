"""manage.py export_ctdc --out FILE --user USERNAME: a k-anonymous CTDC-style dataset."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from saphan.insight.exports import K, export_ctdc

from ._common import exporting_user, write_encrypted


class Command(BaseCommand):
    help = (
        "Write a de-identified victim dataset with the CTDC global dataset's columns and codes, "
        "in which every combination of the quasi-identifying columns occurs at least k (11) "
        "times."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the CSV file to write")
        parser.add_argument("--user", required=True, help="who exports (a central officer)")
        parser.add_argument("--k", type=int, default=K, help="k of k-anonymity (default 11)")
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help="write an AES-256 ZIP (OUT.zip) instead of the CSV file; print its password",
        )

    def handle(self, *args, **opts):
        user = exporting_user(opts["user"])
        if opts["encrypt"]:
            import tempfile

            target = Path(opts["out"]).with_suffix(".zip")
            with tempfile.TemporaryDirectory(prefix="saphan-ctdc-") as tmp:
                plain = Path(tmp) / "ctdc.csv"
                result = export_ctdc(actor=user, out_file=plain, k=opts["k"])
                files = {"ctdc.csv": plain.read_bytes()}
            password = write_encrypted(
                user=user, kind="ctdc", files=files, rows=len(result.records), target=target
            )
            self.stdout.write(
                _(
                    "Encrypted to %(file)s (AES-256); the export is logged. "
                    "Password, shown once: %(pw)s"
                )
                % {"file": target, "pw": password}
            )
            return
        result = export_ctdc(actor=user, out_file=Path(opts["out"]), k=opts["k"])
        self.stdout.write(
            _(
                "%(kept)d records written to %(file)s; %(suppressed)d of %(total)d suppressed "
                "for k-anonymity (k = %(k)d)."
            )
            % {
                "kept": len(result.records),
                "file": opts["out"],
                "suppressed": result.suppressed,
                "total": result.total,
                "k": opts["k"],
            }
        )
        if result.steps:
            self.stdout.write(_("Generalised: %(steps)s") % {"steps": "; ".join(result.steps)})
