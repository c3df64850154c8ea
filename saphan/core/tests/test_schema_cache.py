"""The kept dump of the migrated schema: named by everything that shapes the schema, and a
database restored from it is the migrated database (saphan/core/schema_cache.py)."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from saphan.core import schema_cache


def test_the_name_changes_with_any_source_and_with_the_server(tmp_path):
    migration = tmp_path / "0001_initial.py"
    keys = tmp_path / "keys.py"
    migration.write_text("operations = []\n")
    keys.write_text("SQL = 'select 1'\n")
    sources = [migration, keys]
    first = schema_cache.digest(18, sources)
    assert schema_cache.digest(18, sources) == first
    assert schema_cache.digest(15, sources) != first
    keys.write_text("SQL = 'select 2'\n")
    assert schema_cache.digest(18, sources) != first


def test_migrations_and_the_code_they_import_name_the_dump_and_tests_do_not():
    names = {str(p) for p in schema_cache._schema_sources()}
    assert any(n.endswith("saphan/people/migrations/0001_initial.py") for n in names)
    assert any(n.endswith("saphan/people/keys.py") for n in names)  # the name-key SQL function
    assert any(n.endswith("django/contrib/auth/migrations/0001_initial.py") for n in names)
    assert not any("/tests/" in n for n in names)


class _Database:
    """Another database on the test server, as the restore and dump functions see one."""

    def __init__(self, name: str):
        self.settings_dict = {**connection.settings_dict, "NAME": name}

    def close(self):
        pass


def _schema(database, pg_dump: Path) -> list[str]:
    args, env = schema_cache._environment(database)
    out = subprocess.run(
        [str(pg_dump), *args, "--schema-only", "--no-owner", "--no-privileges"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    # pg_dump 17.6+ frames its output with a random \restrict key.
    return sorted(line for line in out.splitlines() if not line.startswith("\\"))


def _connect(name: str) -> psycopg.Connection:
    s = connection.settings_dict
    params = {"dbname": name, "host": s["HOST"], "port": s["PORT"], "user": s["USER"]}
    return psycopg.connect(**params, password=s.get("PASSWORD") or None, autocommit=True)


@pytest.mark.django_db
def test_a_database_restored_from_the_dump_is_the_migrated_database():
    major = connection.pg_version // 10000
    programs = schema_cache.client_programs(major)
    folder = schema_cache.cache_dir()
    if programs is None or folder is None:
        pytest.skip(f"no pg_dump/psql {major} here, or the cache is off: migrations ran instead")
    pg_dump, psql = programs
    path = folder / f"{schema_cache.digest(major)}.sql"
    assert path.exists()  # the test database itself was built through the cache
    name = f"saphan_restore_{secrets.token_hex(4)}"
    admin = _connect(connection.settings_dict["NAME"])
    admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        restored = _Database(name)
        schema_cache.restore(restored, path, psql)
        assert _schema(restored, pg_dump) == _schema(
            _Database(connection.settings_dict["NAME"]), pg_dump
        )
        with connection.cursor() as cur:
            cur.execute("SELECT app, name FROM django_migrations")
            applied = set(cur.fetchall())
        with _connect(name) as other:
            assert (
                set(other.execute("SELECT app, name FROM django_migrations").fetchall()) == applied
            )
        assert ("people", "0011_names_gin_fastupdate_off") in applied
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_the_dumps_live_in_the_users_cache_folder_by_default(monkeypatch, tmp_path):
    """A clean clone on the same machine (CI's) finds the dumps an earlier checkout made."""
    from saphan.core.schema_cache import default_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_dir() == tmp_path / "saphan" / "schema"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_dir() == Path.home() / ".cache" / "saphan" / "schema"
