from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "saphan.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        from saphan.cases import timeline
        from saphan.cases.timeline import TEMPLATES

        from .models import TipWay

        timeline._LABELS.setdefault("way", TipWay)

        TEMPLATES.update(
            {
                "network_tip_linked": _(
                    "Tip %(tracking_code)s (%(way)s) became an intake of this case"
                ),
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
            }
        )
