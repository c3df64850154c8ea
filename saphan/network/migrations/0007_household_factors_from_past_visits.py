"""The risk factors of visits recorded before factors were kept on the household: one row per
(visit, factor), recorded by the volunteer who made the visit, on the day of the visit."""

from django.db import migrations


def backfill(apps, schema_editor):
    Visit = apps.get_model("network", "Visit")
    HouseholdFactor = apps.get_model("network", "HouseholdFactor")
    rows = []
    for visit in Visit.objects.filter(
        status="done", household__isnull=False, done_on__isnull=False
    ).exclude(risk_factors=[]):
        for factor in dict.fromkeys(visit.risk_factors):
            rows.append(
                HouseholdFactor(
                    household_id=visit.household_id, factor=factor, visit_id=visit.pk,
                    seen_on=visit.done_on, recorded_by_id=visit.assigned_to_id,
                )  # fmt: skip
            )
    HouseholdFactor.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("network", "0006_household_factors")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
