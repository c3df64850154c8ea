"""Synthetic demo knowledge (ข้อมูลสาธิต): the law and checklists, 220 good practices and 40
lessons-learned workshops across the four regions. Idempotent and fast: bulk inserts, and the
embeddings of the demo's passages ship precomputed in data/embeddings.npz (any passage not in
it is computed on the spot and cached)."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.geo.models import Province, Region
from saphan.orgs.models import User

from . import index
from .content import ensure_law_and_checklists
from .demo_bank import ENGLISH_TOPICS, LESSON_COLUMNS, LESSONS, TOPIC_COLUMNS, TOPICS
from .embeddings import load_shipped
from .models import GoodPractice, Lesson, PracticeStatus, PracticeUse, Workshop

DEMO_TAG = "[ข้อมูลสาธิต]"
PRACTICES = 220
WORKSHOPS_PER_REGION = 10
SEED = 2565
USERS = [
    "cw.khonkaen", "cw.tak", "cw.songkhla", "cw.bangkok",
    "sup.khonkaen", "sup.tak", "sup.songkhla", "sup.bangkok",
]  # fmt: skip


def ensure_demo() -> str | None:
    load_shipped()
    ensure_law_and_checklists()
    made_practices = made_workshops = 0
    if not GoodPractice.objects.filter(is_demo=True).exists():
        made_practices = _practices()
    if not Workshop.objects.filter(is_demo=True).exists():
        made_workshops = _workshops()
    if not (made_practices or made_workshops):
        return None
    return _(
        "Knowledge demo: %(practices)d synthetic good practices and %(workshops)d "
        "lessons-learned workshops added."
    ) % {"practices": made_practices, "workshops": made_workshops}


def _provinces_by_region() -> dict[str, list[Province]]:
    out: dict[str, list[Province]] = {}
    for p in Province.objects.order_by("code"):
        out.setdefault(p.region_id, []).append(p)
    return out


@transaction.atomic
def _practices() -> int:
    rng = random.Random(SEED)
    by_region = _provinces_by_region()
    author = User.objects.filter(username="km.central").first()
    if author is None or not by_region:
        return 0
    users = list(User.objects.filter(username__in=USERS))
    now = timezone.now()
    topics = TOPICS + ENGLISH_TOPICS
    rows, published = [], []
    for n in range(PRACTICES):
        fields = dict(zip(TOPIC_COLUMNS, topics[n % len(topics)], strict=True))
        english = fields.pop("key").startswith("en-")
        regions, title = fields.pop("regions"), fields.pop("title")
        province = rng.choice(by_region[regions[(n // len(topics)) % len(regions)]])
        published_at = now - dt.timedelta(days=rng.randint(10, 3 * 365))
        lineage = uuid.uuid4()
        base = dict(
            lineage=lineage,
            title=f"{title} ({province.name_en if english else province.name_th})",
            context=(
                f"{DEMO_TAG} Synthetic example from {province.name_en}."
                if english
                else f"{DEMO_TAG} ตัวอย่างสมมติจากจังหวัด{province.name_th}"
            ),
            **fields,
            region_id=province.region_id,
            province=province,
            agencies="พมจ., ตำรวจ, NGO (สมมติ)"
            if not english
            else "PSDHS, police, NGO (fictitious)",
            contact=f"พมจ.{province.name_th} (สมมติ)",
            author=author,
            reviewed_by=author,
            is_demo=True,
        )
        if n % 20 == 0:  # a practice revised once: the first version stays readable
            rows.append(
                GoodPractice(
                    **{**base, "result": "ผลเบื้องต้น: " + fields["result"]},
                    version=1,
                    status=PracticeStatus.SUPERSEDED,
                    published_at=published_at - dt.timedelta(days=120),
                )
            )
            current = GoodPractice(
                **base, version=2, status=PracticeStatus.PUBLISHED, published_at=published_at
            )
        else:
            current = GoodPractice(
                **base, version=1, status=PracticeStatus.PUBLISHED, published_at=published_at
            )
        rows.append(current)
        published.append(current)
    GoodPractice.objects.bulk_create(rows)
    uses = []
    for p in published:
        others = [u for u in users if u.province_id != p.province_id]
        for user in rng.sample(others, rng.randint(0, 3)):
            uses.append(
                PracticeUse(
                    lineage=p.lineage,
                    practice=p,
                    user=user,
                    province_id=user.province_id,
                    outcome=f"{DEMO_TAG} นำไปใช้ได้ผลดี ปรับให้เข้ากับบริบทจังหวัด",
                    is_demo=True,
                )
            )
    PracticeUse.objects.bulk_create(uses)
    index.index_docs([index.practice_doc(p) for p in published])
    return len(published)


@transaction.atomic
def _workshops() -> int:
    rng = random.Random(SEED + 1)
    by_region = _provinces_by_region()
    organiser = User.objects.filter(username="region.northeast").first()
    today = timezone.localdate()
    workshops, lessons, links = [], [], []
    through = Workshop.provinces.through
    for region in Region.objects.all():
        provinces = by_region.get(region.code, [])
        if not provinces:
            continue
        for n in range(1, WORKSHOPS_PER_REGION + 1):
            held = today - dt.timedelta(days=rng.randint(20, 4 * 365))
            chosen = rng.sample(provinces, min(len(provinces), rng.randint(3, 6)))
            w = Workshop(
                title=f"{DEMO_TAG} เวทีถอดบทเรียนการคุ้มครองผู้เสียหาย {region.name_th} ครั้งที่ {n}",
                region=region,
                held_on=held,
                participants="ทีม One Home ทีมสหวิชาชีพ อพม. และ NGO ของจังหวัดที่เข้าร่วม (สมมติ)",
                participant_count=rng.randint(25, 120),
                organiser=organiser,
                is_demo=True,
            )
            workshops.append(w)
            links += [through(workshop=w, province=p) for p in chosen]
            for phase in rng.sample(sorted(LESSONS), rng.randint(3, 5)):
                said = dict(zip(LESSON_COLUMNS, rng.choice(LESSONS[phase]), strict=True))
                lessons.append(Lesson(workshop=w, phase=phase, **said))
    Workshop.objects.bulk_create(workshops)
    for link in links:
        link.workshop_id = link.workshop.pk
    through.objects.bulk_create(links)
    for lesson in lessons:
        lesson.workshop_id = lesson.workshop.pk
    Lesson.objects.bulk_create(lessons)
    index.index_docs([index.lesson_doc(lesson) for lesson in lessons])
    return len(workshops)
