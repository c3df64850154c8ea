"""Every stored name gets the keys of today's code (issue 14): a Lao-script word gets the Thai
keys of its Thai spelling, a Myanmar syllable the Latin key of its passport spelling, a name of three or more words a blocking key for each three of its
first four words, and the key counts now hold each word's folded Latin spelling too (a word
matched by its spelling is weighed by how common the spelling is). For a large register run
``manage.py name_key_frequencies --recompute-keys`` instead, and this migration with
SAPHAN_SKIP_KEY_RECOMPUTE=1."""

from django.db import migrations


def recompute(apps, schema_editor):
    import os

    if os.environ.get("SAPHAN_SKIP_KEY_RECOMPUTE") == "1":
        return
    from saphan.people.services import name_keys_recompute

    name_keys_recompute()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0011_names_gin_fastupdate_off"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
