from django.core.management.base import BaseCommand

from saphan.core.i18n import compile_messages


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (pure Python; no GNU gettext needed)."

    def handle(self, *args, **opts):
        built = compile_messages(force=True)
        self.stdout.write(f"{len(built)} catalogue(s) compiled")
