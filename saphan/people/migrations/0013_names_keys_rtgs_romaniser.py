"""Every stored name gets the keys of today's code (issue 14): a Thai word's Latin key now
comes from pythainlp's thai2rom model, which says the vowels Thai leaves unwritten (สุวรรณ
suwan, รัตนา rattana, ประเสริฐ prasoet) where the royin rules gave suan, ratna, praserit; a
Lao word's too, through its Thai spelling. The same step as migrations 0010 and 0012: for a
large register run ``manage.py name_key_frequencies --recompute-keys`` instead, and this
migration with SAPHAN_SKIP_KEY_RECOMPUTE=1."""

from importlib import import_module

from django.db import migrations

recompute = import_module("saphan.people.migrations.0010_names_recompute_keys").recompute


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0012_names_keys_lao_spelling_and_triples"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
