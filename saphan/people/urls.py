from django.urls import path

from . import views, views_profile, views_same

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
    # Same person: merge two records (and undo), the batch linkage's review queue.
    path("merge/", views_same.merge_start, name="merge"),
    path("merge/compare/", views_same.merge_compare, name="merge_compare"),
    path("merges/", views_same.merge_list, name="merges"),
    path("merges/<uuid:merge_id>/", views_same.merge_detail, name="merge_detail"),
    path("merges/<uuid:merge_id>/undo/", views_same.merge_undo, name="merge_undo"),
    path("duplicates/", views_same.link_queue, name="linkage"),
    path("duplicates/<uuid:pair_id>/", views_same.link_pair, name="link_pair"),
    path(
        "duplicates/<uuid:pair_id>/dismiss/",
        views_same.link_pair_dismiss,
        name="link_pair_dismiss",
    ),
    path("areas/", views_profile.address_fields, name="address_fields"),
    path("<uuid:person_id>/", views_profile.profile, name="profile"),
    path("<uuid:person_id>/edit/", views_profile.profile_edit, name="profile_edit"),
    path("<uuid:person_id>/photo/", views_profile.photo_edit, name="photo_edit"),
    path("<uuid:person_id>/photo/file/", views_profile.photo_file, name="photo_file"),
    path("<uuid:person_id>/<slug:kind>/add/", views_profile.item_edit, name="item_add"),
    path("<uuid:person_id>/<slug:kind>/<uuid:item_id>/", views_profile.item_edit, name="item_edit"),
]
