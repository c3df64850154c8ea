from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "saphan.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from saphan.cases.timeline import TEMPLATES

        TEMPLATES.update(
            {
                "checklist_ticked": _("Checklist step done: %(step)s"),
                "checklist_unticked": _("Checklist step un-ticked: %(step)s"),
            }
        )
