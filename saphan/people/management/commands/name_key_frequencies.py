"""Count how many names hold each blocking key, for the duplicate check's weights.

    manage.py name_key_frequencies            # the counts only (a minute at 1,000,000 names)
    manage.py name_key_frequencies --recompute-keys
                                              # first every name's keys, with today's code

Run it after a bulk import and from time to time (nightly): the duplicate check reads the
counts to leave a key too common to narrow anything out of its probe and to weigh a shared
word by how rare it is. Stale counts only make those weights a little less exact.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from saphan.people.services import name_key_frequencies_refresh, name_keys_recompute


class Command(BaseCommand):
    help = "Count the names holding each blocking key (and optionally recompute every key)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--recompute-keys",
            action="store_true",
            help="recompute every stored name's matching keys first",
        )

    def handle(self, *args, recompute_keys: bool = False, **options):
        if recompute_keys:
            done = name_keys_recompute(log=lambda m: self.stdout.write(f"  {m}"))
            self.stdout.write(f"Recomputed the keys of {done} names.")
        counted = name_key_frequencies_refresh()
        self.stdout.write(f"Counted {counted} frequent blocking keys.")
