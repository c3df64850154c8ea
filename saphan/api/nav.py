from django.utils.translation import gettext_lazy as _

from saphan.audit.wording import register_pages, register_purposes
from saphan.core.menus import NavItem, register_menu

register_menu(NavItem(_("Partner API tokens"), "api:tokens", perm="orgs.manage_users"), place=96)

# The partner API's addresses a refused call may name, in the auditor's words (/audit/).
register_pages(
    {
        "api-v1:case_list": _("Cases (partner API)"),
        "api-v1:case_bulk_open": _("Cases (partner API)"),
        "api-v1:case_detail": _("A case (partner API)"),
        "api-v1:case_timeline": _("A case's timeline (partner API)"),
        "api-v1:case_screenings": _("A case's screenings (partner API)"),
        "api-v1:screening_create": _("A case's screenings (partner API)"),
        "api-v1:case_identifications": _("A case's identification decisions (partner API)"),
        "api-v1:identification_create": _("A case's identification decisions (partner API)"),
        "api-v1:case_follow_ups": _("A case's follow-ups (partner API)"),
        "api-v1:referral_send": _("A case's referrals (partner API)"),
        "api-v1:referrals_waiting": _("Referrals waiting (partner API)"),
        "api-v1:referral_answer": _("Answer to a referral (partner API)"),
    }
)
register_purposes({"api": _("Partner API")})
