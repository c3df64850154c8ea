from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "saphan.orgs"
    label = "orgs"
    verbose_name = _("Organisations and staff")

    def ready(self):
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed

        from . import auth  # sign-in and password-change signal receivers
        from .models import User

        # A model permission or group given to an account, or a group's permissions changed:
        # the accounts remembered as holding none are asked again (auth.LockoutModelBackend).
        for through in (
            User.user_permissions.through,
            User.groups.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                auth.forget_accounts_without_permissions,
                sender=through,
                dispatch_uid=f"no-permissions-{through._meta.label}",
            )
