"""Every stored name gets the keys of today's code (issue 14): a Lao-script word gets the Thai
keys of its Thai spelling, a Myanmar syllable the Latin key of its passport spelling, a name of
three or more words a blocking key for each three of its first four words, and the key counts
now hold each word's folded Latin spelling too (a word matched by its spelling is weighed by
how common the spelling is). The same step as migration 0010: for a large register run
``manage.py name_key_frequencies --recompute-keys`` instead, and this migration with
SAPHAN_SKIP_KEY_RECOMPUTE=1."""

from importlib import import_module

from django.db import migrations

recompute = import_module("saphan.people.migrations.0010_names_recompute_keys").recompute


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0011_names_gin_fastupdate_off"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
