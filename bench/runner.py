"""Runs one suite on its own throw-away database and writes its results.

The database: an embedded PostgreSQL under a temp dir (``SAPHAN_DATA_DIR`` is set before Django
starts, and the server is deleted at exit), or, when ``DATABASE_URL`` is set, a fresh database
on that server, dropped at the end.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Context:
    """What a suite gets: its parameters, where its data lives and how to say what it does."""

    suite: str
    scale: int
    requests: int
    queries: int
    seed: int
    data_dir: Path
    demo_password: str
    facts: dict = field(default_factory=dict)
    variant_queries: int = 1200
    reuse: bool = False  # the data of a kept run (--reuse-data): measure only
    users: str = ""  # load: the levels of simulated users, "25,50,100,200"
    seconds: int = 0  # load: how long each level runs

    @staticmethod
    def log(message: str) -> None:
        print(message, flush=True)


# --- the throw-away database ----------------------------------------------------------------------
def _data_dir(requested: Path | None, reuse: bool = False) -> Path:
    if reuse:
        if requested is None or not (requested.resolve() / "postgres").is_dir():
            raise SystemExit("--reuse-data needs the --data-dir of a run made with --keep-data.")
        return requested.resolve()
    if requested is None:
        return Path(tempfile.mkdtemp(prefix="saphan-bench-")).resolve()
    requested = requested.resolve()
    if requested.exists() and any(requested.iterdir()):
        raise SystemExit(f"--data-dir {requested} is not empty: the bench needs a fresh one.")
    requested.mkdir(parents=True, exist_ok=True)
    return requested


def _fresh_server_database(url: str) -> tuple[str, str]:
    """Create an empty database on the server of ``url``; returns (its URL, its name)."""
    import psycopg

    name = f"saphan_bench_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{name}")), name


def _drop_server_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- facts about the machine and the code ------------------------------------------------------------
def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def machine_facts() -> dict:
    import django
    import psutil
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg_version = cur.fetchone()[0]
        pg_settings = {}
        for name in (
            "shared_buffers",
            "work_mem",
            "effective_cache_size",
            "max_parallel_workers_per_gather",
            "jit",
        ):
            cur.execute(f"SHOW {name}")
            pg_settings[name] = cur.fetchone()[0]
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "cpu": _cpu_model(),
            "ram_gb": round(psutil.virtual_memory().total / 1024**3, 1),
            "os": platform.platform(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "postgresql": pg_version,
            "postgresql_settings": pg_settings,
            "database": "embedded" if settings.EMBEDDED_DATABASE else "DATABASE_URL",
        },
        "git": {"commit": _git("rev-parse", "HEAD"), "dirty": bool(status)},
    }


# --- the run ----------------------------------------------------------------------------------------
def _prepare_database(log) -> None:
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_reference", verbosity=0)
    from saphan.cases.clocks import ensure_defaults
    from saphan.site.demo import ensure_demo_data

    ensure_defaults()
    ensure_demo_data()  # the demo accounts (sup.khonkaen...) with SAPHAN_DEMO_PASSWORD
    log(
        f"Database ready: migrated, reference data and demo accounts ({time.monotonic() - started:.0f} s)."
    )


def print_table(rows: list[tuple[str, str, str]], note: str) -> None:
    widths = [max(len(r[i]) for r in [("metric", "measured", "target"), *rows]) for i in range(2)]
    print()
    for metric, measured, target in [("metric", "measured", "target"), *rows]:
        print(f"{metric.ljust(widths[0])}  {measured.ljust(widths[1])}  {target}")
    print(note)


def run(*, suite: str, module_name: str, args) -> int:
    os.chdir(REPO)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    reuse = bool(getattr(args, "reuse_data", False))
    data_dir = _data_dir(args.data_dir, reuse)
    os.environ["PYTHAINLP_OFFLINE"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["SAPHAN_DATA_DIR"] = str(data_dir)
    os.environ["SAPHAN_DEMO"] = "1"
    os.environ.setdefault("SAPHAN_LOG_LEVEL", "WARNING")
    # A new database is filled from the kept dump of the migrated schema (saphan/core/schema_cache.py).
    from saphan.core.schema_cache import default_dir

    os.environ.setdefault("SAPHAN_SCHEMA_CACHE", str(default_dir()))
    password = os.environ.setdefault("SAPHAN_DEMO_PASSWORD", secrets.token_urlsafe(12))
    server_db: tuple[str, str] | None = None
    if os.environ.get("DATABASE_URL"):
        base_url = os.environ["DATABASE_URL"]
        url, name = _fresh_server_database(base_url)
        server_db = (base_url, name)
        os.environ["DATABASE_URL"] = url
    elif not (args.keep_data or reuse):
        os.environ["SAPHAN_THROWAWAY_DB"] = "1"  # stopped and deleted when this process ends
    print(
        f"Bench {suite}: data in {data_dir}" + (f", database {server_db[1]}" if server_db else ""),
        flush=True,
    )

    import django

    django.setup()
    from saphan.core.i18n import compile_messages

    compile_messages()
    module = importlib.import_module(module_name)
    if reuse and not getattr(module, "SUPPORTS_REUSE", False):
        raise SystemExit(f"--reuse-data: the {suite} suite cannot measure kept data again.")
    ctx = Context(
        suite=suite,
        scale=args.scale or module.DEFAULT_SCALE,
        requests=args.requests,
        queries=args.queries,
        variant_queries=args.variant_queries,
        seed=args.seed,
        data_dir=data_dir,
        demo_password=password,
        reuse=reuse,
        users=getattr(args, "users", "") or "",
        seconds=getattr(args, "seconds", 0) or 0,
    )
    started = time.monotonic()
    try:
        _prepare_database(ctx.log)
        facts = machine_facts()
        result = module.run(ctx)
    finally:
        from django.db import connections

        connections.close_all()
        if server_db and not args.keep_data:
            _drop_server_database(*server_db)
            shutil.rmtree(data_dir, ignore_errors=True)
    output = {
        "suite": suite,
        "scale": ctx.scale,
        "requests": ctx.requests,
        "seed": ctx.seed,
        **facts,
        "run_s": round(time.monotonic() - started, 1),
        **result,
    }
    path = args.output or RESULTS / f"{suite}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(output, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    print_table(
        module.table(output),
        f"Scale {ctx.scale:,} on {facts['machine']['cores']} cores; the targets apply at "
        f"{module.TARGET_SCALE:,}. Results: {path}",
    )
    if args.keep_data:
        print(f"Data kept in {data_dir}")
    return 0
