"""Every stored name gets the keys of today's code (issue 14): the Thai reader opens a new
syllable on a ร that has its own vowel after โ ไ ใ (โบราณ bo-ran, ไพโรจน์ phai-rot, not a
cluster as in โปรด), and reads ญจน์ as one silent pair (กาญจน์ kan). The same step as
migrations 0010, 0012 and 0013: for a large register run ``manage.py name_key_frequencies
--recompute-keys`` instead, and this migration with SAPHAN_SKIP_KEY_RECOMPUTE=1."""

from importlib import import_module

from django.db import migrations

recompute = import_module("saphan.people.migrations.0010_names_recompute_keys").recompute


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0013_names_keys_rtgs_romaniser"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
