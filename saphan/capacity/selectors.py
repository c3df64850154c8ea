"""Reads of the capacity app: a person's record, whom an actor may record for, and the gaps
per province and region (staff counts only: no case or victim data is read here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from saphan.geo.models import Province, Region
from saphan.orgs.models import User
from saphan.orgs.roles import Role

from .models import Competency, CompetencyRequirement, Completion, Course, TrainingSession
from .rules import central

if TYPE_CHECKING:
    from collections.abc import Iterable


# --- qualifications ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Qualification:
    """A person's standing in one competency on one day."""

    competency: Competency
    completion: Completion | None  # the latest completion that counts (or the latest at all)
    valid_until: dt.date | None
    is_valid: bool

    @property
    def expired(self) -> bool:
        return self.completion is not None and not self.is_valid


def _competency(competency: Competency | str) -> Competency | None:
    if isinstance(competency, Competency):
        return competency
    return Competency.objects.filter(code=competency).first()


def qualification_for(
    user: User, competency: Competency | str, *, on: dt.date | None = None
) -> Qualification | None:
    """The user's qualification in ``competency`` on day ``on`` (default today): the latest
    completion, up to that day, of a course that gives the competency, and whether it still
    counts. None when the competency is not in the table at all."""
    comp = _competency(competency)
    if comp is None:
        return None
    on = on or timezone.localdate()
    latest = (
        Completion.objects.filter(user=user, course__competencies=comp, completed_on__lte=on)
        .select_related("course")
        .order_by("-completed_on")
        .first()
    )
    if latest is None:
        return Qualification(comp, None, None, False)
    earliest = comp.earliest_valid_completion(on)
    valid = earliest is None or latest.completed_on >= earliest
    return Qualification(comp, latest, comp.valid_until(latest.completed_on), valid)


# --- whose records ----------------------------------------------------------------------------
def recordable_staff(actor: User) -> QuerySet[User]:
    """Active staff whose completions this actor may record (rules: record_completion)."""
    qs = User.objects.filter(is_active=True).exclude(roles=[])
    if central.test(actor):
        return qs
    if actor.has_role(Role.PROVINCIAL_SUPERVISOR) and actor.province_id:
        return qs.filter(province_id=actor.province_id)
    return qs.none()


def gap_provinces(actor: User) -> QuerySet[Province]:
    """The provinces whose gaps this actor sees: the nation, their region, or their province."""
    qs = Province.objects.select_related("region")
    if central.test(actor):
        return qs
    if actor.has_role(Role.REGIONAL_OFFICER) and actor.region_id:
        return qs.filter(region_id=actor.region_id)
    if actor.has_role(Role.PROVINCIAL_SUPERVISOR) and actor.province_id:
        return qs.filter(pk=actor.province_id)
    return qs.none()


def visible_sessions(actor: User) -> QuerySet[TrainingSession]:
    """Sessions are not secret: everyone signed in sees every session and its course."""
    return TrainingSession.objects.select_related("course", "province", "region", "organiser")


def session_completions(*, actor: User, session: TrainingSession) -> QuerySet[Completion]:
    """Who completed a session, limited to the staff whose records the actor may see."""
    qs = session.completions.select_related("user", "user__agency", "user__province")
    if central.test(actor):
        return qs
    if actor.has_role(Role.PROVINCIAL_SUPERVISOR) and actor.province_id:
        return qs.filter(Q(user__province_id=actor.province_id) | Q(user=actor))
    return qs.filter(user=actor)


# --- the competency table ---------------------------------------------------------------------
@dataclass
class CompetencyRow:
    competency: Competency
    courses: list[Course]
    roles: set[str]


def competency_table() -> list[CompetencyRow]:
    """Every competency with the courses that give it and the roles that need it, as they are
    now (read on every request: the gap view and the editor never see a stale table)."""
    competencies = Competency.objects.order_by("code").prefetch_related(
        Prefetch("courses", queryset=Course.objects.order_by("code")), "requirements"
    )
    return [
        CompetencyRow(c, list(c.courses.all()), {r.role for r in c.requirements.all()})
        for c in competencies
    ]


def table_roles() -> list[tuple[str, str]]:
    """The columns of the role x competency table: every role, in the order of roles.py."""
    return [(value, str(label)) for value, label in Role.choices]


# --- one person's record ----------------------------------------------------------------------
@dataclass
class RequiredCompetency:
    competency: Competency
    roles: list[str]
    qualification: Qualification

    @property
    def status(self) -> str:
        q = self.qualification
        if q.is_valid:
            if q.valid_until and q.valid_until <= timezone.localdate() + dt.timedelta(days=90):
                return "expiring"
            return "valid"
        return "expired" if q.expired else "missing"


def staff_record(user: User) -> tuple[list[RequiredCompetency], QuerySet[Completion]]:
    """The competencies the user's roles need with their standing today, and every completion."""
    needed: dict[str, list[str]] = {}
    reqs = CompetencyRequirement.objects.filter(role__in=user.roles or []).select_related(
        "competency"
    )
    comps = {}
    for r in reqs:
        comps[r.competency.code] = r.competency
        needed.setdefault(r.competency.code, []).append(r.role)
    rows = [
        RequiredCompetency(comps[code], roles, qualification_for(user, comps[code]))
        for code, roles in sorted(needed.items())
    ]
    completions = user.training_completions.select_related("course", "session").order_by(
        "-completed_on"
    )
    return rows, completions


# --- gaps -------------------------------------------------------------------------------------
@dataclass
class GapRow:
    code: str
    name: str
    required: int = 0
    qualified: int = 0
    provinces: int = 1
    provinces_without: int = 0
    region_code: str = ""

    @property
    def share(self) -> float | None:
        return None if not self.required else self.qualified / self.required

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    @property
    def none_qualified(self) -> bool:
        return self.qualified == 0

    @property
    def level(self) -> str:
        """Colour band of the map and table: none, low (<50 %), part (<100 %), full."""
        if self.qualified == 0:
            return "none"
        if self.share is not None and self.share < 0.5:
            return "low"
        if self.share is not None and self.share < 1:
            return "part"
        return "full"


@dataclass
class GapReport:
    competency: Competency
    on: dt.date
    provinces: list[GapRow]
    regions: list[GapRow]
    total: GapRow
    roles: list[str] = field(default_factory=list)

    @property
    def without(self) -> list[GapRow]:
        return [p for p in self.provinces if p.none_qualified]


def _qualified_ids(competency: Competency, on: dt.date):
    completions = Completion.objects.filter(course__competencies=competency, completed_on__lte=on)
    earliest = competency.earliest_valid_completion(on)
    if earliest is not None:
        completions = completions.filter(completed_on__gte=earliest)
    return completions.values("user_id")


def _counts(
    competency: Competency, provinces: Iterable[Province], on: dt.date
) -> dict[str, tuple[int, int]]:
    """{province code: (staff whose roles need the competency, of whom qualified)}."""
    roles = list(competency.requirements.values_list("role", flat=True))
    if not roles:
        return {}
    staff = User.objects.filter(
        is_active=True, roles__overlap=roles, province__in=provinces
    ).values_list("province_id", "pk")
    qualified = set(
        User.objects.filter(pk__in=_qualified_ids(competency, on), province__in=provinces)
        .filter(roles__overlap=roles, is_active=True)
        .values_list("pk", flat=True)
    )
    counts: dict[str, list[int]] = {}
    for code, pk in staff:
        c = counts.setdefault(code, [0, 0])
        c[0] += 1
        c[1] += pk in qualified
    return {k: (v[0], v[1]) for k, v in counts.items()}


def gap_report(*, actor: User, competency: Competency, on: dt.date | None = None) -> GapReport:
    """Staff needing ``competency`` and how many are qualified, per province and region of the
    actor's scope; provinces without anyone qualified (no staff at all counts as none)."""
    on = on or timezone.localdate()
    provinces = list(gap_provinces(actor))
    counts = _counts(competency, provinces, on)
    rows = []
    for p in provinces:
        required, qualified = counts.get(p.code, (0, 0))
        rows.append(
            GapRow(
                p.code,
                p.name,
                required,
                qualified,
                provinces_without=int(qualified == 0),
                region_code=p.region_id,
            )
        )
    rows.sort(key=lambda r: (r.qualified > 0, r.share if r.share is not None else 0, r.name))
    regions = []
    for region in Region.objects.filter(code__in={p.region_id for p in provinces}):
        mine = [r for r in rows if r.region_code == region.code]
        regions.append(
            GapRow(
                region.code,
                region.name,
                sum(r.required for r in mine),
                sum(r.qualified for r in mine),
                provinces=len(mine),
                provinces_without=sum(r.none_qualified for r in mine),
            )
        )
    total = GapRow(
        "",
        "",
        sum(r.required for r in rows),
        sum(r.qualified for r in rows),
        provinces=len(rows),
        provinces_without=sum(r.none_qualified for r in rows),
    )
    return GapReport(
        competency,
        on,
        rows,
        regions,
        total,
        roles=list(competency.requirements.values_list("role", flat=True)),
    )


def competency_summary(
    *, actor: User, on: dt.date | None = None
) -> list[tuple[Competency, GapRow]]:
    """For each competency some role needs: the share of the actor's scope's staff qualified."""
    on = on or timezone.localdate()
    provinces = list(gap_provinces(actor))
    out = []
    for comp in Competency.objects.filter(requirements__isnull=False).distinct():
        counts = _counts(comp, provinces, on)
        out.append(
            (
                comp,
                GapRow(
                    comp.code,
                    comp.name,
                    sum(c[0] for c in counts.values()),
                    sum(c[1] for c in counts.values()),
                    provinces=len(provinces),
                    provinces_without=sum(
                        1 for p in provinces if counts.get(p.code, (0, 0))[1] == 0
                    ),
                ),
            )
        )
    return out


def province_staff_status(
    *, actor: User, competency: Competency
) -> list[tuple[User, Qualification]]:
    """For a supervisor: the staff of their province whose roles need ``competency``, each with
    their standing today, the untrained and lapsed first (who to send to the next session)."""
    if not (actor.has_role(Role.PROVINCIAL_SUPERVISOR) and actor.province_id):
        return []
    roles = list(competency.requirements.values_list("role", flat=True))
    staff = User.objects.filter(
        is_active=True, roles__overlap=roles, province_id=actor.province_id
    ).select_related("agency")
    rows = [(u, qualification_for(u, competency)) for u in staff]
    rows.sort(key=lambda r: (r[1].is_valid, r[1].valid_until or dt.date.max, r[0].username))
    return rows
