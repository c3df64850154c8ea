from django.utils.translation import gettext_lazy as _

from saphan.audit.wording import (
    register_export_kinds,
    register_pages,
    register_purposes,
    register_scopes,
)
from saphan.core.menus import NavItem, register_menu
from saphan.orgs.roles import Role

ITEMS = [
    NavItem(_("My visits and reports"), "network:mine", roles=(Role.VOLUNTEER, Role.YOUTH_COUNCIL)),
    NavItem(_("Report a concern"), "network:report", perm="network.report_concern"),
    NavItem(_("Tips to triage"), "network:triage", perm="network.view_triage"),
    NavItem(_("1300 hotline call"), "network:hotline", perm="network.enter_hotline_tip"),
    NavItem(_("Volunteers"), "network:members", perm="network.view_members"),
    NavItem(_("Outreach lists"), "network:outreach", perm="network.view_outreach"),
    NavItem(_("Assigned visits"), "network:visits", perm="network.view_visits"),
    NavItem(_("Risk weights"), "network:weights", perm="network.set_risk_weights"),
]
register_menu(*ITEMS, place=20)

# The read log's scopes and exports this app writes, in the auditor's words (/audit/).
register_scopes(prefixes={"visit:": _("Assigned visit")})
register_export_kinds(
    [
        ("network_visits", _("Assigned visits")),
        ("network_tips", _("Tips to triage")),
        ("network_members", _("Volunteers and youth-council members")),
    ]
)
register_pages(
    {
        "network:visit": _("Visit to make"),
        "network:visit_send": _("Visit to make"),
        "network:visit_manage": _("Assigned visit"),
        "network:visits": _("Assigned visits"),
        "network:tip": _("Tip"),
        "network:tip_photo": _("Photo sent with a tip"),
        "network:triage": _("Tips to triage"),
        "network:members": _("Volunteers and youth-council members"),
        "network:members_import": _("Volunteers and youth-council members"),
        "network:password_link": _("Set-password link"),
        "network:follow_up_assign": _("Assigning a follow-up visit"),
        "network:household_imports": _("Household survey imports"),
        "network:household_import": _("Household survey import"),
        "network:household_import_errors": _("Household survey import"),
        "network:outreach": _("Outreach lists"),
    }
)
register_purposes({"follow-up visit address": _("Address for a follow-up visit")})
