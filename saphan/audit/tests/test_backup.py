"""`manage.py backup` and `manage.py restore` through their real path: a backup of the test
database, encrypted; a restore, in a child process as an operator runs it, into a fresh embedded
data dir; the same row count in every table and an intact read-log chain there. A wrong
passphrase and a database that is not empty are refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from saphan.audit.services import log_reads, verify_chain
from saphan.core import backup
from saphan.core.embedded_db import database_settings, stop_server
from saphan.orgs.tests.factories import UserFactory

PASSPHRASE = "correct horse battery staple"


def _restore(file: Path, data_dir: Path, passphrase: str = PASSPHRASE):
    env = {
        **os.environ, "SAPHAN_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings",
        "SAPHAN_BACKUP_PASSPHRASE": passphrase,
    }  # fmt: skip
    env.pop("DATABASE_URL", None)
    env.pop("SAPHAN_THROWAWAY_DB", None)
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(file)],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="restores into embedded servers")
def test_backup_restores_into_a_fresh_data_dir_with_the_same_rows(
    transactional_db, tmp_path, monkeypatch
):
    users = [UserFactory() for _ in range(3)]
    log_reads(actor=users[0], records=users, scope="test")
    log_reads(actor=users[1], records=users[:2], scope="test")
    assert verify_chain() == (True, None)
    monkeypatch.setenv(backup.PASSPHRASE_ENV, PASSPHRASE)
    file = tmp_path / "saphan.zip"
    call_command("backup", out=str(file))
    assert file.stat().st_mode & 0o777 == 0o600
    raw = file.read_bytes()
    assert b"CREATE TABLE" not in raw and b"PGDMP" not in raw  # nothing readable without it
    with backup._connect(connection.settings_dict) as conn:
        expected = backup.row_counts(conn)
    assert expected["public.audit_readaccess"] == 5

    fresh = tmp_path / "fresh"
    refused = _restore(file, fresh, passphrase="not the passphrase at all")
    assert refused.returncode != 0
    assert any(m in refused.stderr for m in ("passphrase does not open", "รหัสผ่านนี้เปิดไฟล์"))

    done = _restore(file, fresh)
    assert done.returncode == 0, done.stderr
    assert any(
        m in done.stdout for m in ("hash chain is intact", "ห่วงโซ่แฮชของบันทึกการเปิดดูข้อมูลครบถ้วน")
    )

    try:
        db = database_settings(fresh)
        with backup._connect(db) as conn:
            assert backup.row_counts(conn) == expected
        again = _restore(file, fresh)  # the database is no longer empty
        assert again.returncode != 0
        assert any(m in again.stderr for m in ("already holds tables", "มีตารางอยู่แล้ว"))
    finally:
        stop_server(fresh, delete=True)


def test_a_short_passphrase_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv(backup.PASSPHRASE_ENV, "short")
    with translation.override("en"), pytest.raises(CommandError, match="at least 12"):
        call_command("backup", out=str(tmp_path / "x.zip"))
    with translation.override("th"), pytest.raises(CommandError, match="อย่างน้อย 12"):
        call_command("backup", out=str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()
