from django.contrib import admin

from saphan.core.admin_a11y import TabularInline

from .models import Competency, CompetencyRequirement, Course


class RequirementInline(TabularInline):
    model = CompetencyRequirement
    extra = 1


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "name_en", "validity_months")
    inlines = [RequirementInline]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "name_en", "hours", "is_active")
    filter_horizontal = ("competencies",)
