"""`manage.py link_persons [--threshold 0.95]`: Splink over every person, likely duplicates to
the supervisors' review queue (people/linkage.py). A batch job: run it at night, or from the
scheduler; it reads every person, so it runs as the system, and the queue it fills is read
only through the supervisors' scoped selectors."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from saphan.people.linkage import REVIEW_THRESHOLD, run_linkage


class Command(BaseCommand):
    help = "Find likely duplicate persons across the register (Splink) for supervisors to review."

    def add_arguments(self, parser):
        parser.add_argument(
            "--threshold",
            type=float,
            default=REVIEW_THRESHOLD,
            help=f"match probability from which a pair is queued (default {REVIEW_THRESHOLD})",
        )
        parser.add_argument("--seed", type=int, default=2569, help="seed of the u sampling")
        parser.add_argument(
            "--export-input",
            metavar="FILE.parquet",
            help="only write the input table (one row per person, Splink's columns) for a "
            "Spark run at national scale (README), and stop",
        )

    def handle(self, *args, threshold: float, seed: int, export_input=None, **options):
        if not 0 < threshold < 1:
            raise CommandError("--threshold must be between 0 and 1.")
        if export_input:
            import pyarrow as pa
            import pyarrow.parquet as pq

            from saphan.people.linkage import arrow_schema, read_persons

            table = pa.table(read_persons(), schema=arrow_schema())
            pq.write_table(table, export_input)
            self.stdout.write(f"{table.num_rows:,} persons written to {export_input}")
            return
        result = run_linkage(
            threshold=threshold, seed=seed, log=lambda m: self.stdout.write(f"  {m}")
        )
        run = result.run
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.persons:,} persons, {run.pairs_scored:,} pairs scored, "
                f"{run.pairs_queued:,} pairs in the review queue at ≥ {run.threshold} "
                f"({run.seconds:.1f} s; {run.labels_used} decided pairs used in training)"
            )
        )
