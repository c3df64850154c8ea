from django.urls import path

from . import views
from .views_pdf import pdf_urlpatterns

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("deadlines/", views.my_deadlines, name="deadlines"),
    *pdf_urlpatterns,  # <code>/pdf/screening-form/, <code>/pdf/summary/
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/<slug:action>/", views.case_action, name="action"),
]
