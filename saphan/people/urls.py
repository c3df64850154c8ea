from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("check/", views.duplicate_check, name="check"),
    path("candidates/", views.candidates, name="candidates"),
    path("access-requests/", views.access_requests, name="access_requests"),
    path("access-requests/new/", views.access_request_new, name="access_request_new"),
    path(
        "access-requests/<uuid:request_id>/decide/",
        views.access_request_decision,
        name="access_request_decide",
    ),
]
