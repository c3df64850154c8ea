from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "saphan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from .admin_words import install_boolean_icon

        install_boolean_icon()  # the admin's yes/no icons say "Yes"/"No" in the reader's language
