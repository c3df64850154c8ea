"""Reads of the household survey for the province's staff: ranked outreach lists, coverage."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from ..models import Household, MemberKind, NetworkMember, Visit, VisitStatus
from . import pipeline, scoring

LEVELS = {"village": 8, "subdistrict": 6, "district": 4}
HIGH_RISK = 5.0


def province_of(actor) -> str | None:
    return actor.province_id


def outreach_list(*, actor, level: str, code: str, limit: int = 50, offset: int = 0):
    """Households of one area of the actor's province, highest score first, with why."""
    province = province_of(actor)
    if (
        level not in LEVELS
        or len(code) != LEVELS[level]
        or not province
        or not code.startswith(province)
    ):
        return [], 0
    field = {
        "village": "village_code",
        "subdistrict": "subdistrict_code",
        "district": "district_code",
    }[level]
    qs = Household.objects.filter(**{field: code})
    if level == "village":  # read through the subdistrict's index
        qs = qs.filter(subdistrict_code=code[:6])
    qs = qs.order_by("-score", "household_code")
    total = qs.count()
    rows = list(qs[offset : offset + limit])
    w = scoring.weights()
    ids = [h.id for h in rows]
    flags: dict[int, set[str]] = {}
    open_visits = {}
    for v in (
        Visit.objects.filter(household_id__in=ids)
        .select_related("assigned_to")
        .order_by("created_at")
    ):
        if v.status == VisitStatus.DONE:
            flags.setdefault(v.household_id, set()).update(v.risk_factors)
        open_visits[v.household_id] = v
    villages = (
        set(pipeline.victim_villages(among=list({h.village_code for h in rows}))) if rows else set()
    )
    out = []
    for rank, h in enumerate(rows, start=offset + 1):
        factors = scoring.breakdown(
            h, w, visit_flags=flags.get(h.id, set()), victim_village=h.village_code in villages
        )
        out.append(OutreachRow(rank, h, factors, open_visits.get(h.id)))
    return out, total


class OutreachRow:
    """One ranked household. `cells` is the row's HTML, escaped by format_html: a list page of
    50 rows with several factors each costs a third of the time as template nodes."""

    __slots__ = ("rank", "household", "factors", "visit")

    def __init__(self, rank, household, factors, visit):
        self.rank, self.household, self.factors, self.visit = rank, household, factors, visit

    @property
    def assignable(self) -> bool:
        return self.visit is None or self.visit.status != VisitStatus.ASSIGNED

    def cells(self, *, can_assign: bool):
        h, v = self.household, self.visit
        tick = (
            format_html(
                '<input class="form-check-input" type="checkbox" name="household" value="{}" '
                'aria-label="{}">',
                h.id,
                h.household_code,
            )
            if can_assign and self.assignable
            else ""
        )
        why = format_html_join(
            "",
            '<span class="badge text-bg-light border me-1">{} ×{}</span>',
            ((f.label, f"{weight:.1f}") for f, weight in self.factors),
        )
        visit = (
            format_html("{} · {}", v.get_status_display(), v.assigned_to.get_full_name())
            if v
            else "—"
        )
        return format_html(
            '<td>{}</td><td>{}</td><td class="font-monospace">{}</td><td>{}</td><td>{}</td>'
            '<td class="fw-semibold score">{}</td><td class="small">{}</td>'
            '<td class="small">{}</td>',
            tick, self.rank, h.household_code, h.village_code[6:], h.members,
            f"{h.score:.1f}", why, visit,
        )  # fmt: skip


def first_area(*, actor) -> str:
    """The first subdistrict of the actor's province that has households (an index range scan)."""
    province = province_of(actor)
    if not province:
        return ""
    return (
        Household.objects.filter(
            subdistrict_code__gte=f"{province}0000", subdistrict_code__lte=f"{province}9999"
        )
        .order_by("subdistrict_code")
        .values_list("subdistrict_code", flat=True)
        .first()
        or ""
    )


def province_subdistricts(*, actor) -> list[tuple[str, str]]:
    """(code, name) of the province's subdistricts in the reader's language: reference data,
    kept an hour in the cache."""
    from saphan.geo.models import Subdistrict

    if not actor.province_id:
        return []
    en = (get_language() or "th").startswith("en")
    key = f"network:subdistricts:{actor.province_id}:{'en' if en else 'th'}"
    areas = cache.get(key)
    if areas is None:
        areas = [
            (code, (name_en if en and name_en else name_th))
            for code, name_th, name_en in Subdistrict.objects.filter(
                district__province_id=actor.province_id
            )
            .order_by("code")
            .values_list("code", "name_th", "name_en")
        ]
        cache.set(key, areas, 3600)
    return areas


def areas_with_households(*, actor):
    province = province_of(actor)
    if not province:
        return []
    return list(
        Household.objects.filter(province_code=province)
        .values("district_code", "subdistrict_code")
        .annotate(n=Count("id"), high=Count("id", filter=Q(score__gte=HIGH_RISK)))
        .order_by("subdistrict_code")
    )


def coverage(*, actor):
    """Per subdistrict: households, high-risk ones, visits assigned and done, volunteers."""
    from saphan.geo.models import Subdistrict

    rows = areas_with_households(actor=actor)
    codes = [r["subdistrict_code"] for r in rows]
    names = {
        s.code: s for s in Subdistrict.objects.filter(code__in=codes).select_related("district")
    }
    visits = {
        r["household__subdistrict_code"]: r
        for r in Visit.objects.filter(household__subdistrict_code__in=codes)
        .values("household__subdistrict_code")
        .annotate(assigned=Count("id", filter=Q(status=VisitStatus.ASSIGNED)),
                  done=Count("household", filter=Q(status=VisitStatus.DONE), distinct=True))
    }  # fmt: skip
    vols = dict(
        NetworkMember.objects.filter(
            subdistrict_id__in=codes, kind=MemberKind.VOLUNTEER, is_active=True
        )
        .values_list("subdistrict_id")
        .annotate(n=Count("id"))
    )
    out = []
    for r in rows:
        v = visits.get(r["subdistrict_code"], {})
        done = v.get("done", 0)
        out.append({
            **r, "area": names.get(r["subdistrict_code"]), "assigned": v.get("assigned", 0), "done": done,
            "volunteers": vols.get(r["subdistrict_code"], 0),
            "reached_pct": round(100 * done / r["high"]) if r["high"] else None,
        })  # fmt: skip
    return out
