from django.utils.translation import gettext_lazy as _

from saphan.core.menus import NavItem, register_menu

register_menu(NavItem(_("Partner API tokens"), "api:tokens", perm="orgs.manage_users"), place=96)
