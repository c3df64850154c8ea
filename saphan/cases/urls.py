from django.urls import path

from . import views
from .views_pdf import pdf_urlpatterns

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("deadlines/", views.my_deadlines, name="deadlines"),
    path("deadlines/export/", views.my_deadlines_export, name="deadlines_export"),
    path("export/", views.case_list_export, name="export"),
    path("referrals/", views.referrals_waiting, name="referrals"),
    path("referrals/<uuid:pk>/", views.referral_answer, name="referral-answer"),
    path(
        "queue/identification/<uuid:pk>/",
        views.identification_decide,
        name="queue-identification",
    ),
    path("queue/closure/<uuid:pk>/", views.closure_decide, name="queue-closure"),
    path("perpetrators/", views.perpetrator_search, name="perpetrators"),
    path("perpetrators/<uuid:pk>/", views.perpetrator_detail, name="perpetrator"),
    path("perpetrators/<uuid:pk>/edit/", views.perpetrator_edit, name="perpetrator-edit"),
    path("perpetrators/merge/", views.perpetrator_merge, name="perpetrator-merge"),
    path(
        "perpetrators/merges/<uuid:pk>/",
        views.perpetrator_merge_detail,
        name="perpetrator-merge-detail",
    ),
    path("counterparts/", views.counterparts, name="counterparts"),
    *pdf_urlpatterns,  # <code>/pdf/screening-form/, <code>/pdf/summary/
    path("<str:code>/documents/<uuid:document_id>/", views.case_document, name="document"),
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/<slug:action>/", views.case_action, name="action"),
]
