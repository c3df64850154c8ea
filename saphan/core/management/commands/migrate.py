"""``migrate``, which fills an empty throw-away database from the schema cache when one is set
(``SAPHAN_SCHEMA_CACHE``: tests and benchmarks; see saphan/core/schema_cache.py). Otherwise,
and for every other use (an app label, a target, --fake, --plan, --check, --prune), it is
Django's own command unchanged."""

from __future__ import annotations

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections

from saphan.core import schema_cache


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        connection = connections[options["database"]]
        whole = not any(
            options.get(k)
            for k in (
                "app_label",
                "migration_name",
                "fake",
                "fake_initial",
                "plan",
                "check_unapplied",
                "prune",
            )
        )
        if whole and schema_cache.cache_dir() is not None:
            connection.ensure_connection()
            if not connection.introspection.table_names():
                built = []
                schema_cache.migrate_empty_database(
                    connection, lambda: built.append(super(Command, self).handle(*args, **options))
                )
                if built:
                    return built[0]
        return super().handle(*args, **options)
