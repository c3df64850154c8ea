from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("my-province/", views.my_province, name="my_province"),
    path("plan/", views.plan, name="plan"),
    path("province/<str:code>/targets/", views.province_targets, name="province_targets"),
    path("province/<str:code>/", views.province, name="province"),
    path("province/<str:code>/report/", views.report_start, name="report_start"),
    path("reports/<uuid:pk>/", views.report, name="report"),
    path("reports/<uuid:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("reports/<uuid:pk>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("reports/<uuid:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path(
        "reports/<uuid:pk>/evidence/<uuid:evidence_id>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path(
        "reports/<uuid:pk>/<str:action>/",
        views.report_action,
        name="report_action",
    ),
    path("region/<str:code>/", views.region, name="region"),
    path("region/<str:code>/export.<str:fmt>", views.region_export, name="region_export"),
    path("nation/", views.nation, name="nation"),
    path("nation/export.<str:fmt>", views.nation_export, name="nation_export"),
]
