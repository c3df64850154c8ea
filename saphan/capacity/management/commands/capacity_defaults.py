from django.core.management.base import BaseCommand

from saphan.capacity.catalogue import ensure_defaults


class Command(BaseCommand):
    help = "Add the default training courses, competencies and role requirements that are missing."

    def handle(self, *args, **opts):
        added = ensure_defaults()
        self.stdout.write(f"{added} rows added")
