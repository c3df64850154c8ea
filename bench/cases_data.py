"""The `cases` suite's data: N synthetic persons and 0.3·N cases with their people, a few timeline
events each and some police assignments, generated in chunks on every core and bulk-loaded with
COPY. Every person's names carry the matching keys the app computes (saphan.people.keys).

Deterministic for a seed and scale. Everything is marked ``is_demo`` and is made up.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import time
import uuid
from bisect import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from zoneinfo import ZoneInfo

from . import names as N
from . import pgcopy

BANGKOK = ZoneInfo("Asia/Bangkok")
CASES_PER_PERSON = 0.3
CASES_PER_CHUNK = 2000
YEARS = 5
NATIONALITIES = (("TH", 55), ("MM", 27), ("LA", 10), ("KH", 8))
LANGUAGE_OF = {"TH": "th", "MM": "my", "LA": "lo", "KH": "km"}
# Share of persons whose date of birth is exact / a year only; the rest have an estimated age.
EXACT_BIRTH = {"TH": (0.85, 0.07), "MM": (0.6, 0.1), "LA": (0.6, 0.1), "KH": (0.6, 0.1)}
POLICE_ASSIGNED = 0.05  # share of cases assigned to the province police (an access row)
LOADED_TABLES = (
    "people_person",
    "people_personname",
    "people_caseparty",
    "cases_case",
    "cases_caseaccess",
    "cases_timelineevent",
)


@dataclass
class Refs:
    """What every chunk needs from the reference data (ids by province code)."""

    provinces: list[str]
    province_cum_weights: list[float]
    psdhs: dict[str, uuid.UUID]
    police: dict[str, uuid.UUID]
    worker: dict[str, uuid.UUID]  # the province's (bench or demo) case worker
    supervisor: dict[str, uuid.UUID]
    now: dt.datetime
    seed: int
    scale: int
    cases: int


@dataclass
class Chunk:
    """Rows of one chunk in COPY text format, per table, and the persons sampled from it."""

    number: int
    text: dict[str, str]
    counts: dict[str, int]
    samples: list[dict] = field(default_factory=list)
    keys_s: float = 0.0
    build_s: float = 0.0


# Set in the parent before the worker processes fork; read by them.
_REFS: Refs | None = None
_TABLES: dict[str, pgcopy.Table] = {}


def _tables() -> dict[str, pgcopy.Table]:
    from saphan.cases.models import Case, CaseAccess, TimelineEvent
    from saphan.people.models import CaseParty, Person, PersonName

    return {
        t.name: t
        for t in (
            pgcopy.Table.of(Person),
            pgcopy.Table.of(PersonName),
            pgcopy.Table.of(CaseParty),
            pgcopy.Table.of(Case),
            pgcopy.Table.of(CaseAccess),
            pgcopy.Table.of(TimelineEvent),
        )
    }


def _cached_keys() -> None:
    """In a worker process: remember each word's keys. ``name_keys`` is unchanged and still
    computes every key of every name; a word seen before (most given and family names recur)
    is not romanised and soundexed again. The function is pure, so the keys are identical."""
    from saphan.people import keys

    if not hasattr(keys.word_keys, "cache_info"):
        keys.word_keys = lru_cache(maxsize=None)(keys.word_keys)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


# --- planning (parent) --------------------------------------------------------------------------
@dataclass(frozen=True)
class CasePlan:
    province: str
    opened: dt.datetime
    code: str


def plan_cases(refs: Refs, counters: dict[tuple[str, int], int]) -> list[CasePlan]:
    """Province, opening time and code of every case. Codes are numbered per province and
    Buddhist-Era year in opening order, after the numbers already given (``counters``)."""
    rng = random.Random(f"{refs.seed}:plan")
    drafts = []
    for _ in range(refs.cases):
        province = refs.provinces[
            bisect(refs.province_cum_weights, rng.random() * refs.province_cum_weights[-1])
        ]
        days_ago = YEARS * 365 * (rng.random() ** 1.3)  # more recent cases than old ones
        opened = refs.now - dt.timedelta(days=days_ago, hours=rng.randint(1, 23))
        drafts.append((province, opened))
    order = sorted(range(len(drafts)), key=lambda i: drafts[i][1])
    numbers = dict(counters)
    codes = [""] * len(drafts)
    for i in order:
        province, opened = drafts[i]
        year = opened.astimezone(BANGKOK).year + 543
        numbers[(province, year)] = numbers.get((province, year), 0) + 1
        codes[i] = f"{province}-{year}-{numbers[(province, year)]:05d}"
    counters.update(numbers)
    return [CasePlan(p, o, c) for (p, o), c in zip(drafts, codes, strict=True)]


def first_person(case_index: int, refs: Refs) -> int:
    return case_index * refs.scale // refs.cases


# --- one chunk (worker) ---------------------------------------------------------------------------
def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _phase(rng: random.Random, age_days: float) -> str:
    if age_days < 1:
        return rng.choice(["intake", "screening"])
    if age_days < 15:
        return rng.choice(["screening", "identification", "identification"])
    if age_days < 150:
        return rng.choice(["identification", "protection", "protection", "protection"])
    if age_days < 400:
        return rng.choice(["protection", "return_reintegration", "follow_up", "follow_up"])
    return rng.choice(["follow_up", "closed", "closed", "closed", "closed"])


PHASES = [
    "intake",
    "screening",
    "identification",
    "protection",
    "return_reintegration",
    "follow_up",
    "closed",
]


def _name_forms(rng: random.Random, nationality: str, sex: str, family_of: dict | None) -> dict:
    """The person's name in each form it may be written in: {form: (given, family, script)}."""
    if nationality == "TH":
        female, male, family = N.thai_lists()
        given = rng.choice(female if sex == "Feminine" else male)
        surname = family_of["thai"][1] if family_of and rng.random() < 0.7 else rng.choice(family)
        return {
            "thai": (given, surname, "thai"),
            "latin": (N.royin_name(given), N.royin_name(surname), "latin"),
        }
    if nationality == "MM":
        words = rng.choices(N.MYANMAR_SYLLABLES, k=_weighted(rng, ((2, 25), (3, 55), (4, 20))))
        return {
            "latin": (" ".join(w[0] for w in words), "", "latin"),
            "native": ("".join(w[1] for w in words), "", "burmese"),
            "thai": (" ".join(w[2] for w in words), "", "thai"),
        }
    if nationality == "LA":
        shared = family_of and rng.random() < 0.6
        if rng.random() < 0.7:  # a name Thai and Lao share, written in each script
            female, male, family = N.thai_lists()
            given = rng.choice(female if sex == "Feminine" else male)
            surname = family_of["thai"][1] if shared else rng.choice(family)
            return {
                "thai": (given, surname, "thai"),
                "latin": (N.royin_name(given), N.royin_name(surname), "latin"),
                "native": (N.thai_to_lao(given), N.thai_to_lao(surname), "lao"),
            }
        g = rng.choice(N.LAO_GIVEN)
        f = (
            next((t for t in N.LAO_FAMILY if t[2] == family_of["thai"][1]), None)
            if shared
            else None
        )
        f = f or rng.choice(N.LAO_FAMILY)
        return {
            "latin": (g[0], f[0], "latin"),
            "native": (g[1], f[1], "lao"),
            "thai": (g[2], f[2], "thai"),
        }
    # Khmer: a given name of one or two words and a family name.
    given = rng.sample(N.KHMER_GIVEN, k=2 if rng.random() < 0.4 else 1)
    f = None
    if family_of and rng.random() < 0.6:
        f = next((t for t in N.KHMER_FAMILY if t[2] == family_of["thai"][1]), None)
    f = f or rng.choice(N.KHMER_FAMILY)
    return {
        "latin": (" ".join(g[0] for g in given), f[0], "latin"),
        "native": (" ".join(g[1] for g in given), f[1], "khmer"),
        "thai": (" ".join(g[2] for g in given), f[2], "thai"),
    }


def _written_forms(rng: random.Random, nationality: str) -> list[str]:
    """Which forms of the name were recorded, the primary first."""
    if nationality == "TH":
        return ["thai", "latin"] if rng.random() < 0.2 else ["thai"]
    if nationality == "LA":
        first = _weighted(rng, (("latin", 40), ("thai", 40), ("native", 20)))
    else:
        first = "latin" if rng.random() < 0.7 else "thai"
    more = [f for f in ("latin", "thai", "native") if f != first and rng.random() < 0.4]
    return [first, *more]


def _birth(rng: random.Random, nationality: str, age: int, on: dt.date) -> dict:
    born = on - dt.timedelta(days=int(age * 365.25) + rng.randint(0, 364))
    exact, year = EXACT_BIRTH[nationality]
    roll = rng.random()
    if roll < exact:
        return {"birth_date": born, "birth_date_precision": "exact"}
    if roll < exact + year:
        return {"birth_date": born.replace(month=1, day=1), "birth_date_precision": "year"}
    return {
        "birth_date": None,
        "birth_date_precision": "estimated",
        "age_estimate_min": max(age - 2, 1),
        "age_estimate_max": age + 2,
        "age_estimated_on": on,
    }


def _events(rng: random.Random, plan: CasePlan, phase: str, roles: list[str], now: dt.datetime):
    """The timeline of a case up to its phase: (kind, data) with times after the opening."""
    from saphan.cases.demo import FORMS, SOURCES

    forms = rng.choices(FORMS, weights=[f[2] for f in FORMS], k=1)[0][0]
    out = [
        ("case_opened", {"code": plan.code}),
        ("intake_recorded", {"source": rng.choice(SOURCES), "channel": rng.choice(["phone", "walk_in", "online", "field"]),
                             "urgency": rng.choice(["immediate", "urgent", "routine"])}),
    ]  # fmt: skip
    out += [("person_linked", {"role": role}) for role in roles]
    reached = PHASES.index(phase)
    status = ""
    if reached >= 1:
        out.append(("phase_changed", {"from_phase": "intake", "to_phase": "screening"}))
        out.append(
            (
                "screening_recorded",
                {
                    "indicators": rng.randint(2, 6),
                    "exploitation": forms,
                    "interpreter": rng.random() < 0.4,
                },
            )
        )
    if reached >= 2:
        out.append(("phase_changed", {"from_phase": "screening", "to_phase": "identification"}))
    if reached >= 3:
        status = "ActualVictimOfTrafficking"
        out += [
            ("identification_decided", {"status": status, "deciding_org": "NonPoliceGovernmentalOrganization", "members": rng.randint(2, 5)}),
            ("identification_approved", {"status": status}),
            ("rights_notified", {"language": "th", "rights": ["protection", "compensation", "legal_aid", "return"]}),
            ("phase_changed", {"from_phase": "identification", "to_phase": "protection"}),
            ("assistance_plan_created", {"planned_end": (plan.opened + dt.timedelta(days=180)).date().isoformat()}),
        ]  # fmt: skip
    elif reached == 2 and rng.random() < 0.3:
        status = "PossibleVictimOfTrafficking"
    for a, b in (("protection", "return_reintegration"), ("return_reintegration", "follow_up")):
        if reached > PHASES.index(a):
            out.append(("phase_changed", {"from_phase": a, "to_phase": b}))
    if phase == "closed":
        reason = rng.choice(["reintegrated", "repatriated", "lost_contact"])
        out += [("closure_requested", {"reason": reason}), ("case_closed", {"reason": reason})]
    # Spread over the case's life so far, in order.
    life = max((now - plan.opened).total_seconds(), 3600.0)
    offsets = sorted(rng.uniform(0, life * 0.9) for _ in out)
    offsets[0] = offsets[1] = 0.0
    times = [plan.opened + dt.timedelta(seconds=s) for s in offsets]
    return list(zip(times, out, strict=True)), (forms if reached >= 1 else []), status


def build_chunk(spec: tuple[int, int, list[CasePlan], frozenset[int]]) -> Chunk:
    """Rows of the cases ``first .. first + len(plans)`` and of their people."""
    from saphan.people.keys import birth_blocking, block_keys, detect_script, name_keys
    from saphan.people.models import Person

    number, first, plans, sampled = spec
    refs, tables = _REFS, _TABLES
    started = time.monotonic()
    keys_s = 0.0
    lines: dict[str, list[str]] = {name: [] for name in tables}
    samples = []
    for offset, plan in enumerate(plans):
        c = first + offset
        rng = random.Random(f"{refs.seed}:case:{c}")
        nationality = _weighted(rng, NATIONALITIES)
        age_days = (refs.now - plan.opened).total_seconds() / 86400
        phase = _phase(rng, age_days)
        case_id = _uuid(rng)
        worker = refs.worker[plan.province]
        p0, p1 = first_person(c, refs), first_person(c + 1, refs)
        roles, victim_forms = [], None
        opened_on = plan.opened.astimezone(BANGKOK).date()
        for i in range(p0, p1):
            if i == p0:
                role = "victim"
            elif i == p0 + 1 and rng.random() < 0.3:
                role = "victim"
            else:
                role = "family" if rng.random() < 0.7 else "witness"
            roles.append(role)
            if role == "victim":
                sex = "Feminine" if rng.random() < 0.55 else "Masculine"
                age = rng.randint(12, 17) if rng.random() < 0.18 else rng.randint(18, 45)
            else:
                sex = "Feminine" if rng.random() < 0.5 else "Masculine"
                age = rng.randint(18, 70)
            forms = _name_forms(rng, nationality, sex, victim_forms if role == "family" else None)
            if i == p0:
                victim_forms = forms
            person_id = _uuid(rng)
            created = plan.opened + dt.timedelta(minutes=30 + i - p0)
            written = []
            t = time.monotonic()
            pending = []
            for k, form in enumerate(_written_forms(rng, nationality)):
                given, family, _script = forms[form]
                full = " ".join(p for p in (given, family) if p)
                keys = name_keys(full)
                written.append((full, given, family, detect_script(full), k == 0))
                pending.append(
                    {
                        "id": _uuid(rng),
                        "created_at": created,
                        "updated_at": created,
                        "person_id": person_id,
                        "script": written[-1][3],
                        "full_name": full,
                        "given_name": given,
                        "family_name": family,
                        "is_primary": k == 0,
                        "normalized": keys.normalized,
                        "tokens": keys.tokens,
                        "udom83": keys.udom83,
                        "lk82": keys.lk82,
                        "latin_keys": keys.latin_keys,
                        "typo_keys": keys.typo_keys,
                        "romanized": keys.romanized,
                        "phonetic": keys.phonetic,
                    }
                )
            keys_s += time.monotonic() - t
            birth = _birth(rng, nationality, age, opened_on)
            # The blocking keys hold the date of birth (keys.block_keys), as the app writes them.
            blocking = birth_blocking(Person(created_at=created, **birth))
            for row in pending:
                row["block_keys"] = block_keys(row["phonetic"], **blocking)
                lines["people_personname"].append(tables["people_personname"].line(row))
            lines["people_person"].append(
                tables["people_person"].line(
                    {
                        "id": person_id,
                        "created_at": created,
                        "updated_at": created,
                        "full_name": written[0][0],
                        "sex": sex,
                        "citizenships": [nationality],
                        "languages": [LANGUAGE_OF[nationality]],
                        "interpreter_needed": nationality != "TH",
                        "home_province_id": plan.province if nationality == "TH" else None,
                        "is_demo": True,
                        **birth,
                    }
                )
            )
            lines["people_caseparty"].append(
                tables["people_caseparty"].line(
                    {
                        "id": _uuid(rng),
                        "created_at": created,
                        "updated_at": created,
                        "case_id": case_id,
                        "person_id": person_id,
                        "role": role,
                    }
                )
            )
            if i in sampled:
                samples.append(
                    {
                        "index": i,
                        "person_id": person_id,
                        "nationality": nationality,
                        "names": written,
                        "birth_date": birth["birth_date"],
                        "precision": birth["birth_date_precision"],
                        "province": plan.province,
                        "case_code": plan.code,
                        "role": role,
                    }
                )
        events, exploitation, status = _events(rng, plan, phase, roles, refs.now)
        last = events[-1][0]
        lines["cases_case"].append(
            tables["cases_case"].line(
                {
                    "id": case_id,
                    "created_at": plan.opened,
                    "updated_at": last,
                    "code": plan.code,
                    "province_id": plan.province,
                    "agency_id": refs.psdhs[plan.province],
                    "case_worker_id": worker,
                    "phase": phase,
                    "opened_at": plan.opened,
                    "closed_at": last if phase == "closed" else None,
                    "trafficking_status": status,
                    "exploitation_types": exploitation,
                    # What the database's triggers keep (cases migration 0012), which the load
                    # session skips: every person of a generated case has its nationality.
                    "victim_citizenships": [nationality],
                    "is_demo": True,
                }
            )
        )
        for at, (kind, data) in events:
            lines["cases_timelineevent"].append(
                tables["cases_timelineevent"].line(
                    {"case_id": case_id, "at": at, "actor_id": worker, "kind": kind, "data": data}
                )
            )
        if rng.random() < POLICE_ASSIGNED:
            lines["cases_caseaccess"].append(
                tables["cases_caseaccess"].line(
                    {
                        "id": _uuid(rng),
                        "created_at": plan.opened,
                        "updated_at": plan.opened,
                        "case_id": case_id,
                        "user_id": None,
                        "agency_id": refs.police[plan.province],
                        "reason": "assigned",
                        "identity": False,
                        "note": "มอบหมายให้ร่วมสอบสวน (ข้อมูลสมมติ)",
                        "granted_by_id": refs.supervisor[plan.province],
                    }
                )
            )
    return Chunk(
        number=number,
        text={name: "".join(rows) for name, rows in lines.items()},
        counts={name: len(rows) for name, rows in lines.items()},
        samples=samples,
        keys_s=keys_s,
        build_s=time.monotonic() - started,
    )


# --- the whole load (parent) ----------------------------------------------------------------------
def _bench_staff(provinces) -> tuple[dict, dict]:
    """A case worker and a supervisor in every province's พมจ.: the demo accounts where they
    exist (cw.khonkaen, sup.khonkaen...), otherwise bench accounts that cannot sign in."""
    from saphan.orgs.models import Agency, AgencyKind, User
    from saphan.orgs.roles import Jurisdiction, Role

    psdhs = {a.province_id: a for a in Agency.objects.filter(kind=AgencyKind.PSDHS)}
    workers, supervisors = {}, {}
    for prefix, role, out in (
        ("cw", Role.CASE_WORKER, workers),
        ("sup", Role.PROVINCIAL_SUPERVISOR, supervisors),
    ):
        for province in provinces:
            user = (
                User.objects.filter(
                    province=province, agency=psdhs[province.code], roles__contains=[role]
                )
                .order_by("-is_demo", "username")
                .first()
            )
            if user is None:
                user = User(
                    username=f"bench.{prefix}.{province.code}", first_name="ทดสอบ", last_name=f"{prefix}-{province.code}",
                    roles=[role], jurisdiction=Jurisdiction.PROVINCE, province=province, region_id=province.region_id,
                    agency=psdhs[province.code], is_demo=True,
                )  # fmt: skip
                user.set_unusable_password()
                user.save()
            out[province.code] = user.pk
    return workers, supervisors


def refs_load(*, scale: int, seed: int) -> Refs:
    from django.utils import timezone

    from saphan.cases.demo import PROVINCE_WEIGHT
    from saphan.geo.models import Province
    from saphan.orgs.models import Agency, AgencyKind

    provinces = list(Province.objects.order_by("code"))
    workers, supervisors = _bench_staff(provinces)
    agencies = Agency.objects.filter(kind__in=[AgencyKind.PSDHS, AgencyKind.POLICE])
    by_kind = {(a.kind, a.province_id): a.pk for a in agencies}
    return Refs(
        provinces=[p.code for p in provinces],
        province_cum_weights=list(accumulate(PROVINCE_WEIGHT.get(p.code, 1) for p in provinces)),
        psdhs={p.code: by_kind[(AgencyKind.PSDHS, p.code)] for p in provinces},
        police={
            p.code: by_kind.get((AgencyKind.POLICE, p.code), by_kind[(AgencyKind.PSDHS, p.code)])
            for p in provinces
        },
        worker=workers,
        supervisor=supervisors,
        now=timezone.now(),
        seed=seed,
        scale=scale,
        cases=max(1, round(scale * CASES_PER_PERSON)),
    )


def _key_frequencies() -> int:
    """What ``manage.py name_key_frequencies`` does after a bulk import (the app's own code)."""
    from saphan.people.services import name_key_frequencies_refresh

    return name_key_frequencies_refresh()


def generate(*, scale: int, seed: int, sample_size: int, log=print) -> dict:
    """Generate and load everything; returns timings, counts and the sampled persons."""
    global _REFS, _TABLES
    from django.db import connection, connections

    from saphan.cases.models import CaseCodeCounter

    started = time.monotonic()
    refs = refs_load(scale=scale, seed=seed)
    counters = {(c.province_id, c.be_year): c.last_number for c in CaseCodeCounter.objects.all()}
    before = dict(counters)
    plans = plan_cases(refs, counters)
    rng = random.Random(f"{seed}:sample")
    sampled = frozenset(rng.sample(range(scale), k=min(scale, sample_size)))
    specs = []
    for number, first in enumerate(range(0, refs.cases, CASES_PER_CHUNK)):
        chunk_plans = plans[first : first + CASES_PER_CHUNK]
        lo, hi = first_person(first, refs), first_person(first + len(chunk_plans), refs)
        specs.append((number, first, chunk_plans, frozenset(i for i in sampled if lo <= i < hi)))
    _REFS, _TABLES = refs, _tables()
    plan_s = time.monotonic() - started

    counts = dict.fromkeys(_TABLES, 0)
    samples, keys_s, build_s, copy_s, index_s = [], 0.0, 0.0, 0.0, 0.0
    processes = max(1, min(os.cpu_count() or 1, len(specs)))
    # The workers fork before this process opens its connection, so none is shared with
    # them; they never touch the database: they format rows, this process copies them in.
    connections.close_all()
    pool = multiprocessing.get_context("fork").Pool(processes, initializer=_cached_keys)
    try:
        connection.ensure_connection()
        raw = connection.connection
        indexes = pgcopy.secondary_indexes(raw, LOADED_TABLES)
        pgcopy.drop_indexes(raw, indexes)
        triggers = pgcopy.skip_triggers(raw, LOADED_TABLES)
        try:
            done = 0
            for chunk in pool.imap(build_chunk, specs):
                t = time.monotonic()
                for name in LOADED_TABLES:
                    pgcopy.copy_text(raw, _TABLES[name], chunk.text[name])
                copy_s += time.monotonic() - t
                for name, n in chunk.counts.items():
                    counts[name] += n
                samples += chunk.samples
                keys_s += chunk.keys_s
                build_s += chunk.build_s
                done += 1
                if done % max(1, len(specs) // 10) == 0 or done == len(specs):
                    log(f"  generated {counts['people_person']:,} persons, {counts['cases_case']:,} cases "
                        f"({time.monotonic() - started:.0f} s)")  # fmt: skip
        finally:
            pgcopy.restore_triggers(raw)
            t = time.monotonic()
            index_times = pgcopy.build_indexes(raw, indexes)
            index_s = time.monotonic() - t
    finally:
        pool.terminate()
        pool.join()
    for (province, year), last in counters.items():
        if before.get((province, year)) != last:
            CaseCodeCounter.objects.update_or_create(
                province_id=province, be_year=year, defaults={"last_number": last}
            )
    t = time.monotonic()
    with raw.cursor() as cur:
        for name in LOADED_TABLES:
            cur.execute(f"VACUUM (ANALYZE) {name}")
    analyze_s = time.monotonic() - t
    t = time.monotonic()
    frequent_keys = _key_frequencies()
    frequencies_s = time.monotonic() - t
    generate_s = time.monotonic() - started
    connections.close_all()
    return {
        "generate_s": round(generate_s, 1),
        "persons_per_s": round(scale / generate_s),
        "generate_breakdown_s": {
            "plan": round(plan_s, 1),
            "rows_and_keys_cpu_in_workers": round(build_s, 1),
            "of_which_name_keys_cpu": round(keys_s, 1),
            "copy_wall_in_parent": round(copy_s, 1),
            "index_rebuild": round(index_s, 1),
            "vacuum_analyze": round(analyze_s, 1),
            "name_key_frequencies": round(frequencies_s, 1),
        },
        "frequent_name_keys": frequent_keys,
        "index_rebuild_s": index_times,
        "worker_processes": processes,
        "generated": {
            "persons": counts["people_person"],
            "person_names": counts["people_personname"],
            "cases": counts["cases_case"],
            "case_parties": counts["people_caseparty"],
            "timeline_events": counts["cases_timelineevent"],
            "case_accesses": counts["cases_caseaccess"],
        },
        "bulk_load": {
            "method": "PostgreSQL COPY (psycopg 3 cursor.copy), rows formatted on every core",
            "triggers": triggers,
            "indexes": f"{len(indexes)} secondary indexes dropped for the load and rebuilt after it",
            "after": "VACUUM (ANALYZE) of the loaded tables",
        },
        "samples": samples,
    }
