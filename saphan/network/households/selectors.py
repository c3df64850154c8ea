"""Reads of the household survey for the province's staff: ranked outreach lists, coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext

from saphan.core.thai import format_date

from ..models import Household, HouseholdFactor, MemberKind, NetworkMember, Visit, VisitStatus
from . import pipeline, scoring
from .factors import score_key

if TYPE_CHECKING:
    from saphan.orgs.models import User

    from ..models import Visit

LEVELS = {"village": 8, "subdistrict": 6, "district": 4}
HIGH_RISK = 5.0
COVERAGE_CACHE_KEY = "network:province-coverage"


def province_of(actor: User) -> str | None:
    return actor.province_id


def outreach_list(
    *, actor: User, level: str, code: str, limit: int = 50, offset: int = 0
) -> tuple[list[OutreachRow], int]:
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
    # The factors volunteers saw, each with its latest sighting (who, when, on which visit).
    seen: dict[int, dict[str, HouseholdFactor]] = {}
    for f in (
        HouseholdFactor.objects.filter(household_id__in=ids, withdrawn_at__isnull=True)
        .select_related("recorded_by", "visit")
        .only("household_id", "factor", "seen_on", "visit__kind", "recorded_by__username",
              "recorded_by__first_name", "recorded_by__last_name")
        .order_by("seen_on", "created_at")
    ):  # fmt: skip
        seen.setdefault(f.household_id, {})[f.factor] = f
    open_visits = {}
    for v in (
        Visit.objects.filter(household_id__in=ids)
        .select_related("assigned_to")
        .order_by("created_at")
    ):
        open_visits[v.household_id] = v
    villages = (
        set(pipeline.victim_villages(among=list({h.village_code for h in rows}))) if rows else set()
    )
    out = []
    for rank, h in enumerate(rows, start=offset + 1):
        sightings = seen.get(h.id, {})
        factors = scoring.breakdown(
            h, w, visit_flags=set(sightings), victim_village=h.village_code in villages
        )
        out.append(OutreachRow(rank, h, factors, open_visits.get(h.id),
                               {score_key(k): f for k, f in sightings.items()}))  # fmt: skip
    return out, total


class OutreachRow:
    """One ranked household. `cells` is the row's HTML, escaped by format_html: a list page of
    50 rows with several factors each costs a third of the time as template nodes."""

    __slots__ = ("rank", "household", "factors", "visit", "seen")

    def __init__(
        self, rank: int, household: Household, factors: list, visit: Visit | None,
        seen: dict[str, HouseholdFactor] | None = None,
    ):  # fmt: skip
        self.rank, self.household, self.factors, self.visit = rank, household, factors, visit
        self.seen = seen or {}  # score key -> the latest sighting of a factor seen on a visit

    def _factor(self, factor: scoring.Factor, weight: float) -> str:
        badge = format_html(
            '<span class="badge text-bg-light border me-1">{} ×{}</span>', factor.label,
            f"{weight:.1f}",
        )  # fmt: skip
        f = self.seen.get(factor.key)
        if f is None:
            return badge
        by = f.recorded_by.get_full_name() or f.recorded_by.username
        return format_html(
            '<span class="d-inline-block me-2 seen-factor">{}<span class="text-body-secondary">{}'
            "</span></span>",
            badge,
            gettext("seen by %(name)s on %(date)s (%(source)s)")
            % {"name": by, "date": format_date(f.seen_on), "source": f.visit.get_kind_display()},
        )

    @property
    def assignable(self) -> bool:
        return self.visit is None or self.visit.status != VisitStatus.ASSIGNED

    def cells(self, *, can_assign: bool) -> str:
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
        why = format_html_join("", "{}", ((self._factor(f, w),) for f, w in self.factors))
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


def first_area(*, actor: User) -> str:
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


def province_subdistricts(*, actor: User) -> list[tuple[str, str]]:
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


AREA_FIELDS = {
    "village": "village_code",
    "subdistrict": "subdistrict_code",
    "district": "district_code",
}
MEMBER_AREA = {
    "village": "village_code",
    "subdistrict": "subdistrict_id",
    "district": "district_id",
}


def _in_province(province: str) -> Q:
    # A range of the (subdistrict_code, score) index: no scan of the other provinces' rows.
    return Q(subdistrict_code__gte=f"{province}0000", subdistrict_code__lte=f"{province}9999")


def _area_names(level: str, codes: list[str]) -> dict[str, str]:
    from saphan.geo.models import District, Subdistrict, Village

    model = {"village": Village, "subdistrict": Subdistrict, "district": District}[level]
    if level == "village":
        return {
            v.code: f"{v.subdistrict} " + gettext("Village no. %(n)s") % {"n": v.number}
            for v in Village.objects.filter(code__in=codes).select_related("subdistrict")
        }
    return {a.code: str(a) for a in model.objects.filter(code__in=codes)}


def coverage(*, actor: User, level: str = "subdistrict") -> list[dict]:
    """Per village, subdistrict or district of the actor's province: households, the high-risk
    ones (the households to visit), visits assigned, households visited, volunteers."""
    province = province_of(actor)
    if not province or level not in AREA_FIELDS:
        return []
    field = AREA_FIELDS[level]
    rows = list(
        Household.objects.filter(_in_province(province))
        .values(field)
        .annotate(n=Count("id"), high=Count("id", filter=Q(score__gte=HIGH_RISK)))
        .order_by(field)
    )
    codes = [r[field] for r in rows]
    visits = {
        r[f"household__{field}"]: r
        for r in Visit.objects.filter(province_id=province, household__isnull=False)
        .values(f"household__{field}")
        .annotate(assigned=Count("id", filter=Q(status=VisitStatus.ASSIGNED)),
                  done=Count("household", filter=Q(status=VisitStatus.DONE), distinct=True))
    }  # fmt: skip
    vols = dict(
        NetworkMember.objects.filter(
            province_id=province, kind=MemberKind.VOLUNTEER, is_active=True
        )
        .values_list(MEMBER_AREA[level])
        .annotate(n=Count("id"))
    )
    names = _area_names(level, codes)
    out = []
    for r in rows:
        code = r[field]
        v = visits.get(code, {})
        done = v.get("done", 0)
        out.append({
            "code": code, "name": names.get(code, code), "n": r["n"], "high": r["high"],
            "assigned": v.get("assigned", 0), "done": done, "volunteers": vols.get(code, 0),
            "reached_pct": round(100 * done / r["high"]) if r["high"] else None,
        })  # fmt: skip
    return out


def province_coverage() -> dict[str, dict]:
    """Per province: households to visit (high risk) and households visited, for the map.
    Counting 13 million households takes seconds, so the figures are kept 15 minutes."""
    key = COVERAGE_CACHE_KEY
    data = cache.get(key)
    if data is None:
        data = {
            r["province_code"]: {"high": r["high"], "done": 0}
            for r in Household.objects.filter(score__gte=HIGH_RISK)
            .values("province_code")
            .annotate(high=Count("id"))
        }
        for r in (
            Visit.objects.filter(status=VisitStatus.DONE, household__isnull=False)
            .values("province_id")
            .annotate(done=Count("household", distinct=True))
        ):
            data.setdefault(r["province_id"], {"high": 0, "done": 0})["done"] = r["done"]
        cache.set(key, data, 15 * 60)
    return data


def coverage_map(*, actor: User) -> tuple[dict, str]:
    """The chart and the SVG for the insight dashboards' province map (static/insight/
    dashboard.js draws it): share of high-risk households visited, per province."""
    from saphan.geo import provincemap
    from saphan.geo.models import Province

    data = province_coverage()
    names = {p.code: str(p) for p in Province.objects.all()}
    keys = sorted(c for c in provincemap.SVG_IDS if c in names)
    values, display = [], []
    for code in keys:
        d = data.get(code)
        pct = round(100 * d["done"] / d["high"], 1) if d and d["high"] else None
        values.append(pct)
        display.append(f"{pct}% ({d['done']:,} / {d['high']:,})" if pct is not None else "")
    chart = {
        "id": "coverage-map", "kind": "map", "keys": keys, "labels": [names[k] for k in keys],
        "series": [{"name": gettext("Reached"), "values": values, "display": display}],
        "links": [
            (reverse("network:coverage") + "?level=district") if k == actor.province_id else None
            for k in keys
        ],
    }  # fmt: skip
    return chart, provincemap.svg_for(keys)
