from django.utils.translation import gettext_lazy as _

from saphan.core.menus import NavItem, register_menu

ITEMS = [
    NavItem(_("Dashboards"), "insight:home", perm="insight.view_aggregates"),
    NavItem(_("Official reports"), "insight:reports", perm="insight.official_reports"),
    NavItem(_("Standard exports"), "insight:exports", perm="insight.export_national"),
]
register_menu(*ITEMS, place=60)
