from django.urls import path

from . import views

urlpatterns = [
    path("", views.saved_filter_save, name="saved_filter_save"),
    path("<int:pk>/delete/", views.saved_filter_delete, name="saved_filter_delete"),
]
