"""Case.victim_citizenships: every citizenship of the case's victims, kept by the database.

The case list's nationality filter asked each case of the scope whether one of its victims
holds the citizenship (an EXISTS through the parties to the persons, ~11 pages read per case);
the copy on the case row lets the list's count read the province's open cases from one index.

Kept by triggers, so no write of the app can leave it behind:
- on people_caseparty, after each INSERT, UPDATE (a merge moves parties to the kept person)
  and DELETE statement: the cases of the rows touched, in one set-based UPDATE;
- on people_person, after an UPDATE that changes the citizenships: that person's cases;
- on cases_case, before an INSERT, and before an UPDATE that changes the column: the value is
  computed again from the parties. The app never writes it, but Django's save() writes every
  column, and a case read before a victim was linked would otherwise put back its stale copy.
The copy is not an edit of the case: the case's history trigger ignores it (Case's
pghistory.track excludes it, the condition below is changed before the backfill runs), and
neither updated_at nor version (the edit-conflict check) moves.
"""

import django.contrib.postgres.fields
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

# The victims' citizenships of one case, sorted, each once (the filter asks "@> ARRAY[code]").
FUNCTIONS = [
    """
CREATE FUNCTION cases_victim_citizenships(case_pk uuid) RETURNS varchar(2)[]
LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT code ORDER BY code), '{}')::varchar(2)[]
    FROM people_caseparty party
    JOIN people_person person ON person.id = party.person_id
    CROSS JOIN LATERAL unnest(person.citizenships) AS code
    WHERE party.case_id = case_pk AND party.role = 'victim' AND code IS NOT NULL
$$""",
    """
CREATE FUNCTION cases_victim_citizenships_refresh(case_pks uuid[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE cases_case c SET victim_citizenships = fresh.codes
    FROM (
        SELECT pk, cases_victim_citizenships(pk) AS codes
        FROM (SELECT DISTINCT unnest(case_pks) AS pk) AS touched
    ) AS fresh
    WHERE c.id = fresh.pk AND c.victim_citizenships IS DISTINCT FROM fresh.codes
$$""",
    """
CREATE FUNCTION cases_victim_citizenships_parties() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM cases_victim_citizenships_refresh(
            ARRAY(SELECT case_id FROM new_parties WHERE role = 'victim'));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM cases_victim_citizenships_refresh(
            ARRAY(SELECT case_id FROM old_parties WHERE role = 'victim'));
    ELSE
        PERFORM cases_victim_citizenships_refresh(ARRAY(
            SELECT case_id FROM old_parties WHERE role = 'victim'
            UNION SELECT case_id FROM new_parties WHERE role = 'victim'));
    END IF;
    RETURN NULL;
END
$$""",
    """
CREATE FUNCTION cases_victim_citizenships_person() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM cases_victim_citizenships_refresh(ARRAY(
        SELECT case_id FROM people_caseparty WHERE person_id = NEW.id AND role = 'victim'));
    RETURN NULL;
END
$$""",
    """
CREATE FUNCTION cases_victim_citizenships_recomputed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.victim_citizenships := cases_victim_citizenships(NEW.id);
    RETURN NEW;
END
$$""",
    """
CREATE TRIGGER cases_victim_citizenships_on_insert
    AFTER INSERT ON people_caseparty REFERENCING NEW TABLE AS new_parties
    FOR EACH STATEMENT EXECUTE FUNCTION cases_victim_citizenships_parties()""",
    """
CREATE TRIGGER cases_victim_citizenships_on_update
    AFTER UPDATE ON people_caseparty
    REFERENCING OLD TABLE AS old_parties NEW TABLE AS new_parties
    FOR EACH STATEMENT EXECUTE FUNCTION cases_victim_citizenships_parties()""",
    """
CREATE TRIGGER cases_victim_citizenships_on_delete
    AFTER DELETE ON people_caseparty REFERENCING OLD TABLE AS old_parties
    FOR EACH STATEMENT EXECUTE FUNCTION cases_victim_citizenships_parties()""",
    """
CREATE TRIGGER cases_victim_citizenships_on_person
    AFTER UPDATE OF citizenships ON people_person
    FOR EACH ROW WHEN (OLD.citizenships IS DISTINCT FROM NEW.citizenships)
    EXECUTE FUNCTION cases_victim_citizenships_person()""",
]

# One set-based UPDATE of the cases that have a victim with a citizenship (the others keep the
# column's default, the empty list). Run with the triggers above already in place (they lock
# the parties and persons against writes until this migration commits, so nothing is missed)
# and before the guard below (which would compute every row a second time).
BACKFILL = """
UPDATE cases_case c SET victim_citizenships = victims.codes
FROM (
    SELECT party.case_id, array_agg(DISTINCT code ORDER BY code)::varchar(2)[] AS codes
    FROM people_caseparty party
    JOIN people_person person ON person.id = party.person_id
    CROSS JOIN LATERAL unnest(person.citizenships) AS code
    WHERE party.role = 'victim' AND code IS NOT NULL
    GROUP BY party.case_id
) AS victims
WHERE c.id = victims.case_id AND c.victim_citizenships IS DISTINCT FROM victims.codes
"""

GUARD = [
    """
CREATE TRIGGER cases_victim_citizenships_guard_insert
    BEFORE INSERT ON cases_case
    FOR EACH ROW EXECUTE FUNCTION cases_victim_citizenships_recomputed()""",
    """
CREATE TRIGGER cases_victim_citizenships_guard_update
    BEFORE UPDATE OF victim_citizenships ON cases_case
    FOR EACH ROW WHEN (OLD.victim_citizenships IS DISTINCT FROM NEW.victim_citizenships)
    EXECUTE FUNCTION cases_victim_citizenships_recomputed()""",
]

DROP = [
    "DROP TRIGGER IF EXISTS cases_victim_citizenships_guard_insert ON cases_case",
    "DROP TRIGGER IF EXISTS cases_victim_citizenships_guard_update ON cases_case",
    "DROP TRIGGER IF EXISTS cases_victim_citizenships_on_insert ON people_caseparty",
    "DROP TRIGGER IF EXISTS cases_victim_citizenships_on_update ON people_caseparty",
    "DROP TRIGGER IF EXISTS cases_victim_citizenships_on_delete ON people_caseparty",
    "DROP TRIGGER IF EXISTS cases_victim_citizenships_on_person ON people_person",
    "DROP FUNCTION IF EXISTS cases_victim_citizenships_recomputed()",
    "DROP FUNCTION IF EXISTS cases_victim_citizenships_person()",
    "DROP FUNCTION IF EXISTS cases_victim_citizenships_parties()",
    "DROP FUNCTION IF EXISTS cases_victim_citizenships_refresh(uuid[])",
    "DROP FUNCTION IF EXISTS cases_victim_citizenships(uuid)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_case_list_order"),
        ("people", "0012_names_keys_lao_spelling_and_triples"),
        ("geo", "0001_initial"),
        ("orgs", "0002_sign_in_locks_and_pending_role_grants"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The case's history ignores the new column before anything writes it.
        pgtrigger.migrations.RemoveTrigger(
            model_name="case",
            name="update_update",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="case",
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."agency_id" IS DISTINCT FROM (NEW."agency_id") OR OLD."case_worker_id" IS DISTINCT FROM (NEW."case_worker_id") OR OLD."closed_at" IS DISTINCT FROM (NEW."closed_at") OR OLD."code" IS DISTINCT FROM (NEW."code") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."exploitation_types" IS DISTINCT FROM (NEW."exploitation_types") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."is_demo" IS DISTINCT FROM (NEW."is_demo") OR OLD."opened_at" IS DISTINCT FROM (NEW."opened_at") OR OLD."phase" IS DISTINCT FROM (NEW."phase") OR OLD."province_id" IS DISTINCT FROM (NEW."province_id") OR OLD."trafficking_status" IS DISTINCT FROM (NEW."trafficking_status") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at") OR OLD."version" IS DISTINCT FROM (NEW."version"))', func='INSERT INTO "cases_caseevent" ("agency_id", "case_worker_id", "closed_at", "code", "created_at", "exploitation_types", "id", "is_demo", "opened_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phase", "province_id", "trafficking_status", "updated_at", "version") VALUES (NEW."agency_id", NEW."case_worker_id", NEW."closed_at", NEW."code", NEW."created_at", NEW."exploitation_types", NEW."id", NEW."is_demo", NEW."opened_at", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phase", NEW."province_id", NEW."trafficking_status", NEW."updated_at", NEW."version"); RETURN NULL;', hash='c026092cf37c7b9edbe3e2d58a9ebe9a752613fa', operation='UPDATE', pgid='pgtrigger_update_update_f5146', table='cases_case', when='AFTER')),  # fmt: skip
        ),
        migrations.AddField(
            model_name="case",
            name="victim_citizenships",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=2),
                blank=True,
                default=list,
                editable=False,
                size=None,
                verbose_name="victims' citizenships",
            ),
        ),
        migrations.RunSQL([*FUNCTIONS, BACKFILL, *GUARD], reverse_sql=DROP),
        # Built after the backfill: one sort of the filled rows, not an index updated row by row.
        migrations.RemoveIndex(
            model_name="case",
            name="cases_case_provinc_62dfce_idx",
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["province", "phase"],
                include=("victim_citizenships",),
                name="case_province_phase",
            ),
        ),
    ]
