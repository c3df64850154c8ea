"""The search's word statistics read every document, not a sample.

search.py picks the words that bring documents in, and weighs each word, by PostgreSQL's
statistics of the tsvector column (most_common_elems). ANALYZE reads a random sample of
300 × the statistics target rows: at the default target (100) that is 30,000 rows, so above
30,000 documents the statistics, and with them the search's candidates and rankings, changed
from one ANALYZE to the next (measured at 50,000 documents: the frequencies moved by a few
per cent). At 1,000 the sample is 300,000 rows: every document up to that size, the same
statistics for the same documents. ANALYZE of the column takes about as long (1.4 s at 50,000).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_exploitation_types_forced_labour")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE knowledge_searchdoc ALTER COLUMN tsv SET STATISTICS 1000",
            "ALTER TABLE knowledge_searchdoc ALTER COLUMN tsv SET STATISTICS -1",
        ),
    ]
