from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from saphan.core.admin_a11y import FORMFIELD_OVERRIDES, TabularInline
from saphan.core.admin_words import FieldLabelsMixin, permission_label

from .auth import unlock
from .models import Agency, Team, TeamMembership, User

admin.site.site_header = _("Saphan administration")
admin.site.site_title = _("Saphan")
admin.site.index_title = _("Reference data and accounts")


# An account's access, shown read-only in the admin (changed on the account pages only).
ACCESS_FIELDS = (
    "roles_shown",
    "agency",
    "jurisdiction",
    "region",
    "province",
    "is_staff",
    "is_superuser",
    "last_login",
    "date_joined",
)


class PermissionWordsMixin:
    """Permissions listed by what they allow in the reader's language ("เพิ่ม กรณี"), not by the
    English sentence Django stored ("Can add case")."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Permission:
            field.label_from_instance = permission_label
        return field


# Groups are the operators' (superusers'): the account pages give no Django permissions.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionWordsMixin, BaseGroupAdmin):
    pass


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "kind", "level", "province", "is_active"]
    list_filter = ["kind", "level", "region"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["province"]


class TeamMembershipInline(FieldLabelsMixin, TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["agency"]
    field_labels = {"agency": _("agency")}  # the field's own name is the English "Agency"


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name_th", "kind", "province"]
    list_filter = ["kind", "province__region"]
    search_fields = ["name_th", "name_en"]
    inlines = [TeamMembershipInline]


@admin.register(User)
class UserAdmin(PermissionWordsMixin, BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "agency",
        "jurisdiction",
        "province",
        "is_active",
        "locked_until",
    ]
    list_filter = ["jurisdiction", "is_active", "region"]
    search_fields = ["username", "first_name", "last_name", "name_en", "email"]
    actions = ["unlock_accounts"]
    formfield_overrides = FORMFIELD_OVERRIDES
    # Roles, agency and jurisdiction change only on the account pages (/accounts/manage/), where
    # what opens case content waits for a second person; the staff flag, superuser, groups and
    # Django permissions are given by no form at all. The password is the owner's: no one sets
    # it here (user_change_password below).
    fieldsets = [
        (None, {"fields": ["username"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "name_en", "email"]}),
        (
            _("Sign-in"),
            {"fields": ["is_active", "language", "locked_until", "failed_login_count"]},
        ),
        (_("Access (change it on the account pages)"), {"fields": ACCESS_FIELDS}),
    ]
    readonly_fields = ACCESS_FIELDS

    @admin.display(description=_("roles"))
    def roles_shown(self, obj) -> str:
        return ", ".join(obj.get_roles_display()) if obj else ""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and (obj.has_usable_password() or obj.last_login):
            # Whoever sets the address gets the password-reset link: the owner's alone.
            fields.append("email")
        if obj is not None and obj.is_superuser:
            fields += ["username", "is_active"]
        return fields

    def add_view(self, request, form_url="", extra_context=None):
        # Accounts are opened on the account pages, with agency, jurisdiction and roles.
        return redirect("accounts:new")

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied("a password is chosen by its owner")

    @admin.action(description=_("Unlock the selected accounts"))
    def unlock_accounts(self, request, queryset):
        for user in queryset:
            unlock(user)
        n = queryset.count()
        self.message_user(
            request,
            ngettext("%(n)d account unlocked.", "%(n)d accounts unlocked.", n) % {"n": n},
            messages.SUCCESS,
        )
