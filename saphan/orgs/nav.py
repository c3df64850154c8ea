from django.utils.translation import gettext_lazy as _

from saphan.core.menus import NavItem, register_menu

register_menu(
    NavItem(_("Accounts"), "accounts:home", perm="orgs.open_account_pages"),
    NavItem(_("Administration"), "admin:index", perm="orgs.manage_users"),
    place=95,
)
