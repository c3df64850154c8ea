"""Demo data of the network: volunteers and youth-council members in Khon Kaen villages (the
demo accounts vol.khonkaen and youth.khonkaen among them), tips waiting in Khon Kaen's triage
queue, and a household survey of a few Khon Kaen subdistricts with risk scores.

Synthetic and labelled ("[ข้อมูลสาธิต]", ``is_demo``); idempotent (a second call adds nothing);
fast (bulk inserts, no per-row services)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.geo.models import Subdistrict
from saphan.orgs.demo import synthetic_thai_name
from saphan.orgs.models import User
from saphan.orgs.roles import Jurisdiction, Role

from .models import MemberKind, NetworkMember, Tip

MARK = "[ข้อมูลสาธิต]"
SEED = 2569
PROVINCE = "40"
# Mueang Khon Kaen and Ban Fang: a few subdistricts, a volunteer for every village.
DEMO_SUBDISTRICTS = ("400101", "400102", "400103", "400104", "400201", "400202")
VILLAGES_PER_SUBDISTRICT = 4

# The tips waiting in the triage queue, one a row: urgency, way (TipWay), source, what was told.
TIPS_FILE = Path(__file__).resolve().parent / "data" / "demo_tips.csv"


def _subdistricts() -> list[Subdistrict]:
    found = list(
        Subdistrict.objects.select_related("district").filter(
            district__province_id=PROVINCE, code__in=DEMO_SUBDISTRICTS
        )
    )
    if not found:  # reference data without these codes: any Khon Kaen subdistricts will do
        found = list(
            Subdistrict.objects.select_related("district")
            .filter(district__province_id=PROVINCE)
            .order_by("code")[: len(DEMO_SUBDISTRICTS)]
        )
    return found


def _members(subs: list[Subdistrict], rng: random.Random) -> int:
    if NetworkMember.objects.filter(is_demo=True).exists():
        return 0
    coordinator = User.objects.filter(username="cw.khonkaen").first()
    made = 0
    slots = [(s, n) for s in subs for n in range(1, VILLAGES_PER_SUBDISTRICT + 1)]
    demo_accounts = {
        "vol.khonkaen": (MemberKind.VOLUNTEER, slots[0]),
        "youth.khonkaen": (MemberKind.YOUTH_COUNCIL, slots[1]),
    }
    members = []
    for username, (kind, (sub, n)) in demo_accounts.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        members.append(
            NetworkMember(
                user=user, kind=kind, province_id=PROVINCE, district_id=sub.district_id,
                subdistrict=sub, village_code=f"{sub.code}{n:02d}", coordinator=coordinator,
                phone="08x-xxx-xxxx", is_demo=True,
            )
        )  # fmt: skip
    users = []
    for sub, n in slots[2:]:
        username = f"demo.vol.{sub.code}{n:02d}"
        first, last = synthetic_thai_name(seed=username)
        users.append(
            User(
                username=username, first_name=first, last_name=last, roles=[Role.VOLUNTEER],
                jurisdiction=Jurisdiction.PROVINCE, province_id=PROVINCE,
                region_id="northeast", is_demo=True, password="!",  # no sign-in: unusable
            )
        )  # fmt: skip
    existing = set(
        User.objects.filter(username__in=[u.username for u in users]).values_list(
            "username", flat=True
        )
    )
    User.objects.bulk_create([u for u in users if u.username not in existing])
    by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    for sub, n in slots[2:]:
        members.append(
            NetworkMember(
                user=by_name[f"demo.vol.{sub.code}{n:02d}"], kind=MemberKind.VOLUNTEER,
                province_id=PROVINCE, district_id=sub.district_id, subdistrict=sub,
                village_code=f"{sub.code}{n:02d}", coordinator=coordinator, is_demo=True,
            )
        )  # fmt: skip
    NetworkMember.objects.bulk_create(members)
    made += len(members)
    return made


def _tips(subs: list[Subdistrict], rng: random.Random) -> int:
    if Tip.objects.filter(is_demo=True).exists():
        return 0
    now = timezone.now()
    reporters = {
        "volunteer": User.objects.filter(username="vol.khonkaen").first(),
        "youth_council": User.objects.filter(username="youth.khonkaen").first(),
    }
    with TIPS_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    tips = []
    for i, row in enumerate(rows):
        sub = subs[i % len(subs)]
        tips.append(
            Tip(
                way=row["way"], source=row["source"], reported_by=reporters.get(row["source"]),
                province_id=PROVINCE, district_id=sub.district_id, subdistrict=sub,
                village_code=f"{sub.code}{rng.randint(1, VILLAGES_PER_SUBDISTRICT):02d}",
                seen_at=now - dt.timedelta(hours=6 + 20 * i), description=f"{MARK} {row['text']}",
                urgency=row["urgency"], is_demo=True,
            )
        )  # fmt: skip
    Tip.objects.bulk_create(tips)
    return len(tips)


@transaction.atomic
def ensure_demo() -> str | None:
    rng = random.Random(SEED)
    subs = _subdistricts()
    if not subs:
        return None
    members = _members(subs, rng)
    tips = _tips(subs, rng)
    households = 0
    try:
        from .households.demo import ensure_demo_households
    except ImportError:
        ensure_demo_households = None
    if ensure_demo_households is not None:
        households = ensure_demo_households(subs=subs, rng=rng)
    if not (members or tips or households):
        return None
    return _(
        "Network demo: %(members)d volunteers and youth-council members, %(tips)d tips, "
        "%(households)d households (synthetic)."
    ) % {"members": members, "tips": tips, "households": households}
