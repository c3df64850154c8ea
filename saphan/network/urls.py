from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("report/", views.report, name="report"),
    path("visits/<uuid:pk>/", views.visit_record, name="visit"),
    path("tip/", views.public_tip, name="public_tip"),
    path("tip/status/", views.tip_status, name="tip_status"),
    path("hotline/", views.hotline, name="hotline"),
    path("triage/", views.triage, name="triage"),
    path("triage/<uuid:pk>/", views.tip_detail, name="tip"),
    path("members/", views.members, name="members"),
    path("members/template.xlsx", views.members_template, name="members_template"),
    path("areas/<str:level>/", views.area_options, name="areas"),
    path("case/<str:code>/assign-visit/", views.follow_up_assign, name="follow_up_assign"),
]
