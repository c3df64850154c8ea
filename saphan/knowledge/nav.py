from django.utils.translation import gettext_lazy as _

from saphan.core.menus import NavItem, register_menu
from saphan.orgs.roles import Role

ITEMS = [
    NavItem(_("Knowledge"), "knowledge:home", perm="knowledge.view"),
    NavItem(_("Practice reviews"), "knowledge:review-queue", perm="knowledge.review_practice"),
    NavItem(
        _("Checklist gaps"),
        "knowledge:unticked",
        perm="knowledge.view_unticked",
        roles=(Role.PROVINCIAL_SUPERVISOR,),
    ),
]
register_menu(*ITEMS, place=30)
