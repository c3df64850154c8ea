"""The official PDFs of a case: the screening interview form and the case summary.

Thai first: the documents are rendered in the actor's language (Thai unless they chose English)
and every date is in the Buddhist Era, as on any Thai government paper. Django templates make
the HTML (templates/cases/pdf/), WeasyPrint makes the PDF with the Sarabun TTFs of the
``fontpkg-sarabun`` package embedded (the machines have no Thai system font, and a PDF must look
the same on every printer). Only those font files can be loaded while rendering: nothing in a
case record can make the renderer fetch a URL or read another file.

Both functions check that the actor may view the case, show identity only where
``access.can_see_identity`` allows it, and write a read-access log row per generation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from saphan.audit.services import log_read
from saphan.core.pdf import FONT_DIR, css_string, font_css, html_to_pdf, language_of
from saphan.core.thai import (
    format_date_be,
    format_datetime_be,
    format_thai_id,
    is_valid_thai_id,
    to_be_year,
)
from saphan.orgs import access

from . import clocks, enums, process, selectors
from .models.stages import Right

SCREENING_PURPOSE = "PDF: screening form"
SUMMARY_PURPOSE = "PDF: case summary"
TIMELINE_LINES = 30


# --- public API -------------------------------------------------------------------------------
def screening_form_pdf(*, actor, case, blank: bool = False, path: str = "") -> bytes:
    """The initial screening interview form of ``case``, as a PDF.

    Filled in from the latest screening interview; with ``blank=True`` every answer is left as
    an empty box or a dotted line, to print and fill in by hand in the field.
    """

    def context() -> dict:
        interview = (
            None
            if blank
            else case.screenings.select_related("interviewer")
            .order_by("-interviewed_at", "-created_at")
            .first()
        )
        return _base_context(
            actor=actor,
            case=case,
            title=_("Initial screening interview form for victims of human trafficking"),
        ) | _screening_context(actor=actor, case=case, interview=interview, blank=blank)

    return _case_pdf(
        actor=actor,
        case=case,
        path=path,
        purpose=SCREENING_PURPOSE,
        template="cases/pdf/screening_form.html",
        context=context,
    )


def case_summary_pdf(*, actor, case, path: str = "") -> bytes:
    """A case summary a supervisor reads in one to three pages, as a PDF."""
    return _case_pdf(
        actor=actor,
        case=case,
        path=path,
        purpose=SUMMARY_PURPOSE,
        template="cases/pdf/case_summary.html",
        context=lambda: (
            _base_context(actor=actor, case=case, title=_("Case summary"))
            | _summary_context(actor=actor, case=case)
        ),
    )


# --- shared -----------------------------------------------------------------------------------
def _require_view(actor, case) -> None:
    if not access.can_view_case(actor, case):
        raise PermissionDenied("case not visible")


def _case_pdf(*, actor, case, path: str, purpose: str, template: str, context) -> bytes:
    """A document of a case the actor may view, in the actor's language: the read is logged,
    ``context()`` is built (in that language) and rendered through ``template``."""
    _require_view(actor, case)
    with translation.override(language_of(actor)):
        log_read(
            actor=actor,
            record=case,
            scope=access.case_scope(actor, case),
            purpose=purpose,
            path=path,
        )
        html = render_to_string(template, context())
    return html_to_pdf(html)


def _base_context(*, actor, case, title: str) -> dict:
    now = timezone.now()
    who = getattr(actor, "display_name", "") or actor.get_username()
    if getattr(actor, "agency", None) is not None:
        who = f"{who}, {actor.agency.name}"
    generated = _("Generated %(when)s by %(who)s") % {"when": format_datetime_be(now), "who": who}
    footer = "\n".join([_("Confidential — for the protection of victims only"), generated])
    return {
        "lang": translation.get_language(),
        "title": title,
        "case": case,
        "ministry": _("Ministry of Social Development and Human Security"),
        "agency_name": case.agency.name if case.agency_id else "",
        "province_name": case.province.name if case.province_id else "",
        "generated_text": generated,
        "demo": bool(getattr(settings, "SAPHAN_DEMO", False)),
        "demo_text": _("Synthetic data (demonstration)"),
        "font_css": font_css(),
        "css_footer": css_string(footer),
        "css_case": css_string(_("Case code %(code)s") % {"code": case.code}),
        "css_page": css_string(_("Page") + " "),
        "css_confidential": css_string(_("Confidential")),
        "css_demo": css_string(_("Synthetic data (demonstration)")),
        "hidden": _("— hidden for your role —"),
    }


def _be(value) -> str:
    return format_datetime_be(value) if value else ""


def _be_date(value) -> str:
    return format_date_be(value) if value else ""


def _label(enum, value) -> str:
    return str(enum(value).label) if value in enum.values else (value or "")


def _labels(enum, values: Iterable[str]) -> str:
    return ", ".join(_label(enum, v) for v in values)


def country_name(code: str) -> str:
    """The country's name in the reader's language (people/codes.py); else the ISO code."""
    code = (code or "").strip().upper()
    try:
        from saphan.people.codes import country_name as name_of
    except ImportError:
        return code
    return str(name_of(code)) if code else ""


def language_name(code: str) -> str:
    """The language's name in the reader's language (people/codes.py, else Django's table)."""
    code = (code or "").strip().lower()
    if not code:
        return ""
    try:
        from saphan.people.codes import LANGUAGE_BY_CODE
    except ImportError:
        LANGUAGE_BY_CODE = {}
    if code in LANGUAGE_BY_CODE:
        return str(LANGUAGE_BY_CODE[code].name)
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


# --- the person, defensively: Person is being extended -----------------------------------------
def _attr(obj, *names, default=None):
    for name in names:
        value = getattr(obj, name, None)
        if value not in (None, "", []):
            return value
    return default


def _display(obj, *fields) -> str:
    """The choice label of the first of ``fields`` the object has and fills."""
    for name in fields:
        value = getattr(obj, name, None)
        if value in (None, ""):
            continue
        getter = getattr(obj, f"get_{name}_display", None)
        return str(getter()) if callable(getter) else str(value)
    return ""


def _related(obj, name) -> list:
    manager = getattr(obj, name, None)
    if manager is None or not hasattr(manager, "all"):
        return []
    try:
        return list(manager.all())
    except (AttributeError, TypeError, ValueError):
        return []


@dataclass(frozen=True)
class PersonRow:
    label: str
    value: str


def _birth_text(person) -> str:
    """Exact date and age, a year, or an estimated age range: what is known, as it is known."""
    precision = getattr(person, "birth_date_precision", "") or ""
    born = getattr(person, "birth_date", None)
    if isinstance(born, dt.date) and precision == "year":
        return _("born in B.E. %(year)s") % {"year": to_be_year(born.year)}
    if isinstance(born, dt.date):
        today = timezone.localdate()
        years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        age = _("age %(years)s") % {"years": years}
        return f"{format_date_be(born, long=True)} ({age})"
    low = getattr(person, "age_estimate_min", None)
    high = getattr(person, "age_estimate_max", None)
    if low is None and high is None:
        return ""
    span = f"{low}–{high}" if None not in (low, high) and low != high else str(low or high)
    estimate = _("age about %(years)s") % {"years": span}
    estimated = _("(estimated)")
    years = person.birth_year_range() if hasattr(person, "birth_year_range") else None
    if years:
        first, last = (to_be_year(y) for y in years)
        born = _("born about B.E. %(years)s") % {
            "years": first if first == last else f"{first}–{last}"
        }
        return f"{estimate} {estimated}, {born}"
    return f"{estimate} {estimated}"


@cache
def _printable_codepoints() -> frozenset[int]:
    """Characters the embedded Sarabun has glyphs for: Thai, Latin (with Vietnamese), marks."""
    from fontTools.ttLib import TTFont  # installed with WeasyPrint

    font = TTFont(FONT_DIR / "Sarabun-Regular.ttf", lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def printable(text: str) -> bool:
    """Whether ``text`` prints in the embedded font. Sarabun has no Burmese, Lao or Khmer
    glyphs, and the machines have no font that does: such a name would print as empty boxes."""
    known = _printable_codepoints()
    return all(ord(ch) in known or ch.isspace() for ch in text)


def _name(text: str) -> str:
    return text if printable(text) else _("[a script this document cannot print: see the record]")


def _names_text(person) -> str:
    own = getattr(person, "full_name", "")
    out = []
    for item in _related(person, "names"):
        text = _attr(item, "full_name", "name", default="")
        if not text or text == own:
            continue
        script = _display(item, "script")
        out.append(f"{_name(text)} ({script})" if script else _name(text))
    return "; ".join(out)


def _documents_text(person) -> str:
    """Each document as "kind number (issuing country)"; a Thai ID grouped as on the card."""
    out = []
    for doc in _related(person, "documents"):
        number = str(getattr(doc, "number", "") or "")
        if number and is_valid_thai_id(number):
            number = format_thai_id(number)
        country = country_name(getattr(doc, "issuing_country", "") or "")
        text = " ".join(p for p in (_display(doc, "kind"), number) if p)
        out.append(f"{text} ({country})" if country else text)
    return "; ".join(out)


def _codes(person, name) -> list[str]:
    codes = getattr(person, name, None) or []
    return [codes] if isinstance(codes, str) else list(codes)


def _languages_text(person) -> str:
    text = ", ".join(language_name(c) for c in _codes(person, "languages"))
    if getattr(person, "interpreter_needed", False):
        needs = _("needs an interpreter")
        text = f"{text} ({needs})" if text else needs
    return text


def _citizenship_text(person) -> str:
    # Stateless (XX) and not yet known (ZZ) are citizenship codes of their own (people/codes.py).
    return ", ".join(country_name(c) for c in _codes(person, "citizenships"))


def _sex_text(person) -> str:
    if getattr(person, "sex", "") in ("", None, "NonSpecifiedUnknown"):
        return ""  # left as a line to fill in
    return _display(person, "sex")


def _address_text(person) -> str:
    parts = [getattr(person, "address", "") or ""]
    village = getattr(person, "home_village_code", "") or ""
    if len(village) == 8 and village.isdigit():
        parts.append(_("Village no. %(n)s") % {"n": int(village[6:])})
    for name in ("home_subdistrict", "home_district", "home_province"):
        place = getattr(person, name, None)
        if place is not None:
            parts.append(getattr(place, "name", "") or str(place))
    return ", ".join(p.strip() for p in parts if p and p.strip())


def person_rows(person) -> list[PersonRow]:
    """The identifying facts of a person, in the form's order; an unknown fact is ""."""
    facts = [
        (_("Name and surname"), lambda p: _name(getattr(p, "full_name", ""))),
        (_("Other names, other scripts"), _names_text),
        (_("Sex"), _sex_text),
        (_("Date of birth / age"), _birth_text),
        (_("Nationality"), _citizenship_text),
        (_("Languages"), _languages_text),
        (_("Identity documents"), _documents_text),
        (_("Home address"), _address_text),
        (_("Guardian (for a child)"), _guardian_text),
    ]
    return [PersonRow(label, text(person) if person else "") for label, text in facts]


def _guardian_text(person) -> str:
    name = getattr(person, "guardian_name", "") or ""
    if not name:
        return ""
    parts = [_name(name)]
    if relation := _display(person, "guardian_relationship"):
        parts[0] = f"{parts[0]} ({relation})"
    if contact := getattr(person, "guardian_contact", ""):
        parts.append(contact)
    return ", ".join(parts)


def _people(actor, case) -> tuple[bool, list[dict]]:
    """(identity shown, [{role, rows}]): victims first; identity per access.py, reads logged."""
    from saphan.people.models import PartyRole

    show = access.can_see_identity(actor, case)
    people = selectors.case_people(actor=actor, case=case)
    victim = str(PartyRole.VICTIM.label)
    people.sort(key=lambda p: str(p["role"]) != victim)
    return show, [
        {
            "role": str(p["role"]),
            "is_victim": str(p["role"]) == victim,
            "name": getattr(p["person"], "full_name", "") if show else "",
            "rows": person_rows(p["person"]) if show else person_rows(None),
        }
        for p in people
    ]


# --- the screening form -------------------------------------------------------------------------
@dataclass(frozen=True)
class Tick:
    label: str
    on: bool
    help: str = ""
    other: bool = False  # "Other": a dotted line to write what


@dataclass(frozen=True)
class TickGrid:
    """Ticks laid out in rows of ``cols``, read left to right like a printed form."""

    rows: list[list[Tick | None]]
    width: int  # per cent of the line per column
    single: bool = False  # one answer only: round boxes


def _grid(ticks: list[Tick], cols: int = 3, *, single: bool = False) -> TickGrid:
    rows = [ticks[i : i + cols] for i in range(0, len(ticks), cols)]
    if rows:
        rows[-1] = rows[-1] + [None] * (cols - len(rows[-1]))
    return TickGrid(rows=rows, width=100 // cols, single=single)


def _ticks(enum, selected: Iterable[str], *, prompts: dict | None = None) -> list[Tick]:
    chosen = set(selected or [])
    return [
        Tick(
            label=str(choice.label),
            on=choice.value in chosen,
            help=str((prompts or {}).get(choice, "")),
            other=choice.value == "Other",
        )
        for choice in enum
    ]


FOUND = gettext_lazy("Where found")
_PLACE_ORDER = {kind: i for i, kind in enumerate(enums.PlaceType.values)}


def _dates_text(start, end) -> str:
    if start and end and end != start:
        return f"{_be_date(start)} – {_be_date(end)}"
    return _be_date(start or end)


def case_place_rows(case) -> list[dict]:
    """The places of the case in the order of the story: where the person was recruited, moved
    through and exploited (as recorded), then where they were found (the first tip that says
    where). Each row: kind, setting (what kind of place), country, area (province and district
    in Thailand), description, dates."""
    places = sorted(
        case.places.select_related("province", "district"),
        key=lambda p: (_PLACE_ORDER.get(p.place_type, 9), p.date or dt.date.max, p.created_at),
    )
    rows = [
        {
            "kind": _label(enums.PlaceType, p.place_type),
            "setting": _label(enums.PlaceSetting, p.setting) if p.setting else "",
            "country": country_name(p.country),
            "area": " · ".join(x.name for x in (p.province, p.district) if x is not None),
            "description": p.description,
            "date": _dates_text(p.date, p.date_to),
        }
        for p in places
    ]
    found = (
        case.intakes.exclude(place_province__isnull=True, place_detail="")
        .select_related("place_province", "place_district", "place_subdistrict")
        .order_by("received_at")
        .first()
    )
    if found is not None:
        rows.append(
            {
                "kind": str(FOUND),
                "setting": "",
                "country": country_name("TH"),
                "area": " · ".join(
                    x.name
                    for x in (found.place_province, found.place_district, found.place_subdistrict)
                    if x is not None
                ),
                "description": found.place_detail,
                "date": _be_date(timezone.localtime(found.received_at).date()),
            }
        )
    return rows


def _screening_context(*, actor, case, interview, blank: bool) -> dict:
    show_identity, people = _people(actor, case)
    victims = [p for p in people if p["is_victim"]] or [
        {"role": "", "name": "", "rows": person_rows(None)}
    ]

    def get(name, default=None):
        return default if interview is None else getattr(interview, name, default)

    interviewer = get("interviewer")
    place_rows = [] if blank else case_place_rows(case)
    if not place_rows:  # a row per kind of place to fill in by hand
        place_rows = [{"kind": str(kind.label), "blank": True} for kind in enums.PlaceType] + [
            {"kind": str(FOUND), "blank": True}
        ]
    relationship = get("relationship_to_trafficker", "")
    industry = get("forced_labour_industry", "")
    return {
        "blank": blank,
        "interview": interview,
        "no_interview": interview is None and not blank,
        "interview_date": _be(get("interviewed_at")),
        "interviewer_name": interviewer.display_name if interviewer is not None else "",
        "interpreter_language": language_name(get("interpreter_language", "")),
        "interpreter_name": get("interpreter_name", ""),
        "uses_interpreter": bool(get("interpreter_language") or get("interpreter_name")),
        "show_identity": show_identity,
        "victims": victims,
        # in the signature block's brackets; a name the font cannot print is left to write
        "person_name": victims[0]["name"] if printable(victims[0]["name"]) else "",
        "indicators": _ticks(
            enums.ForcedLabourIndicator, get("indicators", []), prompts=enums.INDICATOR_PROMPTS
        ),
        "methods_of_control": _grid(_ticks(enums.MethodOfControl, get("methods_of_control", []))),
        "exploitation_types": _grid(_ticks(enums.ExploitationType, get("exploitation_types", []))),
        "sex_exploitation_types": _grid(
            _ticks(enums.SexExploitationType, get("sex_exploitation_types", [])), 4
        ),
        "industries": _grid(
            _ticks(enums.ForcedLabourIndustry, [industry] if industry else []), single=True
        ),
        "recruitment_methods": _grid(
            _ticks(enums.RecruitmentMethod, get("recruitment_methods", []))
        ),
        "recruitment_apps": _grid(_ticks(enums.RecruitmentApp, get("recruitment_apps", [])), 5),
        "relationships": _ticks(
            enums.RelationshipToTrafficker, [relationship] if relationship else []
        ),
        "vulnerabilities": _grid(_ticks(enums.Vulnerability, get("vulnerabilities", []))),
        "places": place_rows,
        "notes": get("notes", ""),
        "note_lines": range(5 if blank or not get("notes") else 2),
    }


# --- the case summary ---------------------------------------------------------------------------
@dataclass(frozen=True)
class StageRow:
    stage: str
    when: str
    what: str


def _closure_reason(case) -> str:
    closure = case.closures.filter(approved=True).order_by("-decided_at").first()
    return closure.reason if closure else ""


def _stage_rows(case) -> list[StageRow]:
    from .models import Custody

    rows: list[StageRow] = []
    for intake in case.intakes.select_related("referring_agency").order_by("received_at"):
        what = _("from %(source)s by %(channel)s (%(urgency)s)") % {
            "source": _label(enums.TipSource, intake.source),
            "channel": _label(enums.Channel, intake.channel),
            "urgency": _label(enums.Urgency, intake.urgency),
        }
        rows.append(StageRow(_("Tip or referral received"), _be(intake.received_at), what))
    custody = Custody.objects.filter(case=case).prefetch_related("extensions").first()
    if custody is not None:
        rows.append(
            StageRow(_("Screening custody started"), _be(custody.started_at), custody.place)
        )
        for ext in custody.extensions.all():
            rows.append(
                StageRow(
                    _("Court extension of custody"),
                    _be_date(ext.order_date),
                    _("order %(number)s, %(court)s, until %(deadline)s")
                    % {
                        "number": ext.order_number,
                        "court": ext.court,
                        "deadline": _be(ext.new_deadline),
                    },
                )
            )
        if custody.ended_at:
            rows.append(StageRow(_("Screening custody ended"), _be(custody.ended_at), ""))
    for s in case.screenings.order_by("interviewed_at"):
        what = _("%(n)s of 11 indicators; %(exploitation)s") % {
            "n": len(s.indicators),
            "exploitation": _labels(enums.ExploitationType, s.exploitation_types) or "—",
        }
        rows.append(StageRow(_("Screening interview"), _be(s.interviewed_at), what))
    for t in case.temporary_protections.select_related("shelter").order_by("started_at"):
        what = t.shelter.name
        if t.ended_at:
            what = _("%(shelter)s, until %(ended)s") % {"shelter": what, "ended": _be(t.ended_at)}
        rows.append(StageRow(_("Temporary protection"), _be(t.started_at), what))
    for d in case.identifications.order_by("decided_at"):
        what = _label(enums.TraffickingStatus, d.status)
        if d.approved_at:
            what = _("%(status)s; approved %(when)s") % {"status": what, "when": _be(d.approved_at)}
        else:
            what = _("%(status)s; waiting for the supervisor's approval") % {"status": what}
        rows.append(StageRow(_("Identification decision"), _be(d.decided_at), what))
    for n in case.rights_notices.order_by("notified_at"):
        rows.append(
            StageRow(
                _("Rights notice"),
                _be(n.notified_at),
                _("in %(language)s: %(rights)s")
                % {"language": language_name(n.language), "rights": _labels(Right, n.rights)},
            )
        )
    rows += _track_rows(case)  # stages 7-12, then closure (13)
    for c in case.closures.order_by("requested_at"):
        rows.append(
            StageRow(
                _("Closure requested"), _be(c.requested_at), _label(enums.ClosureReason, c.reason)
            )
        )
        if c.decided_at:
            verdict = _("approved") if c.approved else _("sent back")
            rows.append(StageRow(_("Closure decided"), _be(c.decided_at), verdict))
        if c.reopened_at:
            rows.append(StageRow(_("Case reopened"), _be(c.reopened_at), c.reopen_reason))
    return rows


# Stages 7-12 run as parallel tracks (their own modules): (relation on the case, date fields
# of the row's start, date field of its end). Read defensively: a track that does not exist
# in this installation is skipped, and each row is labelled by its model's own verbose name.
TRACKS = [
    ("referrals", ("sent_at",), "answered_at"),
    ("assistance_plans", ("started_on",), "actual_end"),
    ("shelter_stays", ("started_on",), "ended_on"),
    ("legal_proceedings", ("created_at",), None),
    ("compensation_claims", ("claimed_on",), None),
    ("stay_permits", ("valid_from",), "valid_to"),
    ("family_assessments", ("assessed_on",), None),
    ("return_plans", ("returned_on", "planned_on"), None),
    ("follow_up_visits", ("done_on",), None),
]
TRACK_WHO_FIELDS = ("shelter", "to_agency", "issuing_office", "court")
TRACK_WHAT_FIELDS = ("status", "kind", "permit_type", "safe_to_return", "outcome", "exit_reason")


def _track_rows(case) -> list[StageRow]:
    rows: list[tuple[object, StageRow]] = []
    for relation, start_fields, end_field in TRACKS:
        for record in _related(case, relation):
            start = _attr(record, *start_fields)
            if start is None:
                continue
            what = ", ".join(
                p
                for p in (_display(record, *TRACK_WHO_FIELDS), _display(record, *TRACK_WHAT_FIELDS))
                if p
            )
            end = getattr(record, end_field, None) if end_field else None
            if end:
                until = _("until %(when)s") % {"when": _be(end)}
                what = f"{what}, {until}" if what else until
            label = str(record._meta.verbose_name)
            rows.append((start, StageRow(label[:1].upper() + label[1:], _be(start), what)))
    rows.sort(key=lambda pair: _sort_key(pair[0]))
    return [row for _start, row in rows]


def _sort_key(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time()))


def _compensation_text(case) -> str:
    """Ordered / paid / unpaid in baht, when the compensation ledger exists and has claims."""
    totals_of = getattr(selectors, "compensation_totals", None)
    if totals_of is None or not _related(case, "compensation_claims"):
        return ""
    totals = totals_of(case=case)
    return " / ".join(
        _("%(amount)s baht") % {"amount": f"{amount:,.2f}"}
        for amount in (totals.ordered, totals.paid, totals.outstanding)
    )


def _decisions(case) -> list[dict]:
    out = []
    for d in (
        case.identifications.select_related("approved_by")
        .prefetch_related(models.Prefetch("members", queryset=_members_qs()))
        .order_by("decided_at")
    ):
        out.append(
            {
                "kind": _("Identification decision"),
                "when": _be(d.decided_at),
                "result": _label(enums.TraffickingStatus, d.status),
                "by": _label(enums.DecisionOrg, d.deciding_org),
                "reasons": d.reasons,
                "members": ", ".join(
                    f"{m.name} ({m.agency.name})" if m.agency_id else m.name
                    for m in d.members.all()
                ),
                "approval": (
                    _("Approved by %(who)s, %(when)s")
                    % {"who": d.approved_by.display_name, "when": _be(d.approved_at)}
                    if d.approved_at and d.approved_by
                    else _("Waiting for the supervisor's approval")
                ),
            }
        )
    for c in (
        case.closures.select_related("decided_by").exclude(decided_at=None).order_by("decided_at")
    ):
        out.append(
            {
                "kind": _("Closure"),
                "when": _be(c.decided_at),
                "result": _("approved") if c.approved else _("sent back"),
                "by": c.decided_by.display_name if c.decided_by else "",
                "reasons": " — ".join(
                    p
                    for p in (_label(enums.ClosureReason, c.reason), c.details, c.decision_note)
                    if p
                ),
                "members": "",
                "approval": "",
            }
        )
    return out


def _members_qs():
    from .models import IdentificationMember

    return IdentificationMember.objects.select_related("agency").order_by("name")


def _summary_context(*, actor, case) -> dict:
    show_identity, people = _people(actor, case)
    status = process.case_status(case.phase, _closure_reason(case))
    deadlines = [
        {
            "label": d.label,
            "due": d.due_text_th,
            "status": d.status_label,
            "status_key": str(d.status),
        }
        for d in clocks.case_deadlines(case)
    ]
    lines = selectors.case_timeline(case=case, limit=TIMELINE_LINES)
    facts = [
        (_("Case code"), case.code),
        (_("Phase"), _label(process.Phase, case.phase)),
        (_("Status"), _label(enums.CaseStatus, status)),
        (_("Trafficking status"), _label(enums.TraffickingStatus, case.trafficking_status) or "—"),
        (_("Province"), case.province.name if case.province_id else ""),
        (_("Owning agency"), case.agency.name if case.agency_id else ""),
        (_("Case worker"), case.case_worker.display_name if case.case_worker_id else "—"),
        (_("Opened"), _be(case.opened_at) or "—"),
        (_("Closed"), _be(case.closed_at) or "—"),
        (
            _("Forms of exploitation"),
            _labels(enums.ExploitationType, case.exploitation_types) or "—",
        ),
    ]
    if compensation := _compensation_text(case):
        facts.append((_("Compensation (ordered / paid / unpaid)"), compensation))
    return {
        "fact_rows": [facts[i : i + 2] for i in range(0, len(facts), 2)],
        "show_identity": show_identity,
        "people": people,
        "places": case_place_rows(case),
        "stages": _stage_rows(case),
        "deadlines": deadlines,
        "decisions": _decisions(case),
        "timeline": [
            {"when": _be(line.at), "who": line.actor, "text": line.text} for line in lines
        ],
        "timeline_limit": TIMELINE_LINES,
    }
