"""Persons recorded before the people app kept names get their name as given as a primary
PersonName with matching keys, so the duplicate check at intake finds them."""

from django.db import migrations


def backfill(apps, schema_editor):
    from saphan.people.keys import detect_script, name_keys

    Person = apps.get_model("people", "Person")
    PersonName = apps.get_model("people", "PersonName")
    while True:
        batch = list(
            Person.objects.filter(names__isnull=True).exclude(full_name="").only("pk", "full_name")[:2000]
        )
        if not batch:
            return
        rows = []
        for person in batch:
            keys = name_keys(person.full_name)
            rows.append(
                PersonName(
                    person=person,
                    full_name=person.full_name,
                    script=detect_script(person.full_name),
                    is_primary=True,
                    normalized=keys.normalized,
                    tokens=keys.tokens,
                    udom83=keys.udom83,
                    lk82=keys.lk82,
                    latin_keys=keys.latin_keys,
                    romanized=keys.romanized,
                )
            )
        PersonName.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_person_names_documents_contacts")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
