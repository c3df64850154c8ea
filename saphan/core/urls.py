from django.urls import path

from . import views

urlpatterns = [
    path("", views.message_preferences, name="message_preferences"),
    path("failed/", views.message_failures, name="message_failures"),
    path("<int:pk>/resend/", views.message_resend, name="message_resend"),
    path("line/webhook/", views.line_webhook, name="line_webhook"),
]
