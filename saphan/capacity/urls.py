from django.urls import path

from . import views

app_name = "capacity"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<uuid:pk>/", views.session_detail, name="session"),
    path("my/", views.my_training, name="my"),
    path("completions/<uuid:pk>/certificate/", views.certificate, name="certificate"),
    path("gaps/", views.gaps, name="gaps"),
    path("gaps/export/", views.gaps_export, name="gaps_export"),
    path("competencies/", views.competencies, name="competencies"),
    path("competencies/new/", views.competency_new, name="competency_new"),
    path("competencies/<slug:code>/edit/", views.competency_edit, name="competency_edit"),
    path("import/", views.import_records, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<uuid:pk>/", views.import_run, name="import_run"),
]
