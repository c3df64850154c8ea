"""The search index's storage, and its document vectors made again.

- tsv kept in the row (STORAGE MAIN: compressed, inline where it fits) and the embedding out of
  it (EXTERNAL: float bytes do not compress). With both out of line, each `tsv @@ …` of the
  lexical scoring fetched the tsvector back from the TOAST table (10 buffer reads per row).
- Document vectors now take each part's language mean out before averaging (embeddings.py):
  the documents already indexed are indexed again. New rows only are affected by the storage
  change; VACUUM FULL knowledge_searchdoc rewrites old ones (not done here: it locks the table).
"""

from django.db import migrations


def reindex(apps, schema_editor):
    SearchDoc = apps.get_model("knowledge", "SearchDoc")
    if not SearchDoc.objects.exists():
        return
    from saphan.knowledge.index import reindex_all

    reindex_all()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE knowledge_searchdoc ALTER COLUMN tsv SET STORAGE MAIN, "
            "ALTER COLUMN embedding SET STORAGE EXTERNAL",
            "ALTER TABLE knowledge_searchdoc ALTER COLUMN tsv SET STORAGE EXTENDED, "
            "ALTER COLUMN embedding SET STORAGE EXTENDED",
        ),
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
