from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "saphan.orgs"
    label = "orgs"
    verbose_name = _("Organisations and staff")

    def ready(self):
        from . import auth  # noqa: F401  (sign-in and password-change signal receivers)
