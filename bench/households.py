"""Suite `households`: the household survey from file to ranked outreach lists.

1. Generate a survey file of N households (one row per member, about 3.5 members each) spread
   over real subdistricts, Khon Kaen's first, about 1,700 households per subdistrict as in the
   national survey (12.8 million households, 7,436 subdistricts), ten villages each.
2. The pipeline, timed end to end (pipeline_s): DuckDB reads the file once, typed, summing
   members to households with what validation needs (the row-by-row check runs only when that
   finds a doubt: never on this clean file), and scores them; PostgreSQL is loaded with COPY into
   the empty table, its indexes dropped for the COPY and built after it, in one transaction;
   ANALYZE so the ranked lists use their indexes. pipeline_steps_s splits it: read (the DuckDB
   pass), score, load (DuckDB's scored CSV, COPY, index builds). generate_s is not included.
3. The real server: a Khon Kaen supervisor's ranked outreach list of one subdistrict over HTTP.
Peak memory is the bench process's (the pipeline's DuckDB runs in it; the file is generated in a
child process) and the web worker's, the larger given.
"""

from __future__ import annotations

import os
import resource
import time

from .http import Client, RssSampler, Server, server_env
from .stats import summary

DEFAULT_SCALE = 1_000_000
TARGET_SCALE = 13_000_000
ACTOR = "sup.khonkaen"
PER_SUBDISTRICT = 1_700
VILLAGES = 10
TARGETS = {"households_per_s": 43_000, "peak_rss_mb": 4096, "outreach_list_ms.p95": 50}


def _villages(n: int) -> tuple[list[str], str]:
    from saphan.geo.models import Subdistrict

    wanted = max(1, -(-n // PER_SUBDISTRICT))
    kk = list(
        Subdistrict.objects.filter(district__province_id="40")
        .order_by("code")
        .values_list("code", flat=True)
    )
    rest = list(
        Subdistrict.objects.exclude(district__province_id="40")
        .order_by("code")
        .values_list("code", flat=True)
    )
    subs = (kk + rest)[:wanted]
    return [f"{s}{v:02d}" for s in subs for v in range(1, VILLAGES + 1)], subs[0]


def _generate_in_child(path: str, *, households: int, villages: list[str]) -> int:
    """Write the survey file in a child process: its DuckDB memory is not the pipeline's, and
    peak_rss_mb is read from this process's lifetime peak."""
    import multiprocessing

    from saphan.network.households.generate import generate_survey

    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        return pool.apply(
            generate_survey, (path,), {"households": households, "villages": villages, "seed": 0.1}
        )


def _peak_self_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def over_http(*, data_dir, password: str, requests: int, code: str, log) -> dict:
    from django.db import connections

    connections.close_all()
    server = Server(env=server_env(data_dir=data_dir), log_path=data_dir / "bench-serve.log")
    log(f"  starting the server on port {server.port}")
    server.start(timeout=900)
    sampler = RssSampler(server)
    try:
        client = Client(server.port)
        client.sign_in(ACTOR, password)
        sampler.start()
        warm, times = 5, []
        for i in range(requests + warm):
            path = f"/network/outreach/?level=subdistrict&code={code}&page={1 + i % 3}"
            status, body, ms = client.get(path)
            if status != 200 or "outreach-table" not in body:
                raise RuntimeError(
                    f"GET {path} answered HTTP {status}:\n{body[:500]}\n{server.log_tail()}"
                )
            if i >= warm:
                times.append(ms)
        rss = sampler.stop()
        client.close()
    finally:
        sampler.stop()
        server.stop()
    return {"outreach_list_ms": summary(times), "server_peak_rss_mb": rss}


def run(ctx) -> dict:
    from django.db import connection

    from saphan.network.households.pipeline import guess_mapping, read_columns
    from saphan.network.households.pipeline import run as pipeline_run

    villages, code = _villages(ctx.scale)
    path = str(ctx.data_dir / "survey.csv")
    ctx.log(f"Generating {ctx.scale:,} households over {len(villages) // VILLAGES:,} subdistricts…")
    started = time.perf_counter()
    connection.close()  # the child must not share the parent's database connection
    rows = _generate_in_child(path, households=ctx.scale, villages=villages)
    generate_s = round(time.perf_counter() - started, 1)
    size_mb = round(os.path.getsize(path) / 1e6, 1)
    ctx.log(f"  {rows:,} member rows, {size_mb} MB, {generate_s} s")
    ctx.log("Pipeline: read, validate, score (DuckDB) → COPY and upsert (PostgreSQL) → ANALYZE…")
    steps: dict[str, float] = {}
    last = [time.perf_counter(), "start"]

    def progress(p: int, step: str) -> None:
        now = time.perf_counter()
        steps[last[1]] = round(now - last[0], 2)
        last[:] = [now, step]

    started = time.perf_counter()
    result = pipeline_run(csv_path=path, mapping=guess_mapping(read_columns(path)),
                          errors_dir=str(ctx.data_dir), progress=progress)  # fmt: skip
    with connection.cursor() as cur:
        cur.execute("ANALYZE network_household")
    pipeline_s = round(time.perf_counter() - started, 2)
    steps.pop("start", None)
    if result.errors:
        raise RuntimeError(f"{result.errors} validation errors in a generated file")
    ctx.log(f"  {pipeline_s} s: {result.households:,} households ({steps})")
    pipeline_rss = _peak_self_mb()
    ctx.log(f"HTTP: {ctx.requests} outreach lists of subdistrict {code} as {ACTOR}…")
    web = over_http(data_dir=ctx.data_dir, password=ctx.demo_password, requests=ctx.requests,
                    code=code, log=ctx.log)  # fmt: skip
    os.unlink(path)
    out = {
        "generate_s": generate_s,
        "member_rows": rows,
        "file_mb": size_mb,
        "households": result.households,
        "pipeline_s": pipeline_s,
        "pipeline_steps_s": steps,
        "households_per_s": round(result.households / pipeline_s) if pipeline_s else None,
        "pipeline_peak_rss_mb": pipeline_rss,
        "peak_rss_mb": max(pipeline_rss, web["server_peak_rss_mb"]),
        "outreach_subdistrict": code,
        **web,
    }
    out["targets"] = {"at_scale": TARGET_SCALE, "limits": TARGETS, "met": {
        "households_per_s": (out["households_per_s"] or 0) >= TARGETS["households_per_s"],
        "peak_rss_mb": out["peak_rss_mb"] <= TARGETS["peak_rss_mb"],
        "outreach_list_ms.p95": out["outreach_list_ms"]["p95"] <= TARGETS["outreach_list_ms.p95"],
    }}  # fmt: skip
    return out


def table(result: dict) -> list[tuple[str, str, str]]:
    s = result["outreach_list_ms"]
    return [
        ("pipeline_s", f"{result['pipeline_s']} s for {result['households']:,} households", "13M in ≤ 300 s"),
        ("households_per_s", f"{result['households_per_s']:,}", "≥ 43,000"),
        ("peak_rss_mb", f"{result['peak_rss_mb']} (pipeline {result['pipeline_peak_rss_mb']})", "≤ 4,096"),
        ("outreach_list_ms", f"p50 {s['p50']:.1f} / p95 {s['p95']:.1f} (n={s['n']})", "p95 ≤ 50"),
    ]  # fmt: skip
