"""Search matrix loads that stay cheap as the index grows.

- Each document's Thai and Latin letter counts are generated columns (computed once, at write),
  not computed by the matrix load for every document (8 s at 50,000 documents).
- knowledge_searchindexversion: one row that statement triggers bump on every write to the
  index (``version``), and on deletes (``deletions`` too). A search process reads this row to
  learn whether its matrix is current, instead of counting the table; when only inserts and
  updates happened it reloads just the documents changed since (index on updated_at).
"""

import django.db.models.functions.text
from django.db import migrations, models


VERSION_SQL = """
CREATE TABLE knowledge_searchindexversion (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL DEFAULT 0,
    deletions bigint NOT NULL DEFAULT 0
);
INSERT INTO knowledge_searchindexversion (id) VALUES (1);
CREATE FUNCTION knowledge_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE knowledge_searchindexversion SET version = version + 1,
        deletions = deletions + CASE WHEN TG_OP IN ('DELETE', 'TRUNCATE') THEN 1 ELSE 0 END
    WHERE id = 1;
    RETURN NULL;
END $$;
CREATE TRIGGER knowledge_search_changed AFTER INSERT OR UPDATE OR DELETE ON knowledge_searchdoc
    FOR EACH STATEMENT EXECUTE FUNCTION knowledge_search_changed();
CREATE TRIGGER knowledge_search_truncated AFTER TRUNCATE ON knowledge_searchdoc
    FOR EACH STATEMENT EXECUTE FUNCTION knowledge_search_changed();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('geo', '0001_initial'),
        ('knowledge', '0002_search_storage_and_vectors'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdoc',
            name='latin_letters',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Length(models.Func(models.F('tokens'), models.Value('[^a-zA-Z]'), models.Value(''), models.Value('g'), function='regexp_replace', output_field=models.TextField())), output_field=models.IntegerField()),
        ),
        migrations.AddField(
            model_name='searchdoc',
            name='thai_letters',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Length(models.Func(models.F('tokens'), models.Value('[^ก-๎]'), models.Value(''), models.Value('g'), function='regexp_replace', output_field=models.TextField())), output_field=models.IntegerField()),
        ),
        migrations.RunSQL(
            VERSION_SQL,
            "DROP TABLE knowledge_searchindexversion; "
            "DROP FUNCTION knowledge_search_changed() CASCADE;",
        ),
        migrations.AddIndex(
            model_name='searchdoc',
            index=models.Index(fields=['updated_at'], name='search_doc_updated'),
        ),
    ]
