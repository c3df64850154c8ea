"""Every stored name gets the keys of today's code (issue 14, cross-script keys): Thai words'
other readings as alternative phonetic forms, a d also read t, Myanmar ငြ/ရှ/-aing/final ည
read as said, sh folded with ch, titles dropped only where they lead a name. For a large
register run ``manage.py name_key_frequencies --recompute-keys`` instead, and this migration
with SAPHAN_SKIP_KEY_RECOMPUTE=1."""

from django.db import migrations


def recompute(apps, schema_editor):
    import os

    if os.environ.get("SAPHAN_SKIP_KEY_RECOMPUTE") == "1":
        return
    from saphan.people.services import name_keys_recompute

    name_keys_recompute()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0009_person_history_trigger"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
