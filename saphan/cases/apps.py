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
        # A change to a person's record goes on the timeline of each of their cases.
        from saphan.people.services import register_case_line_writer, register_person_changed

        from .services.common import line_on_persons_cases, person_changed_on_cases

        register_person_changed(person_changed_on_cases)
        register_case_line_writer(line_on_persons_cases)
