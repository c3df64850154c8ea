from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("law/", views.law_list, name="law"),
    path("checklists/", views.checklists, name="checklists"),
    path("checklists/gaps/", views.unticked, name="unticked"),
    path(
        "cases/<str:code>/checklist/<slug:item_code>/",
        views.checklist_tick,
        name="checklist-tick",
    ),
    path("practices/", views.practice_list, name="practices"),
    path("practices/new/", views.practice_new, name="practice-new"),
    path("practices/<uuid:pk>/", views.practice_detail, name="practice"),
    path("practices/<uuid:pk>/edit/", views.practice_edit, name="practice-edit"),
    path("practices/<uuid:pk>/submit/", views.practice_submit, name="practice-submit"),
    path("practices/<uuid:pk>/review/", views.practice_review, name="practice-review"),
    path("practices/<uuid:pk>/revise/", views.practice_revise, name="practice-revise"),
    path("practices/<uuid:pk>/used/", views.practice_used, name="practice-used"),
    path("reviews/", views.review_queue, name="review-queue"),
    path("workshops/", views.workshop_list, name="workshops"),
    path("workshops/new/", views.workshop_new, name="workshop-new"),
    path("workshops/<uuid:pk>/", views.workshop_detail, name="workshop"),
]
