"""What knowledge adds to the case (saphan/cases/plugins.py): its panel on the case page and the
timeline lines of checklist steps."""

from django.utils.translation import gettext_lazy as _

from saphan.cases.plugins import register_case_panel, register_timeline_templates

from . import case_panel

register_case_panel(case_panel.render)
register_timeline_templates(
    {
        "checklist_ticked": _("Checklist step done: %(step)s"),
        "checklist_unticked": _("Checklist step un-ticked: %(step)s"),
    }
)
