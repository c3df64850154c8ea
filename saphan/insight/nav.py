from django.utils.translation import gettext_lazy as _

from saphan.audit.wording import register_export_kinds
from saphan.core.menus import NavItem, register_menu

from .models import ExportKind

ITEMS = [
    NavItem(_("Dashboards"), "insight:home", perm="insight.view_aggregates"),
    NavItem(_("Official reports"), "insight:reports", perm="insight.official_reports"),
    NavItem(_("Standard exports"), "insight:exports", perm="insight.export_national"),
]
register_menu(*ITEMS, place=60)
register_export_kinds(ExportKind.choices)  # as the read log names them (/audit/)
