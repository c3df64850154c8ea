from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "saphan.api"
    label = "api"
    verbose_name = _("Partner API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The API plugs into what the lower apps already write; they never name it.
        from django.apps import apps

        from . import webhooks

        post_save.connect(
            webhooks.on_timeline_event, sender=apps.get_model("cases", "TimelineEvent"),
            dispatch_uid="api-webhooks-timeline",
        )  # fmt: skip
        post_save.connect(
            webhooks.on_tip,
            sender=apps.get_model("network", "Tip"),
            dispatch_uid="api-webhooks-tip",
        )
        post_save.connect(
            webhooks.on_alert, sender=apps.get_model("core", "Alert"),
            dispatch_uid="api-webhooks-alert",
        )  # fmt: skip
