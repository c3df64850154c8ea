"""Suite `insight`: the dashboards over HTTP at national scale, and how fast they follow changes.

1. Generate N cases (and their persons) with bench/cases_data.py (COPY), then the stage records
   the indicators read — intake, custody and screening, identification decisions, rights
   notices, shelter stays, compensation claims/orders/payments, reintegration plans with their
   follow-up visits, referrals — as rows formatted here and loaded with COPY (bench/pgcopy.py).
   The COPY skips the triggers that keep the fact table current, so the fact table and its
   monthly rollup (insight/facts.py) are then built in full from the case records:
   ``facts_build_s``.
2. The real server (``manage.py serve``): the national dashboard as central.datip, the northeast
   as region.northeast and Khon Kaen as sup.khonkaen, ``dashboard_ms`` p50/p95 each. Every
   request aggregates the fact table (there is no snapshot or cache of the page), cycling
   through four periods (last 12 months, this and last fiscal year, a quarter).
3. ``indicator_refresh_s``: 1,000 case changes (identification decisions approved with the
   case's status, and rights notices, through the ORM: the triggers note the 1,000 cases),
   then ``facts.sync()`` — what the next reader or the worker's minute task runs — timed; the
   national dashboard must then show the new count.

``--reuse-data`` with the ``--data-dir`` of a ``--keep-data`` run skips step 1 (the facts are
built again with the code being measured) and measures 2 and 3 on that data.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid

from . import cases_data, pgcopy
from .http import Client, Server, server_env
from .stats import summary

DEFAULT_SCALE = 300_000  # cases
TARGET_SCALE = 300_000
TARGETS = {"dashboard_ms.national.p95": 300, "dashboard_ms.region.p95": 300,
           "dashboard_ms.province.p95": 300}  # fmt: skip
PERIODS = ("12m", "FY{fy}", "FY{last}", "FY{fy}-Q1")  # cycled through by the timed requests
PAGES = {
    "national": ("central.datip", "/insight/nation/"),
    "region": ("region.northeast", "/insight/region/northeast/"),
    "province": ("sup.khonkaen", "/insight/province/40/"),
}
CHANGES = 1000
SUPPORTS_REUSE = True  # --reuse-data: measure again on a kept run's data (run() below)
MAX_REQUESTS = 40  # per page: a dashboard is a heavy page; 3 x 40 keeps the run in minutes


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def stage_records(*, seed: int, log) -> dict:
    """The stage records of every generated case, formatted here and loaded with COPY."""
    from django.db import connection

    from saphan.cases import models as m
    from saphan.orgs.models import Agency, AgencyKind, User

    rng = random.Random(f"{seed}:insight")
    started = time.monotonic()
    tables = {
        name: pgcopy.Table.of(model)
        for name, model in {
            "intake": m.Intake,
            "custody": m.Custody,
            "screening": m.ScreeningInterview,
            "decision": m.IdentificationDecision,
            "rights": m.RightsNotice,
            "stay": m.ShelterStay,
            "claim": m.CompensationClaim,
            "order": m.CompensationOrder,
            "payment": m.CompensationPayment,
            "reintegration": m.ReintegrationPlan,
            "visit": m.FollowUpVisit,
            "referral": m.Referral,
        }.items()
    }
    lines: dict[str, list[str]] = {name: [] for name in tables}
    actor = User.objects.filter(username="sup.khonkaen").values_list("pk", flat=True).first()
    psdhs = dict(Agency.objects.filter(kind=AgencyKind.PSDHS).values_list("province_id", "pk"))
    shelters = list(Agency.objects.filter(kind=AgencyKind.SHELTER).values_list("pk", flat=True))
    police = dict(Agency.objects.filter(kind=AgencyKind.POLICE).values_list("province_id", "pk"))
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    rows = m.Case.objects.values_list("id", "province_id", "opened_at", "created_at", "phase",
                                      "trafficking_status")  # fmt: skip
    n = 0
    for case_id, province, opened_at, created_at, phase, status in rows.iterator(chunk_size=5000):
        n += 1
        opened = opened_at or created_at
        base = {"created_at": opened, "updated_at": opened}
        lines["intake"].append(tables["intake"].line({**base, "id": _uuid(rng), "case_id": case_id,
            "received_at": opened, "source": "police", "channel": "field", "urgency": "routine",
            "description": "[bench]", "recorded_by_id": actor}))  # fmt: skip
        if phase != "intake" and rng.random() < 0.6:
            started_at = opened + dt.timedelta(hours=rng.randint(1, 48))
            lines["custody"].append(tables["custody"].line({**base, "id": _uuid(rng),
                "case_id": case_id, "started_at": started_at, "place": "[bench]",
                "place_is_not_a_cell": True, "ended_at": started_at + dt.timedelta(hours=20),
                "recorded_by_id": actor}))  # fmt: skip
            lines["screening"].append(tables["screening"].line({**base, "id": _uuid(rng),
                "case_id": case_id, "interviewed_at": started_at + dt.timedelta(hours=rng.randint(1, 30)),
                "interviewer_id": actor}))  # fmt: skip
        if not status:
            continue
        decided = opened + dt.timedelta(days=rng.randint(2, 30), hours=rng.randint(0, 23))
        actual = status == "ActualVictimOfTrafficking"
        lines["decision"].append(tables["decision"].line({**base, "id": _uuid(rng),
            "case_id": case_id, "status": status, "deciding_org": "NonPoliceGovernmentalOrganization",
            "decided_at": decided, "reasons": "[bench]", "recorded_by_id": actor,
            "approved_by_id": actor if actual else None,
            "approved_at": decided + dt.timedelta(hours=3) if actual else None}))  # fmt: skip
        if not actual:
            continue
        if rng.random() < 0.9:
            lines["rights"].append(tables["rights"].line({**base, "id": _uuid(rng), "case_id": case_id,
                "notified_at": decided + dt.timedelta(hours=5), "language": "th",
                "rights": ["protection", "compensation"], "recorded_by_id": actor}))  # fmt: skip
        day = decided.date()
        if shelters and rng.random() < 0.4:
            end = day + dt.timedelta(days=rng.randint(5, 200))
            lines["stay"].append(tables["stay"].line({**base, "id": _uuid(rng), "case_id": case_id,
                "shelter_id": rng.choice(shelters), "started_on": day,
                "ended_on": end if end < today else None, "recorded_by_id": actor}))  # fmt: skip
        if rng.random() < 0.2:
            claim = _uuid(rng)
            lines["claim"].append(tables["claim"].line({**base, "id": claim, "case_id": case_id,
                "kind": "from_offender_in_criminal_case", "amount_claimed": 100000,
                "claimed_on": day, "recorded_by_id": actor}))  # fmt: skip
            ordered_on = min(day + dt.timedelta(days=rng.randint(30, 300)), today)
            lines["order"].append(tables["order"].line({**base, "id": _uuid(rng), "claim_id": claim,
                "amount_ordered": rng.randint(10, 200) * 1000, "ordered_on": ordered_on,
                "decided_by": "[bench]", "recorded_by_id": actor}))  # fmt: skip
            if rng.random() < 0.5:
                lines["payment"].append(tables["payment"].line({**base, "id": _uuid(rng),
                    "claim_id": claim, "amount_paid": rng.randint(5, 100) * 1000,
                    "paid_on": min(ordered_on + dt.timedelta(days=rng.randint(10, 120)), today),
                    "payer": "[bench]", "recorded_by_id": actor}))  # fmt: skip
        if phase in ("follow_up", "closed") and province in psdhs:
            plan = _uuid(rng)
            begun = day + dt.timedelta(days=rng.randint(30, 120))
            lines["reintegration"].append(tables["reintegration"].line({**base, "id": plan,
                "case_id": case_id, "home_province_id": province,
                "responsible_agency_id": psdhs[province], "plan": "[bench]",
                "started_on": begun, "recorded_by_id": actor}))  # fmt: skip
            for number, months in enumerate((1, 3, 6, 12), start=1):
                due = begun + dt.timedelta(days=30 * months)
                done = due < today and rng.random() < 0.8
                done_on = due - dt.timedelta(days=rng.randint(-5, 10)) if done else None
                lines["visit"].append(tables["visit"].line({**base, "id": _uuid(rng),
                    "case_id": case_id, "plan_id": plan, "number": number, "due_on": due,
                    "status": "done" if done else "scheduled", "done_on": done_on}))  # fmt: skip
        if province in psdhs and rng.random() < 0.3:
            sent = decided + dt.timedelta(days=rng.randint(0, 20))
            answered = sent + dt.timedelta(hours=rng.randint(2, 120))
            lines["referral"].append(tables["referral"].line({**base, "id": _uuid(rng),
                "case_id": case_id, "kind": "referral", "from_agency_id": psdhs[province],
                "to_agency_id": police.get(province, psdhs[province]),
                "reason": "AdditionalServicesRequired", "identity_sharing": "not_shared",
                "sent_by_id": actor, "sent_at": sent,
                "answer": "accepted" if answered < now else "",
                "answered_at": answered if answered < now else None}))  # fmt: skip
    build_s = time.monotonic() - started
    connection.ensure_connection()
    raw = connection.connection
    names = [t.name for t in tables.values()]
    indexes = pgcopy.secondary_indexes(raw, names)
    pgcopy.drop_indexes(raw, indexes)
    pgcopy.skip_triggers(raw, names)
    t = time.monotonic()
    try:
        for key, table in tables.items():
            pgcopy.copy_text(raw, table, "".join(lines[key]))
    finally:
        pgcopy.restore_triggers(raw)
        copy_s = time.monotonic() - t
        pgcopy.build_indexes(raw, indexes)
    with raw.cursor() as cur:
        for name in names:
            cur.execute(f"VACUUM (ANALYZE) {name}")
    raw.commit()
    counts = {key: len(v) for key, v in lines.items()}
    log(f"  stage records for {n:,} cases: {sum(counts.values()):,} rows "
        f"({build_s:.0f} s to build, {copy_s:.0f} s to copy)")  # fmt: skip
    from saphan.insight import facts

    built = facts.rebuild()
    with raw.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) insight_fact")
        cur.execute("SELECT pg_total_relation_size('insight_fact')")
        fact_mb = cur.fetchone()[0] / 1e6
    raw.commit()
    log(
        f"  fact table: {built['facts']:,} facts built in {built['seconds']:.0f} s ({fact_mb:.0f} MB)"
    )
    return {"stage_records": counts, "stage_records_s": round(time.monotonic() - started, 1),
            "facts": built["facts"], "facts_build_s": built["seconds"],
            "facts_table_mb": round(fact_mb, 1)}  # fmt: skip


def case_changes(*, n: int, seed: int) -> dict:
    """n changes to case records, as the services would leave them: identification decisions
    approved (with the case's status), rights notices and compensation payments."""
    from django.db import transaction
    from django.utils import timezone

    from saphan.cases import models as m
    from saphan.orgs.models import User

    rng = random.Random(f"{seed}:changes")
    actor = User.objects.get(username="sup.khonkaen")
    now = timezone.now()
    candidates = list(
        m.Case.objects.filter(trafficking_status="PossibleVictimOfTrafficking").values_list(
            "id", flat=True
        )[: n * 2]
    )
    chosen = rng.sample(candidates, k=min(n, len(candidates)))
    started = time.monotonic()
    with transaction.atomic():
        m.IdentificationDecision.objects.bulk_create(
            [
                m.IdentificationDecision(
                    case_id=c,
                    status="ActualVictimOfTrafficking",
                    deciding_org="NonPoliceGovernmentalOrganization",
                    decided_at=now,
                    reasons="[bench change]",
                    recorded_by=actor,
                    approved_by=actor,
                    approved_at=now,
                )  # fmt: skip
                for c in chosen
            ]
        )
        m.Case.objects.filter(id__in=chosen).update(trafficking_status="ActualVictimOfTrafficking")
        m.RightsNotice.objects.bulk_create(
            [
                m.RightsNotice(case_id=c, notified_at=now, language="th", recorded_by=actor)
                for c in chosen
            ]  # fmt: skip
        )
    return {"changed_cases": len(chosen), "changes_write_s": round(time.monotonic() - started, 2)}


def over_http(*, data_dir, password: str, requests: int, seed: int, log) -> dict:
    from django.db import connections

    connections.close_all()
    server = Server(env=server_env(data_dir=data_dir), log_path=data_dir / "bench-serve.log")
    log(f"  starting the server on port {server.port}")
    server.start(timeout=900)
    try:
        clients = {}
        for key, (username, _path) in PAGES.items():
            clients[key] = Client(server.port)
            clients[key].sign_in(username, password)
        warm = 2
        per_page = max(1, min(requests, MAX_REQUESTS))
        results, cold, by_period = {}, {}, {}
        from saphan.insight.indicators import fiscal_year_of

        fy = fiscal_year_of(dt.date.today())
        periods = [p.format(fy=fy, last=fy - 1) for p in PERIODS]
        for key, (_username, path) in PAGES.items():
            times, per = [], {p: [] for p in periods}
            for i in range(per_page + warm):
                period = periods[i % len(periods)]
                status, body, ms = clients[key].get(f"{path}?period={period}")
                if status != 200:
                    raise RuntimeError(
                        f"GET {path} answered {status}:\n{body[:300]}\n{server.log_tail()}"
                    )
                if i == 0:
                    cold[key] = round(ms, 1)  # the server's first aggregation of the page
                elif i >= warm:
                    times.append(ms)
                    per[period].append(ms)
            results[key] = summary(times)
            by_period[key] = {p: summary(v) for p, v in per.items() if v}
            log(f"  {key} dashboard: first {cold[key]:.0f} ms; then p50 "
                f"{results[key]['p50']:.0f} ms, p95 {results[key]['p95']:.0f} ms")  # fmt: skip
        # The changes, then the fact sync (the next reader's or the worker's), then the page.
        before = _victims_on_page(clients["national"].get(PAGES["national"][1])[1])
        changes = case_changes(n=CHANGES, seed=seed)
        from saphan.insight import facts
        from saphan.insight.models import DirtyCase

        noted = DirtyCase.objects.values("case_id").distinct().count()
        started = time.monotonic()
        synced = facts.sync()
        refresh_s = time.monotonic() - started
        connections.close_all()
        status, body, after_ms = clients["national"].get(PAGES["national"][1])
        after = _victims_on_page(body)
        log(f"  after {changes['changed_cases']} changes: facts synced in {refresh_s:.2f} s; "
            f"victims identified {before} -> {after}")  # fmt: skip
        for client in clients.values():
            client.close()
    finally:
        server.stop()
    return {
        "dashboard_ms": results,
        "dashboard_first_request_ms": cold,
        "dashboard_ms_by_period": by_period,
        "dashboard_requests_per_page": per_page,
        "dashboard_how": "every request aggregates the fact table (no page snapshot or cache); "
        f"periods cycled: {', '.join(periods)}",
        "indicator_refresh_s": round(refresh_s, 3),
        "indicator_refresh": {
            "how": "facts.sync() after the changes: the facts of the cases the triggers noted "
            "rebuilt from the case records (what the next dashboard request or the worker's "
            "minute task runs); then the national dashboard shows them",
            "cases_noted_by_triggers": noted,
            "cases_synced": synced["cases"],
            "facts_rebuilt": synced["facts"],
            "national_dashboard_after_refresh_ms": round(after_ms, 1),
            "victims_identified_before": before,
            "victims_identified_after": after,
            **changes,
        },
    }


def _victims_on_page(html: str):
    import re

    match = re.search(r'data-indicator="victims_identified".*?class="value">([^<]+)<', html, re.S)
    return match.group(1).strip() if match else None


def _reused(ctx) -> dict:
    """--reuse-data: the cases and stage records of a kept run; the facts built again with this
    code, then measured the same way."""
    from django.db import connection

    from saphan.cases.models import Case
    from saphan.insight import facts
    from saphan.orgs.models import User

    for username, _path in PAGES.values():  # the kept run signed in with its own password
        user = User.objects.get(username=username)
        user.set_password(ctx.demo_password)
        user.save(update_fields=["password"])
    built = facts.rebuild()
    connection.ensure_connection()
    with connection.connection.cursor() as cur:
        for table in ("insight_fact", "insight_rollup"):
            cur.execute(f"VACUUM (ANALYZE) {table}")
        cur.execute("SELECT pg_total_relation_size('insight_fact')")
        fact_mb = cur.fetchone()[0] / 1e6
    connection.connection.commit()
    ctx.log(f"  reused data: {Case.objects.count():,} cases; {built['facts']:,} facts built in "
            f"{built['seconds']:.0f} s")  # fmt: skip
    return {"cases": Case.objects.count(), "generate_s": None, "reused_data": True,
            "stage_records": {}, "facts": built["facts"], "facts_build_s": built["seconds"],
            "facts_table_mb": round(fact_mb, 1)}  # fmt: skip


def run(ctx) -> dict:
    if ctx.reuse:
        result = _reused(ctx)
        ctx.log("HTTP: national, regional and provincial dashboards…")
        result.update(over_http(data_dir=ctx.data_dir, password=ctx.demo_password,
                                requests=ctx.requests, seed=ctx.seed + 1, log=ctx.log))  # fmt: skip
        result["targets"] = _targets(result)
        return result
    persons = max(100, round(ctx.scale / cases_data.CASES_PER_PERSON))
    ctx.log(f"Generating {ctx.scale:,} cases ({persons:,} persons)…")
    data = cases_data.generate(scale=persons, seed=ctx.seed, sample_size=10, log=ctx.log)
    data.pop("samples")
    stages = stage_records(seed=ctx.seed, log=ctx.log)
    ctx.log("HTTP: national, regional and provincial dashboards…")
    web = over_http(data_dir=ctx.data_dir, password=ctx.demo_password, requests=ctx.requests,
                    seed=ctx.seed, log=ctx.log)  # fmt: skip
    result = {"cases": data["generated"]["cases"], "generate_s": data["generate_s"],
              "generated": data["generated"], **stages, **web}  # fmt: skip
    result["targets"] = _targets(result)
    return result


def _targets(result: dict) -> dict:
    return {"at_scale": TARGET_SCALE, "limits": TARGETS, "met": {
        key: result["dashboard_ms"][key.split(".")[1]]["p95"] <= limit
        for key, limit in TARGETS.items()}}  # fmt: skip


def table(result: dict) -> list[tuple[str, str, str]]:
    made = "reused" if result.get("reused_data") else f"generated in {result['generate_s']} s"
    rows = [("cases", f"{result['cases']:,} ({made})", "300,000")]
    for key in PAGES:
        s = result["dashboard_ms"][key]
        rows.append((f"dashboard_ms.{key}", f"p50 {s['p50']:.0f} / p95 {s['p95']:.0f} (n={s['n']})",
                     "p95 ≤ 300"))  # fmt: skip
    rows.append(
        ("facts_build_s", f"{result.get('facts_build_s')} s ({result.get('facts'):,} facts)", "—")
    )
    rows.append(("indicator_refresh_s", f"{result['indicator_refresh_s']} s", "—"))
    return rows


REQUIRED_KEYS = ("scale", "cases", "dashboard_ms", "indicator_refresh_s", "stage_records")
