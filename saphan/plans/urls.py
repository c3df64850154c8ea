from django.urls import path

from . import views, views_edit

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("my-province/", views.my_province, name="my_province"),
    path("plan/", views.plan, name="plan"),
    path("my-agency/", views.my_agency, name="my_agency"),
    path("agency/<uuid:pk>/", views.agency, name="agency"),
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
    path("manage/", views_edit.manage_index, name="manage_index"),
    path("manage/plan/new/", views_edit.structure_edit, {"what": "plan"}, name="plan_new"),
    path("manage/plan/<uuid:pk>/", views_edit.manage_plan, name="manage_plan"),
    path(
        "manage/plan/<uuid:pk>/edit/", views_edit.structure_edit, {"what": "plan"}, name="plan_edit"
    ),
    path(
        "manage/plan/<uuid:parent_pk>/strategy/new/",
        views_edit.structure_edit,
        {"what": "strategy"},
        name="strategy_new",
    ),
    path(
        "manage/strategy/<uuid:pk>/edit/",
        views_edit.structure_edit,
        {"what": "strategy"},
        name="strategy_edit",
    ),
    path(
        "manage/strategy/<uuid:parent_pk>/measure/new/",
        views_edit.structure_edit,
        {"what": "measure"},
        name="measure_new",
    ),
    path(
        "manage/measure/<uuid:pk>/edit/",
        views_edit.structure_edit,
        {"what": "measure"},
        name="measure_edit",
    ),
    path(
        "manage/measure/<uuid:parent_pk>/indicator/new/",
        views_edit.structure_edit,
        {"what": "indicator"},
        name="indicator_new",
    ),
    path("manage/indicator/<uuid:pk>/", views_edit.manage_indicator, name="manage_indicator"),
    path(
        "manage/indicator/<uuid:pk>/edit/",
        views_edit.structure_edit,
        {"what": "indicator"},
        name="indicator_edit",
    ),
    path(
        "manage/indicator/<uuid:parent_pk>/assignment/new/",
        views_edit.structure_edit,
        {"what": "assignment"},
        name="assignment_new",
    ),
    path(
        "manage/assignment/<uuid:pk>/edit/",
        views_edit.structure_edit,
        {"what": "assignment"},
        name="assignment_edit",
    ),
    path(
        "manage/<str:what>/<uuid:pk>/delete/",
        views_edit.structure_delete,
        name="structure_delete",
    ),
    path("nation/export.<str:fmt>", views.nation_export, name="nation_export"),
]
