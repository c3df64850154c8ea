"""Reads of cases. Every queryset starts at orgs/access.py; every opened case is logged."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum

from saphan.audit.services import log_read
from saphan.core.request_memo import in_read_only_request
from saphan.orgs import access

from . import clocks, timeline
from .models import Case, TimelineEvent
from .presence import case_holds, kinds_present
from .process import OPEN_PHASES

if TYPE_CHECKING:
    from uuid import UUID

    from django.db.models import QuerySet

    from saphan.orgs.models import User

    from .models import AssistancePlan, CaseDocument, CompensationClaim, ShelterStay


@dataclass(frozen=True)
class CaseFilters:
    scope: str = "mine"  # mine | all (everything the actor may see)
    phase: str = ""
    exploitation: str = ""
    nationality: str = ""
    agency: str = ""  # agency code
    q: str = ""  # case code or a person's name
    open_only: bool = True


def case_list(*, actor: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    f = filters or CaseFilters(scope="all", open_only=False)
    qs = access.visible_cases(actor).select_related("province", "agency", "case_worker")
    return _narrowed(qs, actor, f)


class CaseListing:
    """The case list as its page reads it: how many cases (``count()``) and one page
    (``[a:b]``), all Django's Paginator asks. Each disjoint part of what the actor may see
    (access.visible_case_parts: their province, the cases granted elsewhere) is walked in the
    list's order on its own index, and the parts' first rows merged: with the two ORed in
    one query PostgreSQL read and sorted every case of the province for each page (12 ms at
    300,000 cases, 28 with a nationality; 0.05 and 0.6 walked in order)."""

    def __init__(self, *, actor: User, filters: CaseFilters):
        self.parts = [_narrowed(part, actor, filters) for part in access.visible_case_parts(actor)]

    def count(self) -> int:
        return sum(part.count() for part in self.parts)  # disjoint

    def __getitem__(self, page: slice) -> list[Case]:
        keys = []
        for part in self.parts:
            keys += part.values_list("pk", "opened_at", "created_at")[: page.stop]
        # The list's order (case_list): opened newest first, never opened last, then created.
        keys.sort(key=lambda k: k[2], reverse=True)
        keys.sort(key=lambda k: (k[1] is not None, k[1] or 0), reverse=True)
        ids = [k[0] for k in keys[page.start : page.stop]]
        if not ids:
            return []
        rows = Case.objects.select_related("province", "agency", "case_worker").in_bulk(ids)
        return [rows[pk] for pk in ids]


def _narrowed(qs: QuerySet[Case], actor: User, f: CaseFilters) -> QuerySet[Case]:
    """``qs`` (cases the actor may see) narrowed by the list's filters, in the list's order."""
    if f.scope == "mine":
        qs = qs.filter(case_worker=actor)
    if f.open_only and not f.phase:
        qs = qs.filter(phase__in=OPEN_PHASES)
    if f.phase:
        qs = qs.filter(phase=f.phase)
    if f.exploitation:
        qs = qs.filter(exploitation_types__contains=[f.exploitation])
    if f.agency:
        qs = qs.filter(agency__code=f.agency)
    if f.nationality:
        # A victim of the case holds this citizenship: the database keeps the victims'
        # citizenships on the case (Case.victim_citizenships), so the province's count reads
        # its index alone instead of asking every case for its victims.
        qs = qs.filter(victim_citizenships__contains=[f.nationality])
    if f.q:
        qs = _search(actor, qs, f.q.strip())
    return qs.order_by(F("opened_at").desc(nulls_last=True), "-created_at")


SEARCH_PERSONS = 2000  # persons so named, beyond which a search walks the scope's cases


def _search(actor: User, qs: QuerySet[Case], q: str) -> QuerySet[Case]:
    """A case code (or its start), else a person's name — only among cases whose people the
    actor may see by name, so a search never reveals who is in a case they cannot identify.

    The typed text is normalised exactly as stored names are (people.keys.name_keys: zero-width
    spaces, decomposed sara am, misordered tone marks, Thai digits), and looked for in each
    of the person's stored names (the name as given is one of them)."""
    from saphan.core.thai import normalize_text
    from saphan.people.keys import name_keys
    from saphan.people.models import CaseParty, PersonName

    text = normalize_text(q)
    if any(ch.isdigit() for ch in text) and "-" in text or text.replace("-", "").isdigit():
        return qs.filter(code__startswith=text.replace(" ", "").upper())
    normalized = name_keys(q).normalized or text
    if not normalized:
        return qs
    # A zero-width space is read as a word gap (people.keys); typed inside one Thai word it
    # must still find that word, so the text without zero-width spaces is asked too.
    forms = {normalized, name_keys(q.replace("\u200b", "")).normalized} - {""}
    # Every name of a person, the primary one (Person.full_name) included, is a PersonName
    # with its normalised text. A name borne by few persons is found through the names'
    # trigram index and its cases asked of the list; a name borne by thousands ("aung") is
    # looked for the other way, each case of the actor's scope asked whether one of its
    # people is so named — whichever reads fewer rows (one plan for both read 20,000 cases
    # for "aung" at 300,000 cases, or every case of the scope for a rare name).
    match = Q()
    for form in sorted(forms):
        match |= Q(normalized__contains=form)
    persons = list(
        PersonName.objects.filter(match).values_list("person_id", flat=True)[: SEARCH_PERSONS + 1]
    )
    identity = access.identity_cases(actor).values("pk")
    if len(persons) <= SEARCH_PERSONS:
        named = CaseParty.objects.filter(person_id__in=set(persons)).values("case_id")
        return qs.filter(pk__in=named).filter(pk__in=identity)
    match = Q()
    for form in sorted(forms):
        match |= Q(person__names__normalized__contains=form)
    named = CaseParty.objects.filter(case=OuterRef("pk")).filter(match)
    return qs.filter(Exists(named)).filter(pk__in=identity)


def victim_names(*, actor: User, cases: list[Case], path: str = "") -> dict:
    """The victim's name of each of ``cases`` that the actor may see by name (identity_cases),
    for a list's rows: {case pk: name}. One query; the names shown are logged as reads."""
    from saphan.audit.services import log_reads
    from saphan.people.models import CaseParty

    if not cases:
        return {}
    parties = list(
        CaseParty.objects.filter(
            case__in=access.identity_cases(actor).filter(pk__in=[c.pk for c in cases]),
            role="victim",
        )
        .select_related("person")
        .only("case", "person__full_name")  # a row's name; not the whole person of each row
        .order_by("created_at")
    )
    names: dict = {}
    for party in parties:
        names.setdefault(party.case_id, party.person.full_name)
    if parties:
        log_reads(
            actor=actor,
            records=[p.person for p in parties],
            scope="identity via case list",
            purpose="case list",
            path=path,
        )
    return names


def case_get(*, actor: User, code: str, path: str = "", purpose: str = "") -> Case:
    """Open one case: refused unless visible; the read is logged with the scope that allowed it."""
    case = (
        access.visible_cases(actor)
        .select_related("province", "agency", "case_worker")
        .filter(code=code)
        .first()
    )
    if case is None:
        raise PermissionDenied("case not visible")
    log_read(
        actor=actor, record=case, scope=access.case_scope(actor, case), purpose=purpose, path=path
    )
    return case


def case_timeline(*, case: Case, limit: int = 200) -> list[timeline.Line]:
    events = (
        TimelineEvent.objects.filter(case=case)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    return [timeline.render(e) for e in events]


def case_people(*, actor: User, case: Case, path: str = "") -> list[dict]:
    """The people of a case: with identity where the actor has the right, otherwise their role
    only (those shown logged as read, with the address they were shown on)."""
    from saphan.people.models import CaseParty

    show_identity = access.can_see_identity(actor, case)
    parties = CaseParty.objects.filter(case=case).select_related("person")
    out = []
    for party in parties:
        out.append(
            {"role": party.get_role_display(), "person": party.person if show_identity else None}
        )
    if show_identity and parties:
        from saphan.audit.services import log_reads

        log_reads(
            actor=actor,
            records=[p.person for p in parties],
            scope=f"identity via {case.code}",
            path=path,
        )
    return out


def case_victim_origins(*, actor: User, case: Case) -> tuple[set[str], set[str]]:
    """The citizenships and home provinces (codes) of a case's victims — no names, no numbers:
    what other apps match a case against (knowledge ranks good practices by them). Scoped like
    every read: for a case the actor may not see, both sets are empty."""
    from saphan.people.models import CaseParty

    citizenships: set[str] = set()
    homes: set[str] = set()
    if not access.can_view_case(actor, case):
        return citizenships, homes
    for codes, home in CaseParty.objects.filter(case=case, role="victim").values_list(
        "person__citizenships", "person__home_province_id"
    ):
        citizenships.update(codes or [])
        if home:
            homes.add(home)
    return citizenships, homes


def my_deadlines(*, actor: User, limit: int = 200) -> list[tuple[Case, clocks.Deadline]]:
    """Open deadlines of the cases the actor works on (their own; a supervisor: the province)."""
    from saphan.orgs.roles import Role

    qs = access.visible_cases(actor).filter(phase__in=OPEN_PHASES)
    if not actor.has_role(Role.PROVINCIAL_SUPERVISOR):
        qs = qs.filter(case_worker=actor)
    cases = list(qs.select_related("province")[:limit])
    by_case = clocks.deadlines_for_cases(cases)
    out = [
        (case, d)
        for case in cases
        for d in by_case[case.pk]
        if d.status != clocks.DeadlineStatus.DONE
    ]
    return sorted(out, key=lambda pair: deadline_order(pair[1]))


_STATUS_ORDER = {"overdue": 0, "due_soon": 1, "due": 2}


def deadline_order(deadline: clocks.Deadline) -> tuple:
    """Overdue first, then due soon, then the rest; within each, a person held in screening
    custody (s.29: hours, not days) before anything else, then the earliest due. An old
    follow-up visit must not push a person held past the law's limit off the home page."""
    return (
        _STATUS_ORDER[deadline.status],
        deadline.kind != "screening_custody",
        deadline.due_at,
    )


# --- parallel tracks: the compensation ledger, referrals, notes and documents -------------------
@dataclass(frozen=True)
class CompensationTotals:
    """A case's ledger in baht. Outstanding is what was ordered and is not yet paid."""

    claimed: Decimal
    ordered: Decimal
    paid: Decimal
    outstanding: Decimal


def compensation_totals(*, case: Case) -> CompensationTotals:
    from .models import CompensationClaim, CompensationOrder, CompensationPayment

    zero = Decimal("0.00")
    claimed = CompensationClaim.objects.filter(case=case).aggregate(s=Sum("amount_claimed"))["s"]
    ordered_by_claim = dict(
        CompensationOrder.objects.filter(claim__case=case)
        .values("claim_id")
        .annotate(s=Sum("amount_ordered"))
        .values_list("claim_id", "s")
    )
    paid_by_claim = dict(
        CompensationPayment.objects.filter(claim__case=case)
        .values("claim_id")
        .annotate(s=Sum("amount_paid"))
        .values_list("claim_id", "s")
    )
    outstanding = sum(
        (max(o - paid_by_claim.get(c, zero), zero) for c, o in ordered_by_claim.items()),
        start=zero,
    )
    return CompensationTotals(
        claimed=claimed or zero,
        ordered=sum(ordered_by_claim.values(), start=zero),
        paid=sum(paid_by_claim.values(), start=zero),
        outstanding=outstanding,
    )


def compensation_ledger(*, case: Case) -> QuerySet[CompensationClaim]:
    """The claims of a case with their orders and payments, for the ledger on the case page."""
    from .models import CompensationClaim

    return CompensationClaim.objects.filter(case=case).prefetch_related("orders", "payments")


def referrals_waiting(*, actor: User) -> QuerySet:
    """Referrals sent to the actor's agency and not yet answered: the receiving side sees the
    case code, the sender and the reason, never the person, until it accepts."""
    from saphan.orgs.roles import Role

    from .models import Referral

    if not (actor.is_authenticated and actor.agency_id):
        return Referral.objects.none()
    if not actor.has_role(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR, Role.MDT_MEMBER):
        return Referral.objects.none()
    return (
        Referral.objects.filter(to_agency_id=actor.agency_id, answered_at__isnull=True)
        .select_related("case", "from_agency")
        .order_by("sent_at")
    )


def case_notes(*, case: Case) -> QuerySet:
    from .models import CaseNote

    return CaseNote.objects.filter(case=case).select_related("author")


def case_documents(*, case: Case) -> QuerySet:
    from .models import CaseDocument

    return CaseDocument.objects.filter(case=case).select_related("uploaded_by")


def document_open(
    *, actor: User, case: Case, document_id: UUID | str, path: str = "", purpose: str = ""
) -> CaseDocument:
    """One document of a case, for a view to stream (never a public /media URL): refused unless
    the actor may open the case; the read is logged like the opening of the case itself."""
    from .models import CaseDocument

    if not access.can_view_case(actor, case):
        raise PermissionDenied("case not visible")
    document = CaseDocument.objects.get(case=case, pk=document_id)
    log_read(
        actor=actor,
        record=document,
        scope=access.case_scope(actor, case),
        purpose=purpose or "document",
        path=path,
    )
    return document


# --- the case page: every track record in a fixed number of queries ----------------------------
@dataclass(frozen=True)
class CaseRecords:
    """The parallel-track records of one case (stages 7-12, referrals, notes, documents), each
    list loaded with what the case page shows of it. However many rows a case has, this costs
    the same number of queries."""

    plans: list
    shelter_stays: list
    proceedings: list
    claims: list
    compensation: CompensationTotals
    permits: list
    family_assessments: list
    return_plans: list
    reintegration: object  # ReintegrationPlan | None
    visits: list
    referrals: list
    notes: list
    documents: list

    @property
    def open_plan(self) -> AssistancePlan | None:
        return next((p for p in self.plans if p.actual_end is None), None)

    @property
    def open_services(self) -> list:
        """Services that can still move on (planned or in progress), of every plan."""
        return [s for p in self.plans for s in p.services.all() if s.status in OPEN_SERVICE]

    @property
    def open_stay(self) -> ShelterStay | None:
        return next((s for s in self.shelter_stays if s.ended_on is None), None)

    @property
    def testimonies(self) -> list:
        return [t for p in self.proceedings for t in p.testimonies.all()]

    @property
    def pending_returns(self) -> list:
        return [r for r in self.return_plans if r.returned_on is None]

    @property
    def open_visits(self) -> list:
        return [v for v in self.visits if v.status != "done"]

    @property
    def pending_referrals(self) -> list:
        return [r for r in self.referrals if r.answered_at is None]


OPEN_SERVICE = {"planned", "in_progress"}


def case_records(*, case: Case) -> CaseRecords:
    """The track records of a case already opened through case_get (which checked and logged
    the read)."""
    from django.db.models import Prefetch

    from .models import (
        AssistancePlan,
        CaseDocument,
        CaseNote,
        CompensationClaim,
        FamilyAssessment,
        FollowUpVisit,
        LegalProceeding,
        PlannedService,
        Referral,
        ReintegrationPlan,
        ReturnPlan,
        ShelterStay,
        StayPermit,
    )

    services = PlannedService.objects.select_related("provider_agency")
    tracks = {
        "plans": (AssistancePlan, lambda qs: list(
            qs.prefetch_related(Prefetch("services", queryset=services)))),
        "shelter_stays": (ShelterStay, lambda qs: list(qs.select_related("shelter"))),
        "proceedings": (LegalProceeding, lambda qs: list(
            qs.prefetch_related("testimonies", "protection_measures"))),
        "claims": (CompensationClaim, lambda qs: list(qs.prefetch_related("orders", "payments"))),
        "permits": (StayPermit, list),
        "family_assessments": (FamilyAssessment, list),
        "return_plans": (ReturnPlan, lambda qs: list(qs.select_related(
            "destination_province", "destination_district", "family_assessment"))),
        "reintegration": (ReintegrationPlan, lambda qs: qs.select_related(
            "home_province", "home_district", "responsible_agency").first()),
        "visits": (FollowUpVisit, list),
        "referrals": (Referral, lambda qs: list(qs.select_related(
            "from_agency", "to_agency", "sent_by", "answered_by", "supervisor_override_by"))),
        "notes": (CaseNote, lambda qs: list(qs.select_related("author"))),
        "documents": (CaseDocument, lambda qs: list(qs.select_related("uploaded_by"))),
    }  # fmt: skip
    # Most cases are at one stage and hold a few kinds of record: one query tells which kinds
    # this case has, and only those are read (a query not made costs nothing to build).
    if in_read_only_request():  # the page's one question for every kind (case_holds)
        present = {name for name, (model, _read) in tracks.items() if case_holds(case, model)}
    else:
        present = kinds_present([case.pk], {name: model for name, (model, _r) in tracks.items()})
    records = {
        name: read(model.objects.filter(case=case)) if name in present else
        (None if name == "reintegration" else [])
        for name, (model, read) in tracks.items()
    }  # fmt: skip
    if "claims" in present:
        records["compensation"] = compensation_totals(case=case)
    else:
        zero = Decimal("0.00")
        records["compensation"] = CompensationTotals(
            claimed=zero, ordered=zero, paid=zero, outstanding=zero
        )
    return CaseRecords(**records)


def referral_waiting_get(*, actor: User, referral_id: UUID | str) -> object:
    """One referral waiting for the actor's agency's answer; PermissionDenied for any other
    (answered, withdrawn, sent elsewhere) so that a view answers it like one that does not exist."""
    referral = referrals_waiting(actor=actor).filter(pk=referral_id).first()
    if referral is None:
        raise PermissionDenied("referral not waiting for this agency")
    return referral


class _Named:
    """A name looked up beforehand. timeline.render shows a value that is not a code string as
    it is, so a line names its agency or province without a query of its own."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text


def case_timeline_named(*, case: Case, limit: int = 200) -> list[timeline.Line]:
    """case_timeline, with the agencies and provinces its lines name looked up in one query
    each instead of one per line: the case page stays as fast with 200 events as with 2."""
    from saphan.geo.models import Province
    from saphan.orgs.models import Agency

    events = list(
        TimelineEvent.objects.filter(case=case)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    agency_codes, province_codes = set(), set()
    for event in events:
        for key, value in (event.data or {}).items():
            if isinstance(value, str) and value:
                if key in timeline.AGENCY_KEYS:
                    agency_codes.add(value)
                elif key == "province":
                    province_codes.add(value)
    agencies = {a.code: a.name for a in Agency.objects.filter(code__in=agency_codes)}
    provinces = {p.code: p.name for p in Province.objects.filter(code__in=province_codes)}
    lines = []
    for event in events:
        data = dict(event.data or {})
        for key, value in data.items():
            if isinstance(value, str) and value:
                if key in timeline.AGENCY_KEYS:
                    data[key] = _Named(agencies.get(value, value))
                elif key == "province":
                    data[key] = _Named(provinces.get(value, value))
        event.data = data  # in memory only: the row is not saved
        lines.append(timeline.render(event))
    return lines


# --- approvals waiting for a supervisor (the queue page, the home page) --------------------------
def _supervised_open_cases(actor: User) -> QuerySet[Case] | None:
    """The open cases of the province the actor supervises, or None for anyone else."""
    from saphan.orgs.roles import Role

    from .process import Phase

    if not (actor.is_authenticated and actor.province_id):
        return None
    if not actor.has_role(Role.PROVINCIAL_SUPERVISOR):
        return None
    return (
        access.visible_cases(actor)
        .filter(province_id=actor.province_id)
        .exclude(phase=Phase.CLOSED)
    )


def identifications_waiting(*, actor: User) -> QuerySet:
    """Identification decisions waiting for the actor's approval: the latest decision of an
    open case of the province they supervise, neither approved nor sent back. Shown with the
    case code and the decision, never the person."""
    from .models import IdentificationDecision

    cases = _supervised_open_cases(actor)
    if cases is None:
        return IdentificationDecision.objects.none()
    newer = IdentificationDecision.objects.filter(case=OuterRef("case")).filter(
        Q(decided_at__gt=OuterRef("decided_at"))
        | Q(decided_at=OuterRef("decided_at"), created_at__gt=OuterRef("created_at"))
    )
    return (
        IdentificationDecision.objects.filter(
            case__in=cases, approved_at__isnull=True, sent_back_at__isnull=True
        )
        .exclude(Exists(newer))
        .select_related("case", "recorded_by")
        .order_by("decided_at")
    )


def closures_waiting(*, actor: User) -> QuerySet:
    """Closure requests waiting for the actor's decision, in the province they supervise."""
    from .models import CaseClosure

    cases = _supervised_open_cases(actor)
    if cases is None:
        return CaseClosure.objects.none()
    return (
        CaseClosure.objects.filter(case__in=cases, decided_at__isnull=True)
        .select_related("case", "requested_by")
        .order_by("requested_at")
    )
