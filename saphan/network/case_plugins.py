"""What network adds to the case (saphan/cases/plugins.py): the volunteer visits panel on the
case page and the timeline lines of tips and visits."""

from django.utils.translation import gettext_lazy as _

from saphan.cases.plugins import register_case_panel, register_timeline_templates

from . import case_panel
from .models import TipWay

register_case_panel(case_panel.render)
register_timeline_templates(
    {
        "network_tip_linked": _("Tip %(tracking_code)s (%(way)s) became an intake of this case"),
        "network_visit_assigned": _(
            "Follow-up visit %(number)s assigned to the village volunteer %(volunteer)s"
        ),
        "network_visit_cancelled": _(
            "Follow-up visit %(number)s by the village volunteer %(volunteer)s cancelled: %(reason)s"
        ),
        "network_visit_reassigned": _(
            "Follow-up visit %(number)s reassigned from %(volunteer)s to the village volunteer %(new_volunteer)s: %(reason)s"
        ),
        "network_visit_done": _(
            "Follow-up visit %(number)s made by the village volunteer %(volunteer)s on %(done_on)s: %(findings)s"
        ),
        "network_visit_corrected": _(
            "The village volunteer %(volunteer)s corrected their record of follow-up visit %(number)s (visited on %(done_on)s): %(findings)s"
        ),
    },
    labels={"way": TipWay},
)
