"""Stage 1: a new case from a tip or referral."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from saphan.orgs.access import require

from ..forms import IntakeForm, validation_errors_to_form
from ..services import case_open, submit_once
from ..services.stages import IntakeInput
from .common import pick, require_case_role

INTAKE_FIELDS = [
    "received_at",
    "source",
    "channel",
    "urgency",
    "description",
    "referring_agency",
    "reporter_name",
    "reporter_contact",
    "reporter_agrees_to_contact",
    "place_detail",
]


@login_required
def case_new(request):
    user = request.user
    require_case_role(user)
    require(user, "cases.add_case")
    if request.method == "POST":
        form = IntakeForm(request.POST, user=user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                submitted = submit_once(
                    actor=user,
                    key=d["submission_key"],
                    write=lambda: case_open(
                        actor=user,
                        intake=IntakeInput(
                            **pick(d, INTAKE_FIELDS),
                            place_province_id=d["place_province"].pk
                            if d["place_province"]
                            else None,
                        ),
                    ),
                    # The double submit of this form finds the case it opened.
                    record=lambda case: case.code,
                )
                if not submitted.done:
                    messages.info(
                        request,
                        _("This form was already sent: the case was opened once, here it is."),
                    )
                    code = submitted.recorded
                    return redirect("cases:detail", code=code) if code else redirect("cases:list")
                case = submitted.value
            except ValidationError as e:
                validation_errors_to_form(form, e)
            else:
                opened = _("Case %(code)s opened. Next: link the person and record what follows.")
                messages.success(request, opened % {"code": case.code})
                return redirect("cases:detail", code=case.code)
    else:
        form = IntakeForm(user=user)
    return render(request, "cases/new.html", {"form": form})
