"""Demo training data: the default catalogue, sessions in all four regions, completions for the
demo accounts (the screeners of Khon Kaen, Tak, Songkhla and Bangkok are qualified) and for
synthetic staff in about half of the other provinces, some qualified, some expired, some never
trained; the remaining provinces have no trained staff at all, which is the truth of the demo.

Synthetic, labelled (``is_demo``, "[ข้อมูลสาธิต]"), idempotent (a second call adds nothing),
and fast (bulk inserts).
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.geo.models import Province
from saphan.orgs.models import Agency, AgencyKind, User
from saphan.orgs.roles import Jurisdiction, Role

from .catalogue import ensure_defaults
from .models import Completion, CompletionSource, Course, TrainingSession

MARK = "[ข้อมูลสาธิต]"
SEED = 2569
# One demo province per region hosts that region's sessions.
HOSTS = {"northeast": "40", "north": "63", "south": "90", "central": "10"}
DEMO_PROVINCES = ("40", "63", "90", "10")
# Months before today when each region's two runnings of every course ended: a recent one
# (counts) and an old one (a 3-year competency has lapsed).
RUNS = (14, 44)


def _months_ago(today: dt.date, months: int) -> dt.date:
    m = today.year * 12 + today.month - 1 - months
    return dt.date(m // 12, m % 12 + 1, min(today.day, 28))


def _sessions(today: dt.date) -> dict[tuple[str, str, int], TrainingSession]:
    courses = list(Course.objects.all())
    hosts = {p.code: p for p in Province.objects.filter(code__in=HOSTS.values())}
    organisers = {
        a.province_id: a
        for a in Agency.objects.filter(province_id__in=HOSTS.values(), kind=AgencyKind.PSDHS)
    }
    made = []
    for code in HOSTS.values():
        province = hosts.get(code)
        if province is None:
            continue
        for course in courses:
            for months in RUNS:
                ends = _months_ago(today, months)
                made.append(
                    TrainingSession(
                        course=course, starts_on=ends - dt.timedelta(days=min(course.hours // 6, 3)),
                        ends_on=ends, province=province, region_id=province.region_id,
                        organiser=organisers.get(code), is_demo=True,
                        place=f"{MARK} ห้องประชุม {province.name_th}",
                    )
                )  # fmt: skip
    TrainingSession.objects.bulk_create(made)
    return {
        (s.region_id, s.course.code, m): s
        for s, m in zip(made, RUNS * (len(made) // 2), strict=True)
    }


def _synthetic_staff(rng: random.Random) -> list[User]:
    """2-5 staff (case workers of the shelter, MDT members of the police) in every demo
    province and in about half of the others; none in the rest."""
    from saphan.orgs.demo import synthetic_thai_name

    provinces = list(Province.objects.exclude(code__in=DEMO_PROVINCES).order_by("code"))
    chosen = [p for p in provinces if rng.random() < 0.55]
    chosen += list(Province.objects.filter(code__in=DEMO_PROVINCES))
    agencies = {}
    for a in Agency.objects.filter(
        province__in=chosen, kind__in=[AgencyKind.SHELTER, AgencyKind.POLICE]
    ):
        agencies[(a.province_id, a.kind)] = a
    password = make_password(None)
    users = []
    for p in chosen:
        n = 1 if p.code in DEMO_PROVINCES else rng.randint(2, 5)
        for i in range(1, n + 1):
            mdt = p.code in DEMO_PROVINCES or rng.random() < 0.5
            kind = AgencyKind.POLICE if mdt else AgencyKind.SHELTER
            first, last = synthetic_thai_name(seed=f"capacity-{p.code}-{i}")
            users.append(
                User(
                    username=f"demo.staff.{p.code}.{i}", first_name=first, last_name=last,
                    roles=[Role.MDT_MEMBER if mdt else Role.CASE_WORKER],
                    jurisdiction=Jurisdiction.PROVINCE, province=p, region_id=p.region_id,
                    agency=agencies.get((p.code, kind)), is_demo=True, password=password,
                )
            )  # fmt: skip
    User.objects.bulk_create(users, ignore_conflicts=True)
    return list(User.objects.filter(username__startswith="demo.staff.").select_related("province"))


def _completion(user, course_code, run, sessions, cert_no, *, source=CompletionSource.DEMO):
    session = sessions.get((user.region_id or user.province.region_id, course_code, run))
    if session is None:
        return None
    return Completion(
        user=user, course=session.course, session=session, completed_on=session.ends_on,
        certificate_number=f"สาธิต-{session.ends_on.year + 543}-{cert_no:05d}", source=source,
        is_demo=True,
    )  # fmt: skip


@transaction.atomic
def ensure_demo() -> str | None:
    ensure_defaults()
    if TrainingSession.objects.filter(is_demo=True).exists():
        return None
    rng = random.Random(SEED)
    today = timezone.localdate()
    sessions = _sessions(today)
    if not sessions:
        return None
    recent, old = RUNS
    completions = []
    cert = iter(range(1, 100000))
    # The demo accounts: the case workers and police of the four demo provinces are trained
    # screeners; supervisors know the law and the NRM.
    accounts = User.objects.filter(
        province_id__in=DEMO_PROVINCES, is_demo=True, username__regex=r"^(cw|police|sup)\."
    ).select_related("province")
    for user in accounts:
        if user.has_role(Role.CASE_WORKER, Role.MDT_MEMBER):
            codes = ["screening", "law-basic", "interpreters"]
            if user.has_role(Role.CASE_WORKER):
                codes += ["trauma-care", "child-interview"]
        else:
            codes = ["law-basic", "nrm"]
        completions += [_completion(user, c, recent, sessions, next(cert)) for c in codes]
    # Synthetic staff: about half trained recently, a fifth trained long ago (lapsed), the
    # rest never; the one synthetic MDT member of each demo province is never trained, so a
    # supervisor there has someone to record.
    for user in _synthetic_staff(rng):
        if user.province_id in DEMO_PROVINCES:
            continue
        for code in ("screening", "law-basic", "trauma-care", "nrm"):
            draw = rng.random()
            run = recent if draw < 0.45 else old if draw < 0.65 else None
            if run is not None:
                completions.append(_completion(user, code, run, sessions, next(cert)))
    Completion.objects.bulk_create([c for c in completions if c], ignore_conflicts=True)
    made = sum(1 for c in completions if c)
    return _(
        "Training demo: %(sessions)d sessions in four regions, %(completions)d completions."
    ) % {
        "sessions": len(sessions),
        "completions": made,
    }
