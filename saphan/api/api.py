"""The partner API, version 1: what an integration account may do in the pages, over HTTP.

Every read goes through the same scoped selectors as the pages (orgs/access.py, the read log);
every write through the same services. An integration is an account like any staff member, with
its agency, roles and jurisdiction; it authenticates with a bearer token (api/auth.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from saphan.cases import selectors as case_selectors
from saphan.cases import services as case_services
from saphan.cases.models import Case, Referral
from saphan.cases.services.stages import IntakeInput
from saphan.core.errors import ConflictError
from saphan.orgs.access import require
from saphan.orgs.models import Agency

from . import schemas as s
from .auth import RateLimited, TokenAuth
from .problems import problem, validation_errors

log = logging.getLogger(__name__)

ERRORS = {400: s.Problem, 401: s.Problem, 403: s.Problem, 404: s.Problem, 422: s.Problem,
          429: s.Problem}  # fmt: skip
WRITE_ERRORS = {**ERRORS, 409: s.Problem}


class SaphanAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Errors are documented as what they are: application/problem+json (RFC 9457)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(code)[0] in "45" and "application/json" in content:
                        response["content"] = {
                            "application/problem+json": content["application/json"]
                        }
        return schema


api = SaphanAPI(
    title="Saphan partner API",
    version="1",
    description=(
        "The case file of victims of human trafficking, for partner agencies' systems. "
        "Authenticate with `Authorization: Bearer <token>` (tokens are issued by the agency's "
        "administrator). Every POST needs an `Idempotency-Key` header. Errors are RFC 9457 "
        "problem details in Thai or English (`Accept-Language`)."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


# --- errors ---------------------------------------------------------------------------------
@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem(401, headers={"WWW-Authenticate": 'Bearer realm="saphan"'})


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    return problem(429, headers={"Retry-After": str(exc.retry_after)})


@api.exception_handler(NinjaValidationError)
def _invalid_request(request, exc):
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": str(e.get("msg"))}
        for e in exc.errors
    ]
    return problem(422, errors=errors)


@api.exception_handler(DjangoValidationError)
def _refused_by_service(request, exc):
    return problem(422, errors=validation_errors(exc))


@api.exception_handler(ConflictError)
def _conflict(request, exc):
    return problem(409, detail=exc.message)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem(403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(404)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem(exc.status_code, detail=str(exc) or None)


@api.exception_handler(Exception)
def _server_error(request, exc):
    log.exception("API error on %s", request.path)
    return problem(500)


# --- cases ----------------------------------------------------------------------------------
cases = Router(tags=["cases"])


def _case(request, code: str) -> Case:
    """The case as the pages open it (scoped, logged); 404 for one the account may not see."""
    try:
        return case_selectors.case_get(
            actor=request.auth.user, code=code, path=request.path, purpose="api"
        )
    except PermissionDenied:
        raise Http404 from None


def _cursor_encode(case: Case) -> str:
    raw = json.dumps([case.created_at.isoformat(), str(case.pk)])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _cursor_decode(cursor: str) -> tuple[dt.datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, pk = json.loads(raw)
        import uuid

        return dt.datetime.fromisoformat(created), str(uuid.UUID(pk))
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise HttpError(400, str(_("The cursor is not one this API gave."))) from exc


def _case_out(case: Case) -> dict:
    return {
        "code": case.code,
        "version": case.version,
        "phase": case.phase,
        "phase_label": str(case.get_phase_display()),
        "province": case.province_id,
        "agency": case.agency.code if case.agency_id else None,
        "opened_at": case.opened_at,
        "exploitation_types": list(case.exploitation_types or []),
        "updated_at": case.updated_at,
    }


@cases.get("/cases", response={200: s.CasePage, **ERRORS}, summary="Cases this account may see")
def case_list(
    request,
    phase: str = "",
    exploitation: str = "",
    nationality: str = Query("", max_length=2),
    q: str = Query("", max_length=200),
    open_only: bool = False,
    cursor: str = Query("", max_length=200),
    limit: int = Query(50, ge=1, le=200),
):
    filters = case_selectors.CaseFilters(
        scope="all", phase=phase, exploitation=exploitation, nationality=nationality.upper(),
        q=q, open_only=open_only,
    )  # fmt: skip
    qs = case_selectors.case_list(actor=request.auth.user, filters=filters).order_by(
        "-created_at", "-id"
    )
    if cursor:
        created, pk = _cursor_decode(cursor)
        qs = qs.filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=pk))
    page = list(qs[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return {
        "items": [_case_out(c) for c in page],
        "next_cursor": _cursor_encode(page[-1]) if more else None,
    }


def _intake(row: s.IntakeIn) -> IntakeInput:
    return IntakeInput(
        received_at=row.received_at, source=row.source, channel=row.channel,
        description=row.description, urgency=row.urgency, place_province_id=row.place_province,
        place_detail=row.place_detail,
    )  # fmt: skip


@cases.post(
    "/cases/bulk",
    response={201: s.BulkOut, **WRITE_ERRORS},
    summary="Open up to 1,000 cases at once: every row checked first, all or nothing",
)
def case_bulk_open(request, payload: s.BulkIn):
    try:
        opened = case_services.cases_open_all(
            actor=request.auth.user, intakes=[_intake(row) for row in payload.cases]
        )
    except case_services.IntakesRefused as exc:
        return problem(
            422,
            detail=_("No case was opened: correct the rows listed and send them all again."),
            errors=[{"row": n, **e} for n, err in exc.rows for e in validation_errors(err)],
        )
    return Status(201, {"created": [case.code for case in opened]})


def _referral_out(r: Referral) -> dict:
    return {
        "id": str(r.pk),
        "case": r.case.code,
        "kind": r.kind,
        "reason": r.reason,
        "from_agency": r.from_agency.code,
        "to_agency": r.to_agency.code,
        "sent_at": r.sent_at,
        "identity_shared": r.identity_sharing != "not_shared",
        "answer": r.answer or None,
        "answered_at": r.answered_at,
    }


@cases.get("/cases/{code}", response={200: s.CaseDetail, **ERRORS}, summary="One case")
def case_detail(request, code: str):
    case = _case(request, code)
    people = []
    for party in case_selectors.case_people(actor=request.auth.user, case=case, path=request.path):
        person = party["person"]
        entry = {"role": str(party["role"]), "identity_shown": person is not None}
        if person is not None:
            entry.update(
                names=[n.full_name for n in person.names.all()] or [person.full_name],
                sex=person.sex or None,
                birth_year=person.birth_date.year if person.birth_date else None,
                citizenships=list(person.citizenships or []),
            )
        people.append(entry)
    referrals = [
        _referral_out(r)
        for r in case.referrals.select_related("case", "from_agency", "to_agency").order_by(
            "sent_at"
        )
    ]
    return {**_case_out(case), "people": people, "referrals": referrals}


@cases.get(
    "/cases/{code}/timeline", response={200: list[s.TimelineLine], **ERRORS}, summary="Timeline"
)
def case_timeline(request, code: str):
    case = _case(request, code)
    return [
        {"at": line.at, "actor": str(line.actor), "kind": line.kind, "text": str(line.text)}
        for line in case_selectors.case_timeline_named(case=case)
    ]


@cases.get(
    "/cases/{code}/screenings",
    response={200: list[s.ScreeningOut], **ERRORS},
    summary="Screening interviews (the indicators, not the notes)",
)
def case_screenings(request, code: str):
    case = _case(request, code)
    return list(case.screenings.order_by("interviewed_at"))


@cases.get(
    "/cases/{code}/identifications",
    response={200: list[s.IdentificationOut], **ERRORS},
    summary="Identification decisions",
)
def case_identifications(request, code: str):
    case = _case(request, code)
    return list(case.identifications.order_by("decided_at"))


@cases.post(
    "/cases/{code}/screenings",
    response={201: s.ScreeningOut, **WRITE_ERRORS},
    summary="Record a screening interview (as the case page's form does)",
    description=(
        "For the accounts that may change the case in the pages: its case workers and "
        "supervisor, and the MDT members and shelter staff it is assigned or referred to. "
        "Screening custody (s.29) ends at the interview's time unless `custody_still_held`. "
        "Refusals are 403 (the account sees the case but may not change it), 404 (it does not "
        "see it) or 422 (the law's guards: a future time, before custody began, a closed case); "
        "every 403 and 404 is in the read log (/audit/)."
    ),
)
def screening_create(request, code: str, payload: s.ScreeningIn):
    from saphan.cases.services.stages import ScreeningInput

    case = _case(request, code)
    data = payload.model_dump()
    custody_still_held = data.pop("custody_still_held")
    expected_version = data.pop("expected_version")
    data["forced_labour_industry"] = data["forced_labour_industry"] or ""
    data["relationship_to_trafficker"] = data["relationship_to_trafficker"] or ""
    data = {k: [str(x) for x in v] if isinstance(v, list) else v for k, v in data.items()}
    interview = case_services.screening_record(
        actor=request.auth.user, case=case, data=ScreeningInput(**data),
        custody_still_held=custody_still_held, expected_version=expected_version,
    )  # fmt: skip
    return Status(201, interview)


def _members(case: Case, members: list[s.MemberIn]):
    """The team members present, each of an agency the page offers for this case's province."""
    from saphan.cases.forms import agencies_for
    from saphan.cases.services.stages import MemberPresent

    codes = {m.agency for m in members}
    agencies = {a.code: a for a in agencies_for(case.province_id).filter(code__in=codes)}
    unknown = sorted(codes - set(agencies))
    if unknown:
        raise DjangoValidationError(
            {
                "members": _("No agency of this province or of the nation has the code %(codes)s.")
                % {"codes": ", ".join(unknown)}
            }
        )
    return [MemberPresent(agency=agencies[m.agency], name=m.name.strip()) for m in members]


@cases.post(
    "/cases/{code}/identifications",
    response={201: s.IdentificationOut, **WRITE_ERRORS},
    summary="Record the MDT's identification decision; it waits for the supervisor's approval",
    description=(
        "The same decision as the case page's form, checked by the same law "
        "(cases/process.py): a screening interview first, not before it, the members present, "
        "the reasons, and for an actual victim the legal basis with its act, means and purpose "
        "(s.6, no means for a child) or s.6/1; for 'not a victim' how each indicator seen at "
        "screening was weighed. The province's supervisor approves it in the pages."
    ),
)
def identification_create(request, code: str, payload: s.IdentificationIn):
    case = _case(request, code)
    # as the page does before its form: the account's right first, then the members' agencies
    require(request.auth.user, "cases.change_case", case)
    decision = case_services.identification_decide(
        actor=request.auth.user, case=case, status=str(payload.status),
        deciding_org=str(payload.deciding_org), decided_at=payload.decided_at,
        reasons=payload.reasons, members=_members(case, payload.members),
        basis=str(payload.basis or ""), acts=[str(a) for a in payload.acts],
        means=[str(m) for m in payload.means], purposes=[str(p) for p in payload.purposes],
        indicator_weighing={str(k): v for k, v in payload.indicator_weighing.items()},
        expected_version=payload.expected_version,
    )  # fmt: skip
    return Status(201, decision)


@cases.get(
    "/cases/{code}/follow-ups", response={200: list[s.FollowUpOut], **ERRORS}, summary="Follow-ups"
)
def case_follow_ups(request, code: str):
    case = _case(request, code)
    return list(case.follow_up_visits.order_by("number"))


# --- referrals --------------------------------------------------------------------------------
referrals = Router(tags=["referrals"])


@referrals.post(
    "/cases/{code}/referrals", response={201: s.ReferralOut, **WRITE_ERRORS}, summary="Refer"
)
def referral_send(request, code: str, payload: s.ReferralIn):
    case = _case(request, code)
    to_agency = Agency.objects.filter(code=payload.to_agency).first()
    if to_agency is None:
        raise DjangoValidationError({"to_agency": _("No agency has this code.")})
    referral = case_services.referral_send(
        actor=request.auth.user, case=case, to_agency=to_agency, reason=payload.reason,
        kind=payload.kind, details=payload.details, share_identity=payload.share_identity,
        consent_recorded=payload.consent_recorded, consent_at=payload.consent_at,
    )  # fmt: skip
    return Status(201, _referral_out(referral))


@referrals.get(
    "/referrals/waiting",
    response={200: list[s.ReferralOut], **ERRORS},
    summary="Referrals waiting for this account's agency to answer",
)
def referrals_waiting(request):
    return [
        _referral_out(r)
        for r in case_selectors.referrals_waiting(actor=request.auth.user).select_related(
            "to_agency"
        )
    ]


@referrals.post(
    "/referrals/{referral_id}/answer",
    response={200: s.ReferralOut, **WRITE_ERRORS},
    summary="Accept or decline a referral",
)
def referral_answer(request, referral_id: str, payload: s.AnswerIn):
    import uuid

    try:
        uuid.UUID(referral_id)
        referral = case_selectors.referral_waiting_get(
            actor=request.auth.user, referral_id=referral_id
        )
    except (ValueError, PermissionDenied):
        raise Http404 from None
    referral = case_services.referral_answer(
        actor=request.auth.user, referral=referral, accept=payload.accept,
        decline_reason=payload.decline_reason,
    )  # fmt: skip
    referral = Referral.objects.select_related("case", "from_agency", "to_agency").get(
        pk=referral.pk
    )
    return _referral_out(referral)


# --- tips -----------------------------------------------------------------------------------
tips = Router(tags=["tips"])


@tips.post("/tips", response={201: s.TipOut, **WRITE_ERRORS}, summary="A tip for triage")
def tip_create(request, payload: s.TipIn):
    from saphan.network.services.tips import TipInput, tip_record_hotline

    tip = tip_record_hotline(
        actor=request.auth.user,
        data=TipInput(
            province_id=payload.province, district_id=payload.district, seen_at=payload.seen_at,
            description=payload.description, urgency=payload.urgency,
            place_detail=payload.place_detail,
            reporter_agrees_to_contact=payload.reporter_agrees_to_contact,
            reporter_name=payload.reporter_name, reporter_contact=payload.reporter_contact,
        ),
        source=payload.source,
    )  # fmt: skip
    return Status(
        201, {"tracking_code": tip.tracking_code, "status": tip.status, "province": tip.province_id}
    )


# --- exports --------------------------------------------------------------------------------
exports = Router(tags=["exports"])


@exports.get(
    "/exports/htcds",
    response={200: dict[str, list[dict]], **ERRORS},
    summary="HTCDS v2 records of the cases this account may export (pseudonymised)",
)
def export_htcds(request):
    from saphan.insight.exports import htcds_rows, require_exporter

    require_exporter(request.auth.user)
    return htcds_rows(actor=request.auth.user)


# --- webhooks -------------------------------------------------------------------------------
hooks = Router(tags=["webhooks"])


def _subscription_out(sub, secret: str | None = None) -> dict:
    return {
        "id": str(sub.id), "url": sub.url, "events": sub.events, "active": sub.is_active,
        "created_at": sub.created_at, "secret": secret,
    }  # fmt: skip


@hooks.get(
    "/webhooks/subscriptions",
    response={200: list[s.SubscriptionOut], **ERRORS},
    summary="This account's webhook subscriptions",
)
def subscriptions(request):
    from .models import WebhookSubscription

    return [
        _subscription_out(sub)
        for sub in WebhookSubscription.objects.filter(user=request.auth.user, is_active=True)
    ]


@hooks.post(
    "/webhooks/subscriptions",
    response={201: s.SubscriptionOut, **WRITE_ERRORS},
    summary="Subscribe to events; the signing secret is in this answer only",
)
def subscribe(request, payload: s.SubscriptionIn):
    from . import webhooks

    sub, secret = webhooks.subscription_create(
        actor=request.auth.user, url=payload.url, events=[str(e) for e in payload.events]
    )
    return Status(201, _subscription_out(sub, secret))


def _own_subscription(request, subscription_id: str):
    import uuid

    from .models import WebhookSubscription

    try:
        uuid.UUID(subscription_id)
    except ValueError:
        raise Http404 from None
    sub = WebhookSubscription.objects.filter(
        pk=subscription_id, user=request.auth.user, is_active=True
    ).first()
    if sub is None:
        raise Http404
    return sub


@hooks.post(
    "/webhooks/subscriptions/{subscription_id}/cancel",
    response={200: s.SubscriptionOut, **WRITE_ERRORS},
    summary="Stop a subscription",
)
def unsubscribe(request, subscription_id: str):
    from . import webhooks

    sub = _own_subscription(request, subscription_id)
    webhooks.subscription_delete(actor=request.auth.user, subscription=sub)
    sub.refresh_from_db()
    return _subscription_out(sub)


def _delivery_out(d) -> dict:
    return {
        "id": str(d.id), "event": d.event, "status": d.status, "attempts": d.attempts,
        "last_status_code": d.last_status_code, "last_error": d.last_error,
        "created_at": d.created_at, "delivered_at": d.delivered_at, "payload": d.payload,
    }  # fmt: skip


@hooks.get(
    "/webhooks/deliveries",
    response={200: list[s.DeliveryOut], **ERRORS},
    summary="The latest deliveries to this account (200 at most), with each attempt's answer",
)
def deliveries(request, status: str = Query("", max_length=10)):
    from .models import WebhookDelivery

    qs = WebhookDelivery.objects.filter(subscription__user=request.auth.user)
    if status:
        qs = qs.filter(status=status)
    return [_delivery_out(d) for d in qs.order_by("-created_at")[:200]]


@hooks.post(
    "/webhooks/deliveries/{delivery_id}/replay",
    response={202: s.DeliveryOut, **WRITE_ERRORS},
    summary="Send a delivery again (same id and payload: receivers can tell it is the same event)",
)
def replay(request, delivery_id: str):
    import uuid

    from . import webhooks
    from .models import WebhookDelivery

    try:
        uuid.UUID(delivery_id)
    except ValueError:
        raise Http404 from None
    delivery = (
        WebhookDelivery.objects.select_related("subscription")
        .filter(pk=delivery_id, subscription__user=request.auth.user)
        .first()
    )
    if delivery is None:
        raise Http404
    return Status(
        202, _delivery_out(webhooks.delivery_replay(actor=request.auth.user, delivery=delivery))
    )


api.add_router("", cases)
api.add_router("", referrals)
api.add_router("", tips)
api.add_router("", exports)
api.add_router("", hooks)
