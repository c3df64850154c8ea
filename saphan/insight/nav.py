from django.utils.translation import gettext_lazy as _

from saphan.audit.wording import register_export_kinds, register_pages
from saphan.core.menus import NavItem, register_menu

from .models import ExportKind

ITEMS = [
    NavItem(_("Dashboards"), "insight:home", perm="insight.view_aggregates"),
    NavItem(_("Official reports"), "insight:reports", perm="insight.official_reports"),
    NavItem(_("Standard exports"), "insight:exports", perm="insight.export_national"),
]
register_menu(*ITEMS, place=60)
register_export_kinds(ExportKind.choices)  # as the read log names them (/audit/)
register_pages(
    {
        "insight:home": _("Dashboards"),
        "insight:nation": _("Dashboards"),
        "insight:region": _("Dashboard of a region"),
        "insight:province": _("Dashboard of a province"),
        "insight:chart-data": _("Chart data"),
        "insight:reports": _("Official reports"),
        "insight:report-cabinet": _("Official reports"),
        "insight:report-statistics": _("Official reports"),
        "insight:exports": _("Standard exports"),
    }
)
