"""The demo loaded once for a test module (the reference data and the demo accounts), its files
under a temporary data dir, and the database emptied again when the module is done."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.management import call_command


@contextmanager
def demo_loaded(django_db_blocker, tmp_path_factory, name: str):
    """Inside: the database open to a module-scoped fixture, with ``load_reference`` and
    ``load_demo`` run; the fixture adds its own demo and yields. On leaving: flushed."""
    from django.conf import settings

    with django_db_blocker.unblock():
        settings.DATA_DIR = tmp_path_factory.mktemp(name)
        call_command("load_reference", verbosity=0)
        call_command("load_demo", verbosity=0)
        yield
        call_command("flush", interactive=False, verbosity=0)
