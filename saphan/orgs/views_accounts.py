"""The account pages (/accounts/manage/, /accounts/grants/): thin views over
services_accounts.py and importing_accounts.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.downloads import attachment
from saphan.core.flash import refusal_shown
from saphan.core.forms import validation_errors_to_form
from saphan.core.import_pages import import_form_page, import_run_progress, sent_file
from saphan.core.selectors import import_run_of

from . import importing_accounts, selectors
from . import services_accounts as svc
from .access import require
from .forms_accounts import AccountForm, AccountSearchForm, GrantDecisionForm, StaffImportForm
from .models import GrantStatus, PendingRoleGrant, User
from .roles import Jurisdiction


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


# The services name the area by its key; the form by its field.
_AREA_FIELDS = {"region_id": "region", "province_id": "province"}


@login_required
def home(request):
    """The menu's one entry: the account list for the administrator, the approval queue for
    central officers."""
    require(request.user, "orgs.open_account_pages")
    if request.user.has_perm("orgs.manage_users"):
        return redirect("accounts:list")
    return redirect("accounts:grants")


@login_required
def account_list(request):
    require(request.user, "orgs.manage_users")
    form = AccountSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.account_list(
        actor=request.user,
        q=filters.get("q", ""),
        province=filters["province"].pk if filters.get("province") else "",
        role=filters.get("role", ""),
        active=filters.get("active", ""),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    pending = {
        g.user_id
        for g in PendingRoleGrant.objects.filter(
            status=GrantStatus.PENDING, user__in=[u.pk for u in page]
        )
    }
    return render(
        request,
        "orgs/accounts/list.html",
        {"form": form, "page": page, "pending": pending, "total": qs.count()},
    )


@login_required
def account_new(request):
    require(request.user, "orgs.manage_users")
    form = AccountForm(request.POST or None, initial={"jurisdiction": Jurisdiction.PROVINCE})
    if request.method == "POST" and form.is_valid():
        try:
            made = svc.account_create(
                actor=request.user,
                data=form.to_input(),
                reason=form.cleaned_data.get("reason") or "",
                base_url=_base_url(request),
            )
        except ValidationError as e:
            validation_errors_to_form(form, e, _AREA_FIELDS)
        else:
            _say_saved(request, made, created=True)
            return redirect("accounts:edit", pk=made.user.pk)
    return render(request, "orgs/accounts/form.html", {"form": form, "account": None})


def _say_saved(request, made: svc.AccountResult, *, created: bool) -> None:
    text = (_("Account %(username)s created.") if created else _("Account %(username)s saved.")) % {
        "username": made.user.username
    }
    if made.grant is not None:
        text += " " + _(
            "The roles that open case files wait for a central officer's approval; the "
            "auditors were told."
        )
    messages.success(request, text)


@login_required
def account_edit(request, pk):
    require(request.user, "orgs.manage_users")
    account = get_object_or_404(User, pk=pk)
    if account.is_superuser:
        raise PermissionDenied("a superuser is managed by the operators")
    pending = account.role_grants.filter(status=GrantStatus.PENDING).first()
    initial = {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "name_en": account.name_en,
        "email": account.email,
        "roles": pending.roles if pending else account.roles,
        "jurisdiction": pending.jurisdiction if pending else account.jurisdiction,
        "region": (pending or account).region_id,
        "province": (pending or account).province_id,
        "agency": (pending or account).agency_id,
    }
    form = AccountForm(request.POST or None, initial=initial, editing=account)
    email_locked = svc.has_chosen_password(account)
    if email_locked:
        form.fields["email"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            made = svc.account_update(
                actor=request.user,
                user=account,
                data=form.to_input(),
                reason=form.cleaned_data.get("reason") or "",
            )
        except ValidationError as e:
            validation_errors_to_form(form, e, _AREA_FIELDS)
        else:
            _say_saved(request, made, created=False)
            return redirect("accounts:edit", pk=account.pk)
    return render(
        request,
        "orgs/accounts/form.html",
        {
            "form": form,
            "account": account,
            "pending": pending,
            "email_locked": email_locked,
            "history": account.role_grants.select_related("requested_by", "decided_by")[:20],
            "has_password": svc.has_chosen_password(account),
        },
    )


@login_required
@require_POST
def account_set_active(request, pk):
    require(request.user, "orgs.manage_users")
    account = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    svc.account_set_active(actor=request.user, user=account, active=active)
    messages.success(
        request,
        (
            _("Account %(username)s reactivated.")
            if active
            else _("Account %(username)s deactivated.")
        )
        % {"username": account.username},
    )
    return redirect("accounts:edit", pk=account.pk)


@login_required
@require_POST
def account_welcome(request, pk):
    require(request.user, "orgs.manage_users")
    account = get_object_or_404(User, pk=pk)
    with refusal_shown(request):
        svc.account_resend_welcome(actor=request.user, user=account, base_url=_base_url(request))
        messages.success(
            request,
            _("A new link to choose the password was sent to %(email)s.")
            % {"email": account.email},
        )
    return redirect("accounts:edit", pk=account.pk)


@login_required
def staff_import(request):
    """The form: the file is kept and the background worker checks it and opens the accounts;
    the page it leads to follows the import (``staff_import_run``)."""
    require(request.user, "orgs.manage_users")
    provinces = selectors.account_provinces(actor=request.user)
    return import_form_page(
        request,
        form=StaffImportForm(request.POST or None, request.FILES or None, provinces=provinces),
        start=lambda form: importing_accounts.staff_import_start(
            actor=request.user,
            province=form.cleaned_data["province"],
            reason=form.cleaned_data.get("reason") or "",
            base_url=_base_url(request),
            **sent_file(form),
        ),
        kind=importing_accounts.IMPORT_KIND,
        template="orgs/accounts/import.html",
        run_page="accounts:import_run",
    )


@login_required
def staff_import_run(request, pk):
    """An import sent: its progress while the worker runs it (asked for again by htmx), then
    what it did with each row, or every row's errors."""
    require(request.user, "orgs.manage_users")
    run = import_run_of(actor=request.user, pk=pk, kind=importing_accounts.IMPORT_KIND)
    if run is None:
        raise Http404
    province = (run.options or {}).get("province", "")
    done = {
        "done_url": f"{reverse('accounts:list')}?{urlencode({'province': province})}",
        "done_label": _("See the province's accounts"),
    }
    if request.htmx:
        return import_run_progress(request, run, **done)
    provinces = selectors.account_provinces(actor=request.user)
    form = StaffImportForm(provinces=provinces, initial={"province": province})
    return render(
        request,
        "orgs/accounts/import.html",
        {"form": form, "run": run, "poll_url": request.path, **done},
    )


@login_required
def staff_import_template(request):
    require(request.user, "orgs.manage_users")
    from saphan.geo.models import Province

    province = Province.objects.filter(pk=request.GET.get("province", "")[:10]).first()
    return attachment(
        importing_accounts.template_bytes(province=province), filename="saphan-staff.xlsx"
    )


@login_required
def grants(request):
    actor = request.user
    qs = selectors.pending_grants(actor=actor)
    can_decide = actor.has_perm("orgs.approve_role_grant")
    return render(
        request,
        "orgs/accounts/grants.html",
        {
            "waiting": qs.filter(status=GrantStatus.PENDING).order_by("created_at"),
            "decided": qs.exclude(status=GrantStatus.PENDING).order_by("-decided_at")[:30],
            "can_decide": can_decide,
            "form": GrantDecisionForm(),
        },
    )


@login_required
@require_POST
def grant_decide(request, pk):
    require(request.user, "orgs.approve_role_grant")
    grant = get_object_or_404(PendingRoleGrant, pk=pk)
    form = GrantDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or refuse and give the reason."))
        return redirect("accounts:grants")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        svc.role_grant_decide(
            actor=request.user, grant=grant, approve=approve, reason=form.cleaned_data["reason"]
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    except PermissionDenied:
        messages.error(
            request,
            _(
                "You asked for this change or it is for your own account: another central officer decides it."
            ),
        )
        return redirect("accounts:grants")
    else:
        messages.success(
            request,
            (_("Approved: %(username)s now has the roles.") if approve
             else _("Refused: %(username)s keeps the access they had."))
            % {"username": grant.user.username},
        )  # fmt: skip
    return redirect("accounts:grants")


urlpatterns = [
    path("manage/home/", home, name="home"),
    path("manage/", account_list, name="list"),
    path("manage/new/", account_new, name="new"),
    path("manage/import/", staff_import, name="import"),
    path("manage/import/template.xlsx", staff_import_template, name="import_template"),
    path("manage/import/<uuid:pk>/", staff_import_run, name="import_run"),
    path("manage/<uuid:pk>/", account_edit, name="edit"),
    path("manage/<uuid:pk>/active/", account_set_active, name="set_active"),
    path("manage/<uuid:pk>/welcome/", account_welcome, name="welcome"),
    path("grants/", grants, name="grants"),
    path("grants/<uuid:pk>/", grant_decide, name="grant_decide"),
]
