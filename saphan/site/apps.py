from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top: navigation, the home page, `serve`, the demo. It may import every app; no app
    imports it."""

    name = "saphan.site"
    label = "site"
    verbose_name = _("Site")

    def ready(self):
        autodiscover_modules("nav")  # each app's menu items (saphan.core.menus.register_menu)
        autodiscover_modules("today")  # each app's work for the home page (core.today)
