"""Send the daily digests now (the worker does it every hour for the people who chose that hour).

    manage.py send_digests                  those whose digest hour it is now (Thailand time)
    manage.py send_digests --all            everyone with a digest, whatever their hour
    manage.py send_digests --user NAME ...  only these accounts (with --all: whatever the hour)

Each person gets one digest a day per channel: running it again the same day sends nothing
new. The messages are sent here, one by one; one that fails is left to the worker to retry.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from saphan.core.messaging import attempt, digests_due, queue_digest
from saphan.core.tasks import deliver_message


class Command(BaseCommand):
    help = "Send today's digest to the people who chose one."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="whatever hour each one chose")
        parser.add_argument("--user", action="append", default=[], help="only this username")

    def handle(self, *args, **opts):
        today = timezone.localdate()
        sent = failed = 0
        for pref in digests_due(every_hour=opts["all"], usernames=opts["user"]):
            for message in queue_digest(pref, day=today, defer=False):
                if attempt(message):
                    sent += 1
                else:
                    failed += 1
                    self.stderr.write(f"{pref.user.get_username()}: {message.last_error}")
                    deliver_message.defer(message_id=message.pk)
        self.stdout.write(f"digests sent: {sent}, left to the worker to retry: {failed}")
