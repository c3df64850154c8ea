from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "saphan.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        # The apps above cases register their panels, timeline lines and checks (plugins.py).
        autodiscover_modules("case_plugins")
