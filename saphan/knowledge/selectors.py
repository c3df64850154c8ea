"""Reads of the knowledge base. Cases are read only through access.visible_cases (rule 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from saphan.cases.process import OPEN_PHASES
from saphan.cases.selectors import case_victim_origins
from saphan.orgs import access

from .models import (
    ChecklistItem,
    ChecklistTick,
    GoodPractice,
    LawSection,
    PracticeStatus,
    PracticeUse,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from saphan.cases.models import Case
    from saphan.orgs.models import User


def checklist_for_case(*, case: Case) -> list[ChecklistItem]:
    """The steps of the case's current stage, each with ``tick`` (or None)."""
    items = list(ChecklistItem.objects.filter(phase=case.phase))  # its law is shown apart
    ticks = {
        t.item_id: t
        for t in ChecklistTick.objects.filter(case=case, item__in=items).select_related("ticked_by")
    }
    for item in items:
        item.tick = ticks.get(item.pk)
    return items


def law_for_phase(phase: str) -> QuerySet[LawSection]:
    return LawSection.objects.filter(phases__contains=[phase])


def case_features(*, actor: User, case: Case) -> tuple[list[str], set[str], set[str]]:
    """The victims' citizenships, and the provinces and regions the case concerns: where it is
    held and the victims' home provinces (return and follow-up happen at home). Used to rank
    practices, never shown. The victims are read through the cases app's scoped selector."""
    from saphan.geo.models import Province

    codes, homes = case_victim_origins(actor=actor, case=case)
    provinces = {case.province_id, *homes}
    regions = set(Province.objects.filter(pk__in=provinces).values_list("region_id", flat=True))
    return sorted(codes), provinces, regions


def suggested_practices(*, actor: User, case: Case, limit: int = 3) -> list[GoodPractice]:
    """Published practices for the case's stage, ranked by how many of the case's features they
    share: form of exploitation (3), nationality (2), region (2), province (1); among equals the
    newest first (its use count shows next to it)."""
    nationalities, provinces, regions = case_features(actor=actor, case=case)
    published = GoodPractice.objects.filter(
        status=PracticeStatus.PUBLISHED, phases__contains=[case.phase]
    ).annotate(use_count=_use_count())
    # Scored on the few fields the score needs (not the practices' texts); only the winners
    # are read whole.
    wanted = set(case.exploitation_types or [])
    scored = []
    for pk, exploitation, citizenships, region, province, published_at, used in (
        published.values_list(
            "pk", "exploitation_types", "nationalities", "region_id", "province_id",
            "published_at", "use_count",
        )
    ):  # fmt: skip
        score = 3 * len(wanted & set(exploitation))
        score += 2 * bool(set(nationalities) & set(citizenships))
        score += 2 * (region in regions)
        score += 1 * (province in provinces)
        if score:
            scored.append((score, published_at, used, pk))
    scored.sort(key=lambda row: (row[0], row[1], row[2]), reverse=True)
    top = [row[3] for row in scored[:limit]]
    if not top:
        return []
    whole = published.select_related("province", "region").in_bulk(top)
    return [whole[pk] for pk in top]


def _use_count():
    """How many provinces used the practice (any version): a use is kept per person, and two
    people of one province count once, as the pages say "used by N provinces"."""
    return Coalesce(
        Subquery(
            PracticeUse.objects.filter(lineage=OuterRef("lineage"))
            .values("lineage")
            .annotate(n=Count("province", distinct=True))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def practices_published(
    *, q: str = "", phase: str = "", region: str = ""
) -> QuerySet[GoodPractice]:
    qs = GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED).select_related(
        "province", "region"
    )
    if phase:
        qs = qs.filter(phases__contains=[phase])
    if region:
        qs = qs.filter(region_id=region)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(problem__icontains=q))
    return qs.annotate(use_count=_use_count())


def practice_versions(practice: GoodPractice) -> QuerySet[GoodPractice]:
    return GoodPractice.objects.filter(lineage=practice.lineage).order_by("-version")


def practice_use_count(practice: GoodPractice) -> int:
    """How many provinces used the practice (see _use_count)."""
    return PracticeUse.objects.filter(lineage=practice.lineage).aggregate(
        n=Count("province", distinct=True)
    )["n"]


def review_queue() -> QuerySet[GoodPractice]:
    return (
        GoodPractice.objects.filter(status=PracticeStatus.IN_REVIEW)
        .select_related("author", "province")
        .order_by("submitted_at")
    )


def my_practices(actor: User) -> QuerySet[GoodPractice]:
    return (
        GoodPractice.objects.filter(author=actor)
        .exclude(status=PracticeStatus.SUPERSEDED)
        .order_by("-updated_at")
    )


def cases_with_unticked_mandatory(*, actor: User) -> QuerySet[Case]:
    """Open cases of the supervisor's province whose current stage has a mandatory step not
    ticked, each annotated with ``missing`` (how many)."""
    if not actor.province_id:
        return access.visible_cases(actor).none()
    untick_count = Subquery(
        ChecklistItem.objects.filter(mandatory=True, phase=OuterRef("phase"))
        .exclude(
            Exists(ChecklistTick.objects.filter(case=OuterRef(OuterRef("pk")), item=OuterRef("pk")))
        )
        .values("phase")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )
    return (
        access.visible_cases(actor)
        .filter(province_id=actor.province_id, phase__in=OPEN_PHASES)
        .annotate(missing=Coalesce(untick_count, 0))
        .filter(missing__gt=0)
        .select_related("case_worker", "agency")
        .order_by("-missing", "code")
    )
