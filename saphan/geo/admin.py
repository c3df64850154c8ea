from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from saphan.core.admin_words import FieldLabelsMixin

from .models import District, Province, Region, Subdistrict, Village


@admin.register(Region)
class RegionAdmin(FieldLabelsMixin, admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "shown_order"]
    field_labels = {"order": _("order in reports")}  # the field's own name is the English "Order"

    @admin.display(description=_("order in reports"), ordering="order")
    def shown_order(self, obj) -> int:
        return obj.order


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province__region"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["province"]


@admin.register(Subdistrict)
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "district", "postal_codes"]
    search_fields = ["code", "name_th", "name_en", "postal_codes"]
    list_select_related = ["district"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["code", "number", "name_th", "subdistrict"]
    search_fields = ["code", "name_th"]
    raw_id_fields = ["subdistrict"]
