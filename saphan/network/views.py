"""Pages of the network: a volunteer's own pages (mobile first), the public tip form and its
status page, the 1300 hotline entry, the province's triage queue, members and their import."""

from __future__ import annotations

from itertools import chain

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case as When_
from django.db.models import IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.cases.enums import Urgency
from saphan.cases.models import FollowUpVisit
from saphan.core import spreadsheets
from saphan.core.downloads import attachment
from saphan.core.flash import refusal_shown
from saphan.core.forms import refusal_on_form, validation_errors_to_form
from saphan.core.import_pages import import_run_progress, sent_file
from saphan.core.selectors import import_run_of
from saphan.geo.selectors import districts_of, subdistricts_of, village_choices
from saphan.orgs import access
from saphan.orgs.access import require
from saphan.orgs.roles import Role

from . import forms, services
from .models import NetworkMember, Tip, TipStatus, VisitStatus
from .selectors import member_of
from .services.members import IMPORT_KIND as MEMBERS_IMPORT

URGENCY_ORDER = When_(
    When(urgency=Urgency.IMMEDIATE, then=Value(0)),
    When(urgency=Urgency.URGENT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _tip_input(d) -> services.TipInput:
    return services.TipInput(
        province_id=d["province"].pk if d.get("province") else "",
        district_id=d["district"].pk if d.get("district") else None,
        subdistrict_id=d["subdistrict"].pk if d.get("subdistrict") else None,
        village_code=d.get("village_code") or "",
        place_detail=d.get("place_detail") or "",
        seen_at=d["seen_at"],
        description=d["description"],
        urgency=d["urgency"],
        reporter_agrees_to_contact=d.get("reporter_agrees_to_contact", False),
        reporter_name=d.get("reporter_name", ""),
        reporter_contact=d.get("reporter_contact", ""),
        photo=d.get("photo"),
        latitude=d.get("latitude"),
        longitude=d.get("longitude"),
    )


# --- areas (htmx option lists; public reference data) --------------------------------------------
def area_options(request, level: str):
    """<option>s of the districts of a province, subdistricts of a district, villages of a
    subdistrict (village numbers 1-30 when the village list is not loaded)."""
    parent = request.GET.get(
        {"district": "province", "subdistrict": "district", "village": "subdistrict"}.get(
            level, ""
        ),
        "",
    )
    options = [("", _("Not known"))]
    if level == "district":
        options += [(d.code, d.name) for d in districts_of(parent)]
    elif level == "subdistrict":
        options += [(s.code, s.name) for s in subdistricts_of(parent)]
    elif level == "village":
        options = village_choices(parent)
    else:
        raise Http404
    html = "".join(str(format_html('<option value="{}">{}</option>', v, t)) for v, t in options)
    return HttpResponse(html)


# --- volunteer's own pages -------------------------------------------------------------------------
@login_required
def home(request):
    user = request.user
    if user.has_role(Role.VOLUNTEER, Role.YOUTH_COUNCIL):
        return redirect("network:mine")
    if user.has_perm("network.view_triage"):
        return redirect("network:triage")
    raise PermissionDenied


@login_required
def mine(request):
    user = request.user
    if not user.has_perm("network.report_concern"):
        raise PermissionDenied
    visits = access.visible_visits(user).filter(assigned_to=user, status=VisitStatus.ASSIGNED)
    done = access.visible_visits(user).filter(assigned_to=user, status=VisitStatus.DONE)
    return render(
        request,
        "network/mine.html",
        {
            "member": member_of(user),
            "visits": visits.order_by("due_on", "created_at"),
            "done": done.order_by("-done_on")[:10],
            "tips": access.reported_tips(user).order_by("-created_at")[:20],
        },
    )


@login_required
def report(request):
    user = request.user
    require(user, "network.report_concern")
    member = member_of(user)
    province = member.province_id if member else user.province_id
    initial = {}
    if member:
        initial = {"district": member.district_id, "subdistrict": member.subdistrict_id}
    if request.method == "POST":
        form = forms.NetworkTipForm(request.POST, province=province)
        if form.is_valid():
            try:
                tip = services.tip_report(actor=user, data=_tip_input(form.cleaned_data))
            except ValidationError as e:
                validation_errors_to_form(form, e)
            else:
                messages.success(
                    request,
                    _("Thank you. Your report %(code)s reached the provincial team.")
                    % {"code": tip.tracking_code},
                )
                return redirect("network:mine")
    else:
        form = forms.NetworkTipForm(province=province, initial=initial)
        if member:
            form.fields["district"].queryset = districts_of(province)
            form.fields["subdistrict"].queryset = subdistricts_of(member.district_id)
            form.village_subdistrict = member.subdistrict_id
    return render(
        request,
        "network/report.html",
        {"form": form, "member": member, "village_initial": member.village_code if member else ""},
    )


@login_required
def visit_record(request, pk):
    user = request.user
    visit = get_object_or_404(
        access.visible_visits(user).filter(assigned_to=user, status=VisitStatus.ASSIGNED), pk=pk
    )  # a visit made, cancelled or given to someone else is no longer theirs to record
    require(user, "network.record_visit", visit)
    if request.method == "POST":
        form = forms.VisitRecordForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            with refusal_on_form(form):
                services.visit_record(
                    actor=user, visit=visit, done_on=d["done_on"], findings=d["findings"],
                    risk_factors=d["risk_factors"], referrals=d["referrals"],
                    awareness_given=d["awareness_given"], household_code=d["household_code"],
                )  # fmt: skip
                messages.success(request, _("Visit recorded. Thank you."))
                return redirect("network:mine")
    else:
        form = forms.VisitRecordForm()
    from .selectors import visit_address
    from .services.field_sync import visit_version

    address = visit_address(actor=user, visit=visit, path=request.path)
    return render(
        request,
        "network/visit.html",
        {"visit": visit, "form": form, "address": address, "version": visit_version(visit)},
    )


# --- the province's assigned visits: cancel or reassign ------------------------------------------
def _province_list_export(request, *, name: str, perm: str, records, columns, page, title):
    """A list of the user's province taken away as XLSX or CSV by who has ``perm``: each of
    ``records(user)`` is a row, each of ``columns`` a heading and how its cell is read from the
    record. It holds names, so the file is sealed and each record in it logged as read
    (audit.views.list_export)."""
    from django.urls import reverse

    from saphan.audit.views import list_export

    user = request.user
    require(user, perm)
    listed = list(records(user))
    province = user.province_id
    return list_export(
        request,
        table=spreadsheets.Table(
            name=f"{name}-{province}",
            header=[heading for heading, _cell in columns],
            rows=[[cell(r) for _heading, cell in columns] for r in listed],
        ),
        fmt=request.POST.get("format"),
        kind=f"network_{name}",
        file_stem=f"saphan-{name}-{province}",
        personal=True,
        scope=f"province:{province}",
        records=listed,
        back_url=reverse(page),
        title=title,
    )


def _assigned_visits(user):
    return (
        access.visible_visits(user)
        .filter(status=VisitStatus.ASSIGNED)
        .select_related("assigned_to", "household")
        .order_by("due_on", "created_at")
    )


@login_required
def visits(request):
    user = request.user
    require(user, "network.view_visits")
    return render(request, "network/visits.html", {"visits": _assigned_visits(user)})


@login_required
@require_POST
def visits_export(request):
    """The assigned visits as the page lists them. Whom to visit is a person's name: the file is
    sealed and each visit in it logged as read."""
    return _province_list_export(
        request,
        name="visits",
        perm="network.view_visits",
        records=_assigned_visits,
        columns=[
            (_("Visit"), lambda v: str(v.get_kind_display())),
            (_("Whom to visit"), lambda v: v.visit_name),
            (_("Volunteer"), lambda v: v.assigned_to.get_full_name() or v.assigned_to.username),
            (_("Visit by"), lambda v: v.due_on),
            (_("Assigned on"), lambda v: v.created_at),
        ],
        page="network:visits",
        title=_("Assigned visits"),
    )


@login_required
def visit_manage(request, pk):
    """One assigned visit, for the coordinator: cancel it, or give it to another volunteer of
    the province, saying why."""
    from .households.views import _volunteer_options

    user = request.user
    visit = get_object_or_404(
        access.visible_visits(user).select_related("assigned_to", "replaces__assigned_to"), pk=pk
    )
    require(user, "network.manage_visit", visit)
    options = [
        (v, label)
        for v, label in _volunteer_options(visit.province_id)
        if v != str(visit.assigned_to_id)
    ]
    form = forms.VisitChangeForm(request.POST or None, volunteers=options)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["action"] == "cancel":
                services.visit_cancel(actor=user, visit=visit, reason=d["reason"])
                messages.success(request, _("The visit is cancelled."))
            else:
                volunteer = NetworkMember.objects.filter(user_id=d["volunteer"]).first()
                if volunteer is None:
                    raise Http404
                new = services.visit_reassign(
                    actor=user, visit=visit, volunteer=volunteer.user, reason=d["reason"]
                )
                messages.success(
                    request,
                    _("The visit is now assigned to %(name)s.")
                    % {"name": new.assigned_to.get_full_name() or new.assigned_to.username},
                )
        except ValidationError as e:
            validation_errors_to_form(form, e)
        else:
            return redirect("network:visits")
    return render(request, "network/visit_manage.html", {"visit": visit, "form": form})


# --- public form --------------------------------------------------------------------------------
def _client_address(request) -> str:
    """The sender's address for the rate limit. Behind SAPHAN_TRUSTED_PROXIES reverse proxies,
    each of which appends the address it received from to X-Forwarded-For, the client is the
    entry that many places from the right (what is left of it anyone could have written).
    With no trusted proxy (the default) the header is ignored: a client could forge it."""
    proxies = settings.SAPHAN_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < proxies:  # fewer hops than proxies: the request did not come through them
        return remote
    return hops[-proxies]


def public_tip(request):
    if request.method == "POST":
        form = forms.PublicTipForm(request.POST, request.FILES)
        if form.is_valid():
            if form.cleaned_data.get("website"):
                # A bot filled the hidden field: answer as if it worked, keep nothing.
                return render(request, "network/public_thanks.html", {"code": None})
            try:
                tip = services.tip_submit_public(
                    data=_tip_input(form.cleaned_data), sender_address=_client_address(request)
                )
            except services.RateLimited as e:
                form.add_error(None, e.message)
                return render(request, "network/public_tip.html", {"form": form}, status=429)
            except ValidationError as e:
                validation_errors_to_form(form, e)
            else:
                return render(request, "network/public_thanks.html", {"code": tip.tracking_code})
    else:
        form = forms.PublicTipForm()
    return render(request, "network/public_tip.html", {"form": form})


def tip_status(request):
    """The status of a tip by its tracking code, and nothing else."""
    form = forms.TipLookupForm(request.GET or None)
    tip = None
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        tip = Tip.objects.filter(tracking_code=code).only("status", "tracking_code").first()
        if tip is None:
            form.add_error(
                "code", _("No tip has this tracking code. Check the code and try again.")
            )
    return render(request, "network/tip_status.html", {"form": form, "tip": tip})


# --- staff: hotline and triage ---------------------------------------------------------------------
@login_required
def hotline(request):
    user = request.user
    require(user, "network.enter_hotline_tip")
    if request.method == "POST":
        form = forms.HotlineTipForm(request.POST, province=user.province_id)
        if form.is_valid():
            try:
                tip = services.tip_record_hotline(
                    actor=user,
                    data=_tip_input(form.cleaned_data),
                    source=form.cleaned_data["source"],
                )
            except ValidationError as e:
                validation_errors_to_form(form, e)
            else:
                messages.success(
                    request,
                    _("Call recorded as tip %(code)s for %(province)s.")
                    % {"code": tip.tracking_code, "province": tip.province},
                )
                return redirect("network:hotline")
    else:
        form = forms.HotlineTipForm(province=user.province_id)
    return render(request, "network/hotline.html", {"form": form})


def _triage_lists(user):
    """The two lists of the triage page: tips waiting (most urgent, then oldest first) and the
    last ones triaged."""
    qs = access.triage_tips(user).select_related(
        "province", "district", "subdistrict", "referred_from", "case"
    )
    waiting = qs.filter(status=TipStatus.NEW).annotate(u=URGENCY_ORDER).order_by("u", "created_at")
    recent = qs.exclude(status=TipStatus.NEW).order_by("-triaged_at")[:20]
    return waiting, recent


@login_required
def triage(request):
    user = request.user
    require(user, "network.view_triage")
    waiting, recent = _triage_lists(user)
    return render(request, "network/triage.html", {"waiting": waiting, "recent": recent})


@login_required
@require_POST
def triage_export(request):
    """The triage page's tips, waiting then recently triaged. What a tip says and where it was
    seen may name or place a person: the file is sealed and each tip in it logged as read."""
    return _province_list_export(
        request,
        name="tips",
        perm="network.view_triage",
        records=lambda user: chain(*_triage_lists(user)),
        columns=[
            (_("Tracking code"), lambda t: t.tracking_code),
            (_("Status"), lambda t: str(t.get_status_display())),
            (_("Urgency"), lambda t: str(t.get_urgency_display())),
            (_("Came in by"), lambda t: str(t.get_way_display())),
            (_("Received"), lambda t: t.created_at),
            (_("When it was seen"), lambda t: t.seen_at),
            (_("District"), lambda t: str(t.district or "")),
            (_("Subdistrict"), lambda t: str(t.subdistrict or "")),
            (_("Referred from"), lambda t: str(t.referred_from or "")),
            (_("What was seen"), lambda t: t.description),
            (_("Case"), lambda t: t.case.code if t.case else ""),
            (
                _("Why it was closed"),
                lambda t: str(t.get_close_reason_display()) if t.close_reason else "",
            ),
            (_("Triaged"), lambda t: t.triaged_at),
        ],
        page="network:triage",
        title=_("Tips to triage"),
    )


@login_required
def tip_detail(request, pk):
    user = request.user
    tip = access.triage_tips(user).select_related("province", "district", "subdistrict",
                                                  "referred_from", "case").filter(pk=pk).first()  # fmt: skip
    if tip is None:
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    open_form = forms.TriageOpenForm(request.POST if action == "open" else None, prefix="open")
    attach_form = forms.TriageAttachForm(
        request.POST if action == "attach" else None, prefix="attach"
    )
    refer_form = forms.TriageReferForm(request.POST if action == "refer" else None, prefix="refer")
    close_form = forms.TriageCloseForm(request.POST if action == "close" else None, prefix="close")
    if action:
        require(user, "network.triage_tip", tip)
        form = {
            "open": open_form,
            "attach": attach_form,
            "refer": refer_form,
            "close": close_form,
        }.get(action)
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            try:
                if action == "open":
                    case = services.tip_open_case(actor=user, tip=tip, note=d["note"])
                    messages.success(
                        request, _("Case %(code)s opened from the tip.") % {"code": case.code}
                    )
                    return redirect("cases:detail", code=case.code)
                if action == "attach":
                    case = services.tip_attach(
                        actor=user, tip=tip, case_code=d["case_code"], note=d["note"]
                    )
                    messages.success(
                        request, _("The tip was added to case %(code)s.") % {"code": case.code}
                    )
                    return redirect("cases:detail", code=case.code)
                if action == "refer":
                    services.tip_refer(actor=user, tip=tip, province=d["province"], note=d["note"])
                    messages.success(
                        request,
                        _("The tip was sent to %(province)s.") % {"province": d["province"]},
                    )
                    return redirect("network:triage")
                services.tip_close(actor=user, tip=tip, reason=d["reason"], note=d["note"])
                messages.success(request, _("The tip was closed."))
                return redirect("network:triage")
            except ValidationError as e:
                validation_errors_to_form(form, e)
    return render(
        request,
        "network/tip_detail.html",
        {
            "tip": tip,
            "can_triage": user.has_perm("network.triage_tip", tip) and tip.status == TipStatus.NEW,
            "can_open": user.has_perm("cases.add_case") and bool(user.agency_id),
            "open_form": open_form,
            "attach_form": attach_form,
            "refer_form": refer_form,
            "close_form": close_form,
            "action": action,
        },
    )


# --- members ---------------------------------------------------------------------------------------
def _province_members(user):
    return (
        NetworkMember.objects.filter(province_id=user.province_id)
        .select_related("user", "district", "subdistrict", "coordinator")
        .order_by("district_id", "subdistrict_id", "village_code")
    )


@login_required
def members(request, run_pk=None):
    """The province's members; the import form; an import sent (``run_pk``): its progress while
    the worker runs it (asked for again by htmx), then what it did with each row."""
    user = request.user
    require(user, "network.view_members")
    run = None
    if run_pk is not None:
        require(user, "network.manage_members")
        run = import_run_of(actor=user, pk=run_pk, kind=MEMBERS_IMPORT)
        if run is None:
            raise Http404
        if request.htmx:
            return import_run_progress(request, run)
    form = forms.MembersImportForm()
    if request.method == "POST":
        require(user, "network.manage_members")
        form = forms.MembersImportForm(request.POST, request.FILES)
        if form.is_valid():
            run = services.members_import_start(actor=user, **sent_file(form))
            return redirect("network:members_import", run_pk=run.pk)
    rows = _province_members(user)
    return render(
        request,
        "network/members.html",
        {
            "rows": rows,
            "form": form,
            "run": run,
            "can_import": user.has_perm("network.manage_members"),
            "can_issue_links": user.has_perm("network.view_members"),
        },
    )


@login_required
@require_POST
def member_password_link(request, pk):
    """The coordinator's one-time link for a member to set their own password (to print or send)."""
    member = get_object_or_404(
        NetworkMember.objects.select_related("user", "subdistrict").filter(
            province_id=request.user.province_id
        ),
        pk=pk,
    )
    try:
        link = services.set_password_link(actor=request.user, member=member)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("network:members")
    return render(
        request,
        "network/password_link.html",
        {"member": member, "url": request.build_absolute_uri(link.path), "link": link},
    )


def set_password(request, uidb64: str, token: str):
    """The volunteer's page (no sign-in; a 360-px phone): choose a password once."""
    from django.contrib.auth.forms import SetPasswordForm

    from .services.passwords import user_for_link

    target = user_for_link(uidb64, token)
    if target is None:
        return render(request, "network/set_password.html", {"invalid": True}, status=404)
    form = SetPasswordForm(target, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control form-control-lg"
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your password is set. Sign in with it."))
        return redirect("login")
    return render(request, "network/set_password.html", {"form": form, "target": target})


@login_required
def members_template(request):
    """An empty import file with the expected headers and one example row."""
    require(request.user, "network.manage_members")
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "members"
    spreadsheets.append(ws, ["ชื่อผู้ใช้", "ชื่อ", "นามสกุล", "ประเภท", "รหัสหมู่บ้าน", "โทรศัพท์", "ผู้ประสานงาน"])
    spreadsheets.append(ws, ["vol.example", "สมศรี", "ใจดี", "อพม.", "40010101", "0812345678", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return attachment(buf.getvalue(), filename="network-members.xlsx")


@login_required
@require_POST
def members_export(request):
    """The province's member list (names, phones, villages) as XLSX or CSV in an encrypted ZIP:
    the password is shown once on the next page, the file comes from a one-time link."""
    return _province_list_export(
        request,
        name="members",
        perm="network.view_members",
        records=_province_members,
        columns=[
            (_("Username"), lambda m: m.user.username),
            (_("First name"), lambda m: m.user.first_name),
            (_("Last name"), lambda m: m.user.last_name),
            (_("Kind"), lambda m: str(m.get_kind_display())),
            (_("District"), lambda m: str(m.district)),
            (_("Subdistrict"), lambda m: str(m.subdistrict)),
            (_("Village (DOPA code)"), lambda m: m.village_code),
            (_("Phone"), lambda m: m.phone),
            (
                _("Coordinating staff"),
                lambda m: m.coordinator.display_name if m.coordinator else "",
            ),
            (_("Active"), lambda m: _("yes") if m.is_active else _("no")),
        ],
        page="network:members",
        title=_("Volunteers and youth-council members"),
    )


# --- follow-up assignment from the case page ---------------------------------------------------------
@login_required
@require_POST
def follow_up_assign(request, code: str):
    from saphan.cases.views.common import case_or_404

    user = request.user
    case = case_or_404(request, code)
    form = forms.FollowUpAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a volunteer and say what the visit is for."))
        return redirect("cases:detail", code=case.code)
    d = form.cleaned_data
    follow_up = FollowUpVisit.objects.filter(pk=d["follow_up"], case=case).first()
    volunteer = NetworkMember.objects.filter(user_id=d["volunteer"]).select_related("user").first()
    if follow_up is None or volunteer is None:
        raise Http404
    with refusal_shown(request):
        services.follow_up_assign(
            actor=user,
            case=case,
            follow_up=follow_up,
            volunteer=volunteer.user,
            purpose=d["purpose"],
        )
        messages.success(
            request,
            _("Visit %(number)s assigned to %(name)s.")
            % {"number": follow_up.number, "name": volunteer.user.get_full_name()},
        )
    return redirect("cases:detail", code=case.code)


# --- the public pages in the migrants' languages, and a tip's photo --------------------------------
def rights_notice(request):
    """The rights notice (s.33-39) as a page, in the language chosen with the picker."""
    from saphan.cases.rights_notice import notice_context

    return render(request, "network/rights_notice.html", notice_context())


def rights_notice_pdf(request):
    """The same notice as a PDF to print and hand over, in the page's language."""
    from django.utils.translation import get_language

    from saphan.cases.rights_notice import rights_notice_pdf as make_pdf

    lang = get_language() or settings.LANGUAGE_CODE
    response = HttpResponse(make_pdf(lang=lang), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rights-notice-{lang}.pdf"'
    return response


@login_required
def tip_photo(request, pk):
    """A tip's photo, for those who may see the tip in triage (already without metadata)."""
    from django.http import FileResponse

    tip = access.triage_tips(request.user).filter(pk=pk).exclude(photo="").first()
    if tip is None:
        raise Http404
    response = FileResponse(tip.photo.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="{tip.tracking_code}.jpg"'
    return response
