"""The database for fixtures wider than one test (a module's or a class's): built once, then
rolled back, or the demo loaded once and the database emptied again when the module is done."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction


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


@contextmanager
def rolled_back(django_db_blocker):
    """Inside: the database open to a module- or class-scoped fixture, in one transaction; what
    the fixture builds there is seen by each of its tests, and rolled back when it ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
