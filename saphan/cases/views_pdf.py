"""The case's official PDFs: the screening interview form (filled, or blank with ?blank=1) and the
case summary. Thin views: the case comes through the selectors (a case the user may not see is
a 404, never a hint that it exists); documents_pdf checks access again and logs the read.

Included by the cases URLconf under the case prefix, e.g. ``cases/<code>/pdf/summary/``.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors
from .documents_pdf import case_summary_pdf, screening_form_pdf


def _visible_case(request, code: str):
    filters = selectors.CaseFilters(scope="all", open_only=False)
    case = selectors.case_list(actor=request.user, filters=filters).filter(code=code).first()
    if case is None:
        raise Http404("case not visible")
    return case


def _pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache  # a victim's record: no copy in shared or browser caches
@login_required
@require_GET
def screening_form(request, code: str):
    case = _visible_case(request, code)
    blank = request.GET.get("blank") in {"1", "true", "yes"}
    pdf = screening_form_pdf(actor=request.user, case=case, blank=blank, path=request.path)
    return _pdf_response(pdf, filename=f"{case.code}.pdf")


@never_cache
@login_required
@require_GET
def case_summary(request, code: str):
    case = _visible_case(request, code)
    pdf = case_summary_pdf(actor=request.user, case=case, path=request.path)
    return _pdf_response(pdf, filename=f"{case.code}.pdf")


pdf_urlpatterns = [
    path("<str:code>/pdf/screening-form/", screening_form, name="pdf_screening_form"),
    path("<str:code>/pdf/summary/", case_summary, name="pdf_summary"),
]
