"""Suite `load`: the real server under many people at once, measured with locust (headless).

The national-scale data of the `cases` suite (``--scale`` synthetic persons, 0.3 cases each:
the target 1,000,000 persons is 300,000 cases) is loaded into the bench's throw-away embedded
PostgreSQL; then the real server (`manage.py serve`: gunicorn, ``--workers`` processes of 4
threads each, no background worker) is started on 127.0.0.1 and locust runs in its own process
(bench/load_locust.py) at each level of ``--users`` simulated users for ``--seconds`` seconds:

- supervisors of the four demo provinces in the pages (signed in through the sign-in form and
  its second factor): the case list with the page's filters, a case page, a search by a person's
  name, and a note written through the case's note form;
- a partner agency's system over the API (a bearer token of the Khon Kaen police's MDT
  account): the case list, a case, its timeline, and a tip created with an Idempotency-Key.

Three staff users for each partner system; each waits 1-3 s between requests (``think_s``: a
busy person clicks every few seconds, so this is heavier than real use). Statistics are taken
after every user has started (``--reset-stats``). At the level of 50 users the same number of
users then asks a view that does nothing (``/livez``): the ceiling of this machine for this
server, measured in the same run.

The result: per level, requests per second, errors, p50/p95/p99 per kind of request and for all,
and the highest resident memory of a web worker. Targets (the issue's, on the 2-core machine at
300,000 cases): 0 errors at every level, p95 <= 300 ms at 50 users, web-worker RSS <= 300 MB.
The locust process runs on the same machine and takes some of its CPU.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from .http import Client, RssSampler, Server, server_env

DEFAULT_SCALE = 2_000
TARGET_SCALE = 1_000_000  # persons: 300,000 cases
DEFAULT_USERS = "25,50,100,200"
DEFAULT_SECONDS = 60
# manage.py serve's own defaults (SAPHAN_WEB_WORKERS, SAPHAN_WEB_THREADS): the served site's
# settings are the ones measured; set those variables to measure others.
WORKERS = int(os.environ.get("SAPHAN_WEB_WORKERS", "2"))
THREADS = int(os.environ.get("SAPHAN_WEB_THREADS", "3"))
THINK_S = (1.0, 3.0)
WARM_UP_S = 20
CEILING_AT = 50
STAFF = ("sup.khonkaen", "sup.tak", "sup.songkhla", "sup.bangkok")
PARTNERS = ("police.khonkaen", "cw.khonkaen", "sup.khonkaen")  # the first that sees 10 cases
LIST_PATHS = (
    "/cases/",
    "/cases/?scope=all",
    "/cases/?scope=all&phase=protection",
    "/cases/?scope=all&exploitation=ForcedLabour",
    "/cases/?scope=all&nationality=MM",
    "/cases/?scope=all&page=2",
)
SUPPORTS_REUSE = True  # --reuse-data: measure again on a kept run's persons and cases
TARGETS = {"errors": 0, "p95_ms_at_50_users": 300, "peak_rss_mb": 300}
REPO = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "load_locust.py"


def _visible_codes(username: str, limit: int = 500) -> list[str]:
    from saphan.cases.selectors import CaseFilters, case_list
    from saphan.orgs.models import User

    user = User.objects.get(username=username)
    qs = case_list(actor=user, filters=CaseFilters(scope="all")).exclude(phase="closed")
    return list(qs.order_by("?").values_list("code", flat=True)[:limit])


def _search_names(samples: list[dict], limit: int = 200) -> list[str]:
    names = [s["names"][0] for s in samples if s.get("names")]
    return [n for n in names if isinstance(n, str) and n.strip()][:limit] or ["สมชาย"]


def _api_token() -> tuple[str, str, list[str]]:
    """A token of the first partner account that sees cases, with a limit that does not stop the
    bench (the limit's own cost, one upsert per request, is still paid)."""
    from saphan.api.models import ApiToken
    from saphan.api.services import token_issue
    from saphan.orgs.models import User

    admin = User.objects.get(username="admin")
    for username in PARTNERS:
        codes = _visible_codes(username)
        if len(codes) >= 10 or username == PARTNERS[-1]:
            account = User.objects.get(username=username)
            token, secret = token_issue(actor=admin, account=account, name="load bench", days=1)
            ApiToken.objects.filter(pk=token.pk).update(rate_per_minute=1_000_000)
            return username, secret, codes
    raise AssertionError("unreachable")


# The 1300 hotline's system posts tips with an account that may write hotline tips
# (network.enter_hotline_tip: case workers, supervisors, central officers) — not the police
# MDT member's, which the API rightly refuses (403).
HOTLINE_ACCOUNT = "cw.khonkaen"


def _tip_token() -> str:
    from saphan.api.models import ApiToken
    from saphan.api.services import token_issue
    from saphan.orgs.models import User

    admin = User.objects.get(username="admin")
    account = User.objects.get(username=HOTLINE_ACCOUNT)
    token, secret = token_issue(actor=admin, account=account, name="load bench tips", days=1)
    ApiToken.objects.filter(pk=token.pk).update(rate_per_minute=1_000_000)
    return secret


def _sessions(port: int, password: str, log) -> list[dict]:
    """Each supervisor signs in once through the pages (password and second factor); the
    simulated staff users share these sessions, a few users to a browser."""
    out = []
    for username in STAFF:
        codes = _visible_codes(username)
        if not codes:
            continue
        client = Client(port)
        client.sign_in(username, password)
        out.append({"username": username, "cookies": dict(client.cookies), "case_codes": codes})
        client.close()
        log(f"  signed in as {username}: {len(codes)} open cases to visit")
    if not out:
        raise RuntimeError("no supervisor sees any case: nothing to load")
    return out


def _read_stats(prefix: Path) -> dict:
    kinds, total = {}, {}
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            entry = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 2),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "p99_ms": _number(row["99%"]),
                "max_ms": _number(row["Max Response Time"]),
            }
            if row["Name"] == "Aggregated":
                total = entry
            else:
                kinds[row["Name"]] = entry
    failures = []
    path = Path(f"{prefix}_failures.csv")
    if path.exists():
        with open(path, newline="", encoding="utf-8") as f:
            failures = [
                {"name": r["Name"], "error": r["Error"][:300], "count": int(r["Occurrences"])}
                for r in csv.DictReader(f)
            ]
    return {"all": total, "by_kind": kinds, "failures": failures}


def _number(text: str):
    try:
        return round(float(text), 1)
    except (TypeError, ValueError):
        return None


def _locust(
    *,
    port: int,
    users: int,
    seconds: int,
    classes: list[str],
    config: Path,
    prefix: Path,
    log,
    midway=None,
) -> dict:
    spawn_rate = max(1, users // 5)  # every user started within about 5 s
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds + users // spawn_rate}s",
        "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
        "--reset-stats", "--stop-timeout", "10", "--loglevel", "WARNING", *classes,
    ]  # fmt: skip
    env = {**os.environ, "SAPHAN_LOAD_CONFIG": str(config)}
    for name in ("DJANGO_SETTINGS_MODULE", "SAPHAN_DATA_DIR", "SAPHAN_THROWAWAY_DB"):
        env.pop(name, None)
    started = time.monotonic()
    err_path = Path(f"{prefix}.stderr")
    with open(err_path, "wb") as err:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=err
        )
        try:
            event = None
            if midway is not None:  # halfway through the measured part
                time.sleep(users // spawn_rate + seconds / 2)
                event = midway()
            process.wait(timeout=seconds + 300)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    if not Path(f"{prefix}_stats.csv").exists():
        tail = err_path.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"locust wrote no statistics (exit {process.returncode}):\n{tail}")
    stats = _read_stats(prefix)
    stats["wall_s"] = round(time.monotonic() - started, 1)
    if event is not None:
        stats["event"] = event
    log(
        f"  {users} users, {' '.join(classes)}: {stats['all'].get('rps')} req/s, "
        f"p95 {stats['all'].get('p95_ms')} ms, {stats['all'].get('errors')} errors"
    )
    return stats


def _graceful_reload(server: Server, log) -> dict:
    """`kill -HUP` of `manage.py serve` while the users keep asking: gunicorn starts new
    workers and lets the old ones finish; the level's errors say whether a request was lost.
    Records when the new workers were there and when the last old one was gone."""
    before = {p.pid for p in server.web_workers()}
    sent = time.monotonic()
    server.process.send_signal(signal.SIGHUP)
    new_s = old_gone_s = None
    after: set[int] = set()
    while time.monotonic() - sent < 90 and old_gone_s is None:
        after = {p.pid for p in server.web_workers() if p.status() != psutil.STATUS_ZOMBIE}
        if new_s is None and len(after - before) >= len(before):
            new_s = round(time.monotonic() - sent, 1)
        if new_s is not None and not after & before:
            old_gone_s = round(time.monotonic() - sent, 1)
        time.sleep(0.2)
    log(f"  graceful reload (SIGHUP): workers {sorted(before)} -> {sorted(after)}; new ones "
        f"after {new_s} s, the old ones gone after {old_gone_s} s")  # fmt: skip
    return {
        "event": "graceful reload (SIGHUP to manage.py serve)",
        "workers_before": sorted(before), "workers_after": sorted(after),
        "new_workers_s": new_s, "old_workers_gone_s": old_gone_s,
    }  # fmt: skip


def _reused(ctx) -> dict:
    """--reuse-data: the persons and cases of a kept run (``cases`` or ``load`` with
    ``--keep-data``), measured again with this code. The staff accounts get this run's password
    (the kept run signed in with its own); the names searched are those of 400 persons drawn
    with the run's seed."""
    from django.db import connection

    from saphan.cases.models import Case, TimelineEvent
    from saphan.orgs.models import User
    from saphan.people.models import CaseParty, Person, PersonName

    for user in User.objects.filter(username__in={*STAFF, *PARTNERS, HOTLINE_ACCOUNT, "admin"}):
        user.set_password(ctx.demo_password)
        user.save(update_fields=["password"])
    with connection.cursor() as cur:
        # REPEATABLE: the same rows for the same seed and data (setseed does not reach
        # TABLESAMPLE), in a fixed order.
        cur.execute(
            "SELECT n.normalized FROM people_personname n TABLESAMPLE BERNOULLI (1) "
            "REPEATABLE (%s) WHERE n.is_primary ORDER BY md5(n.id::text) LIMIT 400",
            [ctx.seed],
        )
        names = [row[0] for row in cur.fetchall()]
    generated = {
        "persons": Person.objects.count(),
        "person_names": PersonName.objects.count(),
        "cases": Case.objects.count(),
        "case_parties": CaseParty.objects.count(),
        "timeline_events": TimelineEvent.objects.count(),
    }
    ctx.log(f"  reused data: {generated['persons']:,} persons, {generated['cases']:,} cases")
    return {"generated": generated, "generate_s": None, "reused_data": True,
            "samples": [{"names": [n]} for n in names]}  # fmt: skip


def run(ctx) -> dict:
    from django.db import connections

    from . import cases_data

    levels = [int(u) for u in (ctx.users or DEFAULT_USERS).split(",") if u.strip()]
    seconds = ctx.seconds or DEFAULT_SECONDS
    if ctx.reuse:
        data = _reused(ctx)
    else:
        ctx.log(
            f"Generating {ctx.scale:,} persons and "
            f"{round(ctx.scale * cases_data.CASES_PER_PERSON):,} cases…"
        )
        data = cases_data.generate(scale=ctx.scale, seed=ctx.seed, sample_size=400, log=ctx.log)
    samples = data.pop("samples")
    partner, secret, api_codes = _api_token()
    tip_secret = _tip_token()
    connections.close_all()

    server = Server(
        env=server_env(data_dir=ctx.data_dir), log_path=ctx.data_dir / "bench-serve.log",
        workers=WORKERS, threads=THREADS,
    )  # fmt: skip
    ctx.log(f"Starting the server (manage.py serve, {WORKERS} web workers × {THREADS} threads)…")
    started = time.monotonic()
    server.start(timeout=900)
    start_s = round(time.monotonic() - started, 1)
    config_path = ctx.data_dir / "load-config.json"
    out_dir = ctx.data_dir / "locust"
    out_dir.mkdir(exist_ok=True)
    results, ceiling = [], None
    try:
        sessions = _sessions(server.port, ctx.demo_password, ctx.log)
        config = {
            "sessions": sessions, "search_names": _search_names(samples),
            "list_paths": list(LIST_PATHS), "api_token": secret, "api_case_codes": api_codes,
            "tip_token": tip_secret,
            "tip_province": "40", "think_s": list(THINK_S),
            "weights": {"staff": 3, "partner": 1},
        }  # fmt: skip
        config_path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        # Not counted: the first requests of each worker load the templates and the Thai word
        # lists (seconds each); a person meets that once after a restart, not at every level.
        _locust(
            port=server.port, users=min(levels), seconds=WARM_UP_S,
            classes=["StaffUser", "PartnerUser"], config=config_path,
            prefix=out_dir / "warm-up", log=ctx.log,
        )  # fmt: skip
        for users in levels:
            sampler = RssSampler(server, interval=0.1)
            sampler.start()
            try:
                stats = _locust(
                    port=server.port, users=users, seconds=seconds,
                    classes=["StaffUser", "PartnerUser"], config=config_path,
                    prefix=out_dir / f"mix-{users}", log=ctx.log,
                    midway=(lambda: _graceful_reload(server, ctx.log))
                    if users == max(levels) else None,
                )  # fmt: skip
            finally:
                rss = sampler.stop()
            results.append({"users": users, **stats, "peak_rss_mb": rss})
        at = CEILING_AT if CEILING_AT in levels else levels[0]
        ceiling = _locust(
            port=server.port, users=at, seconds=seconds, classes=["BareUser"],
            config=config_path, prefix=out_dir / f"bare-{at}", log=ctx.log,
        )  # fmt: skip
        ceiling["users"] = at
    finally:
        server.stop()
        config_path.unlink(missing_ok=True)  # it holds a session and a token
    return {
        "generated": data["generated"],
        "generate_s": data["generate_s"],
        "reused_data": data.get("reused_data", False),
        "server": {
            "command": "manage.py serve --no-worker (gunicorn config.wsgi)",
            "workers": WORKERS,
            "threads_per_worker": THREADS,
            "start_s": start_s,
            "database": "embedded PostgreSQL, one connection per thread kept 60 s "
            "(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS)",
        },  # fmt: skip
        "locust": {
            "seconds_per_level": seconds,
            "think_s": list(THINK_S),
            "mix": "3 staff users (pages) for 1 partner system (API); staff tasks weighted "
            "list 4, case 4, search 2, note 1; partner cases 3, case 3, timeline 2, tip 1",
            "staff_accounts": [s["username"] for s in sessions],
            "partner_account": partner,
            "same_machine": True,
        },  # fmt: skip
        "levels": results,
        "bare_view": ceiling,
        "targets": {"at_scale": TARGET_SCALE, "limits": TARGETS, "met": _met(results)},
    }


def _met(levels: list[dict]) -> dict:
    at_50 = next((lv for lv in levels if lv["users"] == CEILING_AT), None)
    return {
        "errors": all(lv["all"].get("errors") == 0 for lv in levels),
        "p95_ms_at_50_users": None
        if at_50 is None
        else (at_50["all"].get("p95_ms") or 0) <= TARGETS["p95_ms_at_50_users"],
        "peak_rss_mb": all(lv["peak_rss_mb"] <= TARGETS["peak_rss_mb"] for lv in levels),
    }


def table(result: dict) -> list[tuple[str, str, str]]:
    rows = [("cases", f"{result['generated']['cases']:,}", "300,000")]
    for lv in result["levels"]:
        a = lv["all"]
        rows.append(
            (
                f"{lv['users']} users",
                f"{a.get('rps')} req/s, p50 {a.get('p50_ms')} / p95 {a.get('p95_ms')} / "
                f"p99 {a.get('p99_ms')} ms, {a.get('errors')} errors, RSS {lv['peak_rss_mb']} MB",
                "0 errors" + (", p95 <= 300 ms" if lv["users"] == CEILING_AT else ""),
            )
        )
    if result.get("bare_view"):
        b = result["bare_view"]["all"]
        rows.append(
            (
                f"bare view, {result['bare_view']['users']} users",
                f"{b.get('rps')} req/s, p95 {b.get('p95_ms')} ms",
                "the ceiling",
            )
        )
    return rows
