"""`manage.py load_reference`: regions, provinces, districts, subdistricts, agencies and teams."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from saphan.geo.services import DEFAULT_PROVINCES_FILE, ReferenceDataError
from saphan.orgs.reference import ReferenceSummary, load_reference


def format_counts(summary: ReferenceSummary) -> str:
    """One line per table; the (possibly Thai) table name last so the numbers line up."""
    headers = [_("created"), _("updated"), _("unchanged")]
    widths = [max(len(h), 6) for h in headers]
    lines = ["  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))]
    for model, counts in summary.counts.items():
        numbers = (counts.created, counts.updated, counts.unchanged)
        cells = [str(n).rjust(w) for n, w in zip(numbers, widths, strict=True)]
        lines.append("  ".join([*cells, str(model._meta.verbose_name_plural)]))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Load or refresh the reference data (areas, agencies, teams). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--provinces-file",
            type=Path,
            default=DEFAULT_PROVINCES_FILE,
            help="CSV with the columns dopa_code,name_th,name_en,region_4 (default: the bundled file)",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            summary = load_reference(provinces_file=options["provinces_file"])
        except ReferenceDataError as exc:
            raise CommandError(_("Nothing was changed: %(problem)s") % {"problem": exc}) from exc
        seconds = time.monotonic() - started
        if options["verbosity"] >= 1:
            self.stdout.write(format_counts(summary))
            if summary.changed:
                self.stdout.write(
                    self.style.SUCCESS(_("Reference data loaded in %(s).1f s.") % {"s": seconds})
                )
            else:
                self.stdout.write(
                    _("Reference data was already up to date (%(s).1f s).") % {"s": seconds}
                )
