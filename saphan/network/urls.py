from django.urls import path

from . import field_views, views

app_name = "network"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("report/", views.report, name="report"),
    path("visits/<uuid:pk>/", views.visit_record, name="visit"),
    path("visits/<uuid:pk>/send/", field_views.visit_send, name="visit_send"),
    path("report/send/", field_views.report_send, name="report_send"),
    path("manifest.webmanifest", field_views.manifest, name="manifest"),
    path("offline/", field_views.offline, name="offline"),
    path("assigned-visits/", views.visits, name="visits"),
    path("assigned-visits/export/", views.visits_export, name="visits_export"),
    path("assigned-visits/<uuid:pk>/", views.visit_manage, name="visit_manage"),
    path("tip/", views.public_tip, name="public_tip"),
    path("tip/status/", views.tip_status, name="tip_status"),
    path("rights/", views.rights_notice, name="rights_notice"),
    path("rights/notice.pdf", views.rights_notice_pdf, name="rights_notice_pdf"),
    path("hotline/", views.hotline, name="hotline"),
    path("triage/", views.triage, name="triage"),
    path("triage/export/", views.triage_export, name="triage_export"),
    path("triage/<uuid:pk>/", views.tip_detail, name="tip"),
    path("triage/<uuid:pk>/photo.jpg", views.tip_photo, name="tip_photo"),
    path("members/", views.members, name="members"),
    path("members/template.xlsx", views.members_template, name="members_template"),
    path("members/import/<uuid:run_pk>/", views.members, name="members_import"),
    path("members/export/", views.members_export, name="members_export"),
    path("members/<uuid:pk>/password-link/", views.member_password_link, name="password_link"),
    path("password/<str:uidb64>/<str:token>/", views.set_password, name="set_password"),
    path("areas/<str:level>/", views.area_options, name="areas"),
    path("case/<str:code>/assign-visit/", views.follow_up_assign, name="follow_up_assign"),
]

from .households import views as hh  # noqa: E402

urlpatterns += [
    path("households/import/", hh.imports, name="household_imports"),
    path("households/import/<uuid:pk>/", hh.import_detail, name="household_import"),
    path(
        "households/import/<uuid:pk>/errors.csv", hh.import_errors, name="household_import_errors"
    ),
    path("outreach/", hh.outreach, name="outreach"),
    path("coverage/", hh.coverage, name="coverage"),
    path("weights/", hh.weights, name="weights"),
]
