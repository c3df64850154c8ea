"""The directory of foreign counterparts and NGOs is kept by the system administrator here."""

from django.contrib import admin

from .models import Counterpart


@admin.register(Counterpart)
class CounterpartAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_th", "country", "kind", "is_active"]
    list_filter = ["kind", "country", "is_active"]
    search_fields = ["name_en", "name_th"]
