from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("verify/", views.verify, name="verify"),
    path("download/<uuid:pk>/", views.download, name="download"),
]
