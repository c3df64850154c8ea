from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .auth import unlock
from .models import Agency, Team, TeamMembership, User

admin.site.site_header = _("Saphan administration")
admin.site.site_title = _("Saphan")
admin.site.index_title = _("Reference data and accounts")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "kind", "level", "province", "is_active"]
    list_filter = ["kind", "level", "region"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["province"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name_th", "kind", "province"]
    list_filter = ["kind", "province__region"]
    search_fields = ["name_th", "name_en"]
    inlines = [TeamMembershipInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
    autocomplete_fields = ["agency"]
    actions = ["unlock_accounts"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            _("Saphan"),
            {
                "fields": [
                    "name_en",
                    "agency",
                    "roles",
                    "jurisdiction",
                    "region",
                    "province",
                    "language",
                    "locked_until",
                    "failed_login_count",
                ]
            },
        ),
    ]

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
