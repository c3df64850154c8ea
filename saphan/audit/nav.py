from django.utils.translation import gettext_lazy as _

from saphan.core.menus import NavItem, register_menu

register_menu(NavItem(_("Audit log"), "audit:search", perm="audit.view_logs"), place=90)
