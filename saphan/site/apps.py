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
        self._forget_menus_on_permission_changes()

    @staticmethod
    def _forget_menus_on_permission_changes() -> None:
        """A model permission or group given to (or taken from) an account, or a group's
        permissions changed: the menus this process remembers are asked again."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_save

        from .navigation import forget_menus

        User = get_user_model()
        for through in (
            User.user_permissions.through,
            User.groups.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                forget_menus, sender=through, dispatch_uid=f"menus-{through._meta.label}"
            )
        post_save.connect(forget_menus, sender=User, dispatch_uid="menus-user")
