"""Demo households: a synthetic survey of the demo subdistricts, imported through the real
pipeline (DuckDB, COPY), then a few visits for the demo volunteer."""

from __future__ import annotations

import os
import tempfile

from ..models import Household, NetworkMember, Visit, VisitKind
from .generate import generate_survey
from .pipeline import guess_mapping, read_columns, run

PER_VILLAGE = 30


def ensure_demo_households(*, subs, rng) -> int:
    if Household.objects.filter(is_demo=True).exists():
        return 0
    villages = [f"{s.code}{n:02d}" for s in subs for n in range(1, 5)]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "survey.csv")
        generate_survey(path, households=PER_VILLAGE * len(villages), villages=villages,
                        seed=rng.random() - 0.5)  # fmt: skip
        result = run(csv_path=path, mapping=guess_mapping(read_columns(path)), errors_dir=d,
                     is_demo=True)  # fmt: skip
    member = (
        NetworkMember.objects.filter(user__username="vol.khonkaen").select_related("user").first()
    )
    coordinator = member.coordinator if member else None
    if member and coordinator:
        top = Household.objects.filter(village_code=member.village_code).order_by("-score")[:2]
        Visit.objects.bulk_create(
            [
                Visit(
                    kind=VisitKind.HOUSEHOLD, assigned_to=member.user, assigned_by=coordinator,
                    province_id=member.province_id, household=h,
                    visit_name=f"ครัวเรือน {h.household_code} [ข้อมูลสาธิต]",
                    visit_address=f"หมู่ {int(h.village_code[6:])} ต.{member.subdistrict.name_th}",
                    purpose="เยี่ยมเชิงรุก: ความเข้มแข็งของครอบครัวและการย้ายถิ่นอย่างปลอดภัย",
                    is_demo=True,
                )
                for h in top
            ]
        )  # fmt: skip
    return result.households
