"""The site's URLs plus the people app's, until config/urls.py includes them."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("people/", include("saphan.people.urls")),
    *site_urlpatterns,
]
