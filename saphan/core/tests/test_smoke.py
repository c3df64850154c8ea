import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_is_postgresql_with_trigram():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cur.execute("SELECT similarity('สมชาย', 'สมชัย')")
        assert cur.fetchone()[0] > 0.2
