from django.utils.translation import gettext_lazy as _

from saphan.core.navigation import NavItem

ITEMS = [NavItem(_("Dashboards"), "insight:home", perm="insight.view_aggregates")]
