from django.utils.translation import gettext_lazy as _

from saphan.audit.wording import register_export_kinds
from saphan.core.menus import NavItem, register_menu

ITEMS = [
    NavItem(_("Training"), "capacity:catalogue", perm="capacity.view_catalogue"),
    NavItem(_("Training gaps"), "capacity:gaps", perm="capacity.view_gaps"),
    NavItem(_("Competency table"), "capacity:competencies", perm="capacity.manage_competencies"),
]
register_menu(*ITEMS, place=40)
register_export_kinds([("training_gaps", _("Training gaps"))])  # as the read log names it
