"""The roles of DOMAIN.md. What each role may see is decided in access.py, what it may do in rules.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("Case worker")
    SHELTER_STAFF = "shelter_staff", _("Shelter staff")
    MDT_MEMBER = "mdt_member", _("Multidisciplinary team member")
    PROVINCIAL_SUPERVISOR = "provincial_supervisor", _("Provincial supervisor")
    REGIONAL_OFFICER = "regional_officer", _("Regional officer")
    CENTRAL_OFFICER = "central_officer", _("Central officer")
    KNOWLEDGE_MANAGER = "knowledge_manager", _("Knowledge manager")
    VOLUNTEER = "volunteer", _("Volunteer (อพม.)")
    YOUTH_COUNCIL = "youth_council", _("Children and youth council member")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    AUDITOR = "auditor", _("Auditor")


class Jurisdiction(models.TextChoices):
    NATION = "nation", _("Nation")
    REGION = "region", _("Region")
    PROVINCE = "province", _("Province")


# What each role is for, shown on the home page so a user knows what they can do here.
ROLE_DUTIES = {
    Role.CASE_WORKER: _(
        "Record cases of your agency in your province and move them through the protection process."
    ),
    Role.SHELTER_STAFF: _(
        "Look after the residents of your shelter: placement and daily services."
    ),
    Role.MDT_MEMBER: _(
        "Screening, identification, legal and labour work on the cases assigned or referred to you."
    ),
    Role.PROVINCIAL_SUPERVISOR: _(
        "See every case in your province, assign cases, approve identification records and closures."
    ),
    Role.REGIONAL_OFFICER: _(
        "Supervise the provinces of your region through de-identified figures; run lessons-learned workshops."
    ),
    Role.CENTRAL_OFFICER: _(
        "National figures, the national plan and reports; case detail only through a logged need-to-know grant."
    ),
    Role.KNOWLEDGE_MANAGER: _(
        "Review and publish good practices and keep the knowledge base current."
    ),
    Role.VOLUNTEER: _("Report concerns from your village and make the visits assigned to you."),
    Role.YOUTH_COUNCIL: _("Report concerns from your community."),
    Role.SYSTEM_ADMIN: _("Manage user accounts and reference data (not case content)."),
    Role.AUDITOR: _("Search the logs of who saw and who changed each record."),
}
