"""Refused attempts on protected records go into the read log, in one place.

Every view of cases, people, network records, exports and case documents refuses through the
access checks (orgs/access.py) with PermissionDenied or Http404; Django turns those into a 403
or 404 response before this middleware sees it. So a 403 or 404 under the protected addresses,
for a signed-in account, is written to the read log as "refused" with what was asked for (the
id or code in the address), by whom and when: an account trying other provinces' case codes
leaves a trail in /audit/ whichever view it tried.
"""

from __future__ import annotations

import logging

from django.urls import Resolver404, resolve

from .models import Outcome

log = logging.getLogger(__name__)

PROTECTED_PREFIXES = (
    "/cases/", "/people/", "/insight/", "/network/", "/audit/download/",
    "/api/v1/cases/", "/api/v1/referrals/",  # the partner API: the account its token belongs to
)  # fmt: skip
REFUSED_STATUSES = (403, 404)
# The address's argument that names the record, most specific first.
ID_KWARGS = ("document_id", "request_id", "pk", "code", "uidb64", "chart_id", "referral_id")
# What kind of record a page's argument names (for the auditor's search by record type).
RECORD_TYPES = {
    "cases:detail": "cases.case",
    "cases:action": "cases.case",
    "cases:document": "cases.casedocument",
    "cases:referral-answer": "cases.referral",
    "cases:pdf_screening_form": "cases.case",
    "cases:pdf_summary": "cases.case",
    "people:access_request_decide": "people.accessrequest",
    "network:visit": "network.visit",
    "network:visit_manage": "network.visit",
    "network:tip": "network.tip",
    "network:password_link": "orgs.user",
    "network:follow_up_assign": "cases.case",
    "network:household_import": "network.householdimport",
    "network:household_import_errors": "network.householdimport",
    "audit:download": "audit.sealedexport",
    "insight:province": "geo.province",
    "insight:region": "geo.region",
    "api-v1:case_detail": "cases.case",
    "api-v1:case_timeline": "cases.case",
    "api-v1:case_screenings": "cases.case",
    "api-v1:case_identifications": "cases.case",
    "api-v1:case_follow_ups": "cases.case",
    "api-v1:referral_send": "cases.case",
    "api-v1:referral_answer": "cases.referral",
}


def _clean(value) -> str:
    return str(value).replace("\x00", "")


def describe_refusal(path: str) -> tuple[str, str, str, str]:
    """(record type, record id, record label, page name) of what an address asked for."""
    try:
        match = resolve(path)
    except Resolver404:
        return "url", _clean(path)[:100], "", ""
    name = match.view_name or ""
    kwargs = match.kwargs
    record_id = next((kwargs[k] for k in ID_KWARGS if kwargs.get(k)), "")
    label = kwargs.get("code", "")
    if action := kwargs.get("action"):
        name = f"{name}/{action}"
    record_type = RECORD_TYPES.get(match.view_name, f"url:{match.view_name}")
    return record_type, _clean(record_id), _clean(label), _clean(name)


class RefusalLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in REFUSED_STATUSES and request.path.startswith(PROTECTED_PREFIXES):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                self._log(request, user, response.status_code)
        return response

    @staticmethod
    def _log(request, user, status: int) -> None:
        from .services import log_event

        record_type, record_id, label, name = describe_refusal(request.path_info)
        try:
            log_event(
                actor=user,
                outcome=Outcome.REFUSED,
                record_type=record_type,
                record_id=record_id,
                record_label=label,
                scope=f"refused:{status}",
                purpose=f"{request.method} {name}".strip(),
                path=_clean(request.get_full_path()),
            )
        except Exception:  # the refusal itself must still reach the user
            log.exception("could not log a refused attempt on %s", request.path)


class ReadLogBatchMiddleware:
    """A GET or HEAD request writes the reads it logs in one transaction as it ends, before
    its response leaves (services.reads_written_together): a case page logs the case, its
    people and its perpetrators, which were three transactions. A request that may write logs
    each read at once, with what it writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        from .services import reads_written_together

        with reads_written_together():
            return self.get_response(request)
